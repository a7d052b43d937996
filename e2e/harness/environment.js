'use strict';
// Everything a run needs, brought up in dependency order and torn down in
// reverse: binary → server + fresh database → application (management API) →
// test page → Chromium with a virtual authenticator → Node SDK clients; the
// server's mail goes over SMTP to the suite's capture (harness/smtp.js).
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { PasswordlessClient } = require('@passwordlessdev/passwordless-nodejs');
const { buildServer, startServer } = require('./server');
const { createApp } = require('./apps');
const { startPageServer } = require('./page');
const { openBrowser } = require('./browser');
const { startSMTPCapture } = require('./smtp');
const { freshRedis } = require('./redis');

const resultsDir = path.resolve(__dirname, '..', 'test-results');

/** Runs fn, labelling any failure with the set-up step it came from. */
async function stage(name, fn) {
  const started = Date.now();
  try {
    const value = await fn();
    process.stderr.write(`e2e setup: ${name} (${Date.now() - started} ms)\n`);
    return value;
  } catch (err) {
    err.message = `set-up step "${name}" failed: ${err.message}`;
    throw err;
  }
}

/** Fills env (an object the test files already hold) with the running environment. */
async function setup(env) {
  env.workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'pwl-e2e-'));
  const bin = await stage('go build ./cmd/passwordless', () => buildServer(env.workDir));
  // Mail goes over real SMTP to the suite's capture, which files it under
  // the server's data dir, where the tests look for links.
  env.smtp = await stage('start SMTP capture', () => startSMTPCapture(path.join(env.workDir, 'data', 'smtp-capture')));
  const extraEnv = { SMTP_URL: env.smtp.url };
  if (process.env.TEST_REDIS_URL) extraEnv.REDIS_URL = await stage('empty the suite\'s Redis database', () => freshRedis(process.env.TEST_REDIS_URL));
  env.server = await stage('start server', () => startServer({ bin, workDir: env.workDir, extraEnv }));
  process.stderr.write(`e2e setup: database ${env.server.database.kind}, redis ${env.server.redis ? 'on' : 'off'}\n`);
  env.app = await stage('create application', () => createApp(env.server));
  env.pageServer = await stage('start test page', () => startPageServer());
  env.browser = await stage('launch Chromium', () => openBrowser(env.pageServer.origin));
  env.clientConfig = { apiUrl: env.server.url, apiKey: env.app.apiKey1 };
  env.sdk = new PasswordlessClient(env.app.apiSecret1, { baseUrl: env.server.internalUrl });
}

/** Stops whatever setup started and keeps the logs under e2e/test-results/. */
async function teardown(env) {
  fs.mkdirSync(resultsDir, { recursive: true });
  if (env.browser) {
    fs.writeFileSync(path.join(resultsDir, 'browser-console.log'), env.browser.consoleLog.join('\n') + '\n');
    await env.browser.close();
  }
  if (env.pageServer) await env.pageServer.close();
  if (env.server) {
    await env.server.stop();
    fs.writeFileSync(path.join(resultsDir, 'server.log'), env.server.log);
  }
  if (env.smtp) await env.smtp.close();
  if (env.workDir) fs.rmSync(env.workDir, { recursive: true, force: true });
}

module.exports = { setup, teardown, resultsDir };
