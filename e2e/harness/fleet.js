'use strict';
// A deployment of several instances: one PostgreSQL database, one Redis, the
// same TOKEN_SECRET and MANAGEMENT_KEY, HAProxy in front (README, Deployment).
// Ports: E2E_LB_PORT (default 21040, below the ephemeral port range) for HAProxy, the next ones for instances.
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const crypto = require('node:crypto');
const { PasswordlessClient } = require('@passwordlessdev/passwordless-nodejs');
const { buildServer, startServer } = require('./server');
const { freshDatabase } = require('./database');
const { startHAProxy } = require('./haproxy');
const { createApp } = require('./apps');
const { startPageServer } = require('./page');
const { openBrowser } = require('./browser');
const { resultsDir } = require('./environment');

/** The per-address limit the fleet runs with, small enough to exhaust in a test. */
const ipLimitPerMinute = 40;

/** Why the scenario cannot run here, or null when it can. */
function missingPrerequisite() {
  if (!process.env.TEST_DATABASE_URL) return 'TEST_DATABASE_URL is not set (instances share one PostgreSQL)';
  if (!process.env.TEST_REDIS_URL) return 'TEST_REDIS_URL is not set (instances share one Redis)';
  if (!fs.existsSync(process.env.HAPROXY_PATH || '/usr/sbin/haproxy')) return 'haproxy is not installed';
  return null;
}

/**
 * The fleet's Redis: TEST_REDIS_URL's server in a database of its own (a
 * single node), so the per-address rate-limit counters of 127.0.0.1 that
 * the main suite's servers filled in the same minute do not count against
 * the fleet's limit of 40. A Cluster URL (one database only) is kept.
 */
function ownRedisDatabase(url) {
  const u = new URL(url);
  if (u.searchParams.has('addr')) return url;
  u.pathname = '/7';
  return u.toString();
}

/** Starts count instances and HAProxy; fills fleet {instances, lb, app, browser, sdk, …}. */
async function startFleet(fleet, count = 3) {
  const base = Number(process.env.E2E_LB_PORT || 21040);
  fleet.workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'pwl-e2e-lb-'));
  const bin = await buildServer(fleet.workDir);
  fleet.database = await freshDatabase(fleet.workDir);
  const shared = {
    bin, workDir: fleet.workDir, database: fleet.database, publicUrl: `http://localhost:${base}`,
    managementKey: `e2e_${crypto.randomBytes(24).toString('hex')}`,
    extraEnv: {
      TOKEN_SECRET: crypto.randomBytes(32).toString('hex'),
      REDIS_URL: ownRedisDatabase(process.env.TEST_REDIS_URL),
      TRUSTED_PROXIES: '127.0.0.1',
      RATE_LIMIT_APP_PER_MINUTE: '0',
      RATE_LIMIT_APP_PUBLIC_PER_MINUTE: '0',
      RATE_LIMIT_IP_PER_MINUTE: String(ipLimitPerMinute),
      // The scenario checks that the shared counter is exact, not how the
      // limiter fails open: on a loaded CI machine a Redis round trip past
      // the default 250 ms would let requests through unchecked.
      RATE_LIMIT_STORE_TIMEOUT: '3s',
    },
  };
  fleet.instances = [];
  for (let i = 1; i <= count; i++) { // one at a time: the first one migrates
    const server = await startServer({ ...shared, name: `i${i}`, port: base + i });
    fleet.instances.push({ ...server, name: `i${i}`, port: base + i });
  }
  fleet.lb = await startHAProxy({ workDir: fleet.workDir, port: base, instances: fleet.instances });
  fleet.lb.managementKey = shared.managementKey;
  fleet.app = await createApp(fleet.lb);
  fleet.pageServer = await startPageServer();
  fleet.browser = await openBrowser(fleet.pageServer.origin);
  fleet.clientConfig = { apiUrl: fleet.lb.url, apiKey: fleet.app.apiKey1 };
  fleet.sdk = new PasswordlessClient(fleet.app.apiSecret1, { baseUrl: fleet.lb.internalUrl });
}

/** Stops everything startFleet started; logs go to e2e/test-results/lb-*.log. */
async function stopFleet(fleet) {
  fs.mkdirSync(resultsDir, { recursive: true });
  if (fleet.browser) await fleet.browser.close();
  if (fleet.pageServer) await fleet.pageServer.close();
  if (fleet.lb) {
    await fleet.lb.stop();
    fs.writeFileSync(path.join(resultsDir, 'lb-haproxy.log'), fleet.lb.log);
  }
  for (const s of fleet.instances || []) {
    await s.stop();
    fs.writeFileSync(path.join(resultsDir, `lb-${s.name}.log`), s.log);
  }
  if (fleet.database) await fleet.database.drop();
  if (fleet.workDir) fs.rmSync(fleet.workDir, { recursive: true, force: true });
}

module.exports = { startFleet, stopFleet, missingPrerequisite, ipLimitPerMinute };
