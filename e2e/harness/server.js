'use strict';
// Builds the project's own binary and runs it the way an operator would:
// configuration from the environment only (DESIGN.md §4), a fresh data dir,
// loopback only. The log is kept so a failing step can show what the server saw.
const fs = require('node:fs');
const path = require('node:path');
const crypto = require('node:crypto');
const { spawn, execFile } = require('node:child_process');
const { promisify } = require('node:util');
const { freePort } = require('./ports');
const { freshDatabase } = require('./database');

const repoRoot = path.resolve(__dirname, '..', '..');
const runFile = promisify(execFile);

/** go build ./cmd/passwordless into dir; rejects with the compiler output. */
async function buildServer(dir) {
  const bin = path.join(dir, 'passwordless');
  if (process.env.E2E_SERVER_BIN) { // a binary built already (.ci/run: the release build)
    fs.copyFileSync(process.env.E2E_SERVER_BIN, bin);
    fs.chmodSync(bin, 0o755);
    return bin;
  }
  try {
    await runFile('go', ['build', '-o', bin, './cmd/passwordless'], {
      cwd: repoRoot, timeout: 240_000, maxBuffer: 16 << 20,
    });
  } catch (err) {
    throw new Error(`go build ./cmd/passwordless failed:\n${err.stderr || err.message}`);
  }
  return bin;
}

/**
 * Polls GET /health/storage, the readiness probe, until it answers 200 or
 * the process dies (/health/http answers as soon as the server listens,
 * before it has migrated and connected).
 */
async function waitHealthy(server, timeoutMs) {
  const deadline = Date.now() + timeoutMs;
  let last = 'no answer';
  while (Date.now() < deadline) {
    if (server.exited) {
      throw new Error(`server exited (${server.exited}) before it was healthy:\n${server.logTail()}`);
    }
    try {
      const res = await fetch(`${server.internalUrl}/health/storage`);
      const body = await res.text();
      if (res.status === 200) return;
      last = `${res.status} ${JSON.stringify(body.slice(0, 200))}`;
    } catch (err) {
      last = err.cause ? err.cause.code || String(err.cause) : err.message;
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`GET /health/storage never answered 200 (last: ${last}):\n${server.logTail()}`);
}

/**
 * Starts the binary with a fresh database. Returns the server handle:
 * {url (for browsers: http://localhost:PORT), internalUrl (for Node: 127.0.0.1),
 *  managementKey, dataDir, database, log, logTail(), stop(), kill(), crashAndRestart()}.
 * Several instances of one deployment pass the shared database (not dropped
 * by stop), managementKey, port, publicUrl and extraEnv (TOKEN_SECRET …).
 */
async function startServer({ bin, workDir, name = 'data', database: shared, managementKey: key, port: fixedPort, publicUrl, extraEnv = {} }) {
  const port = fixedPort || await freePort();
  const dataDir = path.join(workDir, name);
  fs.mkdirSync(dataDir, { recursive: true });
  const database = shared ? { ...shared, drop: async () => {} } : await freshDatabase(dataDir);
  const managementKey = key || `e2e_${crypto.randomBytes(24).toString('hex')}`;
  const url = publicUrl || `http://localhost:${port}`;
  const env = {
    PATH: process.env.PATH,
    HOME: process.env.HOME || workDir,
    LISTEN_ADDR: `127.0.0.1:${port}`,
    DATABASE_URL: database.url,
    DATA_DIR: dataDir,
    MANAGEMENT_KEY: managementKey,
    PUBLIC_URL: url,
    // Webhook receivers of the suite listen on 127.0.0.1 over http.
    WEBHOOKS_ALLOW_PRIVATE: '1',
    // extraEnv comes last so that a caller's own REDIS_URL (the load
    // balancer's fleet uses a database of its own) wins over the suite's.
    ...(process.env.TEST_REDIS_URL ? { REDIS_URL: process.env.TEST_REDIS_URL } : {}),
    ...extraEnv,
  };

  const server = {
    url, internalUrl: `http://127.0.0.1:${port}`, managementKey, dataDir, database,
    redis: Boolean(env.REDIS_URL), log: '', exited: null,
    logTail: (n = 40) => server.log.split('\n').slice(-n).join('\n'),
  };
  let child;
  let exited;
  const launch = () => {
    server.exited = null;
    child = spawn(bin, ['serve'], { cwd: workDir, env, stdio: ['ignore', 'pipe', 'pipe'] });
    const collect = (chunk) => { server.log += chunk.toString(); };
    child.stdout.on('data', collect);
    child.stderr.on('data', collect);
    exited = new Promise((resolve) => child.on('exit', (code, signal) => {
      server.exited = signal || `code ${code}`;
      resolve();
    }));
  };
  launch();
  server.kill = async () => {
    child.kill('SIGKILL');
    await exited;
  };
  server.stop = async () => {
    if (!server.exited) {
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
      await exited;
      clearTimeout(timer);
    }
    await database.drop();
  };
  /** kill -9 (nothing flushed, nothing closed), then the same binary on the same database. */
  server.crashAndRestart = async () => {
    await server.kill();
    launch();
    await waitHealthy(server, 30_000);
  };
  try {
    await waitHealthy(server, 30_000);
  } catch (err) {
    await server.stop().catch(() => {});
    throw err;
  }
  return server;
}

module.exports = { buildServer, startServer, repoRoot };
