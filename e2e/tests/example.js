'use strict';
// The integration guide's example app (examples/webapp, docs/integrate.md),
// run as the guide says: its own backend against the test server, its page in
// Chromium with a virtual authenticator. It registers, reports a real failure
// through the server's client.js, signs in from the autofill and by alias, and
// the backend must have verified each sign-in. The guide's snippets must be
// the console's, so neither can drift from what is tested here.
const assert = require('node:assert/strict');
const fs = require('node:fs');
const path = require('node:path');
const { spawn } = require('node:child_process');
const { describe, after } = require('node:test');
const { chain } = require('../harness/steps');
const { rawRequest } = require('../harness/http');
const { repoRoot } = require('../harness/server');

const exampleDir = path.join(repoRoot, 'examples', 'webapp');
const e2eModules = path.resolve(__dirname, '..', 'node_modules');

/**
 * Starts the example's backend the way the guide does (npm start = node
 * server.js, configuration from the environment) on a free port. Its
 * dependencies are the suite's own installation (NODE_PATH), which the first
 * step checks are the versions the example pins. Returns {origin, log, stop()}.
 */
function startExample(env) {
  const child = spawn(process.execPath, ['server.js'], {
    cwd: exampleDir,
    env: {
      PATH: process.env.PATH,
      NODE_PATH: e2eModules,
      PORT: '0',
      PASSWORDLESS_API_URL: env.server.url,
      PASSWORDLESS_API_KEY: env.app.apiKey1,
      PASSWORDLESS_API_SECRET: env.app.apiSecret1,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const example = { log: '', stop: () => { child.kill('SIGTERM'); } };
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`the example did not start:\n${example.log}`)), 15_000);
    const collect = (chunk) => {
      example.log += chunk.toString();
      const m = example.log.match(/listening on (http:\/\/localhost:\d+)/);
      if (m && !example.origin) {
        example.origin = m[1];
        clearTimeout(timer);
        resolve(example);
      }
    };
    child.stdout.on('data', collect);
    child.stderr.on('data', collect);
    child.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`the example exited (${code}):\n${example.log}`));
    });
  });
}

/** A page of the suite's browser with a virtual authenticator of its own (empty, presence off). */
async function openPage(env) {
  const context = env.browser.page.context();
  const page = await context.newPage();
  page.on('console', (msg) => env.browser.consoleLog.push(`[example ${msg.type()}] ${msg.text()}`));
  page.on('pageerror', (err) => env.browser.consoleLog.push(`[example pageerror] ${err.message}`));
  const cdp = await context.newCDPSession(page);
  await cdp.send('WebAuthn.enable', { enableUI: false });
  const { authenticatorId } = await cdp.send('WebAuthn.addVirtualAuthenticator', {
    options: {
      protocol: 'ctap2', transport: 'internal', hasResidentKey: true, hasUserVerification: true,
      isUserVerified: true, automaticPresenceSimulation: false,
    },
  });
  const authenticator = {
    credentials: async () => (await cdp.send('WebAuthn.getCredentials', { authenticatorId })).credentials,
    // Off, the autofill's conditional request stays pending; on, it picks the passkey as a user would.
    setPresence: (enabled) => cdp.send('WebAuthn.setAutomaticPresenceSimulation', { authenticatorId, enabled }),
  };
  return { page, authenticator };
}

/** The code of a console snippet (console/templates/partials.html) as the get-started page shows it for "myapp". */
function consoleSnippet(id) {
  const template = fs.readFileSync(path.join(repoRoot, 'console', 'templates', 'partials.html'), 'utf8');
  const m = template.match(new RegExp(`<code id="${id}">([\\s\\S]*?)</code>`));
  assert.ok(m, `no <code id="${id}"> in console/templates/partials.html`);
  return m[1]
    .replaceAll('{{$secret}}', 'process.env.PASSWORDLESS_API_SECRET')
    .replaceAll('{{.APIURL}}', 'http://localhost:8080')
    .replaceAll('{{.PublicKey}}', 'myapp:public:…')
    .replaceAll('&lt;', '<').replaceAll('&gt;', '>').replaceAll('&#39;', "'").replaceAll('&quot;', '"')
    .replaceAll('&amp;', '&');
}

/** The application's failure funnel (GET /diagnostics/failures/summary, which flushes the counters first). */
async function failureSummary(env) {
  const summary = await rawRequest(env.server, {
    method: 'GET', path: '/diagnostics/failures/summary', headers: { ApiSecret: env.app.apiSecret1 },
  });
  assert.equal(summary.status, 200, summary.text);
  return summary.json;
}

/** Sign-in failures reported for the application so far. */
async function signinFailures(env) {
  return (await failureSummary(env)).filter((row) => row.ceremony === 'signin').reduce((n, row) => n + row.failed, 0);
}

/** What the example's backend says about the page's session (GET /api/me with its cookie). */
function me(page) {
  return page.evaluate(() => fetch('/api/me').then((r) => (r.ok ? r.json() : null)));
}

function define(env) {
  describe('the integration guide\'s example app (examples/webapp)', () => {
    const step = chain();
    const username = `guide-${Date.now().toString(36)}@example.com`;
    let example;
    let page;
    let authenticator;
    const state = {};
    after(async () => {
      if (page) await page.close().catch(() => {});
      if (example) example.stop();
    });

    step('docs/integrate.md quotes the console\'s snippets; the example pins the tested client versions', async () => {
      const guide = fs.readFileSync(path.join(repoRoot, 'docs', 'integrate.md'), 'utf8');
      for (const id of ['snippet-node', 'snippet-browser']) {
        assert.ok(guide.includes(consoleSnippet(id)), `docs/integrate.md does not quote the console's ${id}:\n${consoleSnippet(id)}`);
      }
      const pinned = JSON.parse(fs.readFileSync(path.join(exampleDir, 'package.json'), 'utf8')).dependencies;
      const tested = JSON.parse(fs.readFileSync(path.join(__dirname, '..', 'package.json'), 'utf8')).devDependencies;
      for (const [name, version] of Object.entries(pinned)) {
        assert.equal(version, tested[name], `examples/webapp pins ${name} ${version}, the suite tests ${tested[name]}`);
      }
    });

    step('the example starts from its environment and serves its page', async () => {
      example = await startExample(env);
      ({ page, authenticator } = await openPage(env));
      await page.goto(`${example.origin}/`);
      await page.waitForSelector('body[data-ready="true"]', { timeout: 10_000 });
      assert.equal(await page.isVisible('#signed-out'), true);
      // Signed out, the page has a conditional (autofill) sign-in waiting.
      await page.waitForSelector('body[data-autofill="pending"]', { timeout: 10_000 });
      state.signinFailures = await signinFailures(env);
    });

    step('"Create an account" registers a passkey, and the backend verifies it and signs the user in', async () => {
      await page.fill('#username', username);
      await authenticator.setPresence(true);
      await page.click('#create');
      await page.waitForSelector('#signed-in:not([hidden])', { timeout: 20_000 });
      const held = await authenticator.credentials();
      assert.equal(held.length, 1, `the authenticator holds ${held.length} passkeys`);
      assert.equal(held[0].rpId, 'localhost');
      const session = await me(page);
      assert.ok(session, `the backend has no session:\n${example.log}`);
      assert.equal(session.username, username);
      assert.equal(session.tokenType, 'passkey_register');
      assert.equal(Buffer.from(held[0].userHandle, 'base64').toString('utf8'), session.userId);
      state.userId = session.userId;
      assert.match(await page.textContent('#who'), new RegExp(`Signed in as ${username.replace(/\./g, '\\.')}`));
    });

    step('a failed ceremony is reported through client.js and the page shows the server\'s classification', async () => {
      // A second passkey on the same device: excludeCredentials makes Chromium refuse it (InvalidStateError).
      await page.click('#add-passkey');
      await page.waitForSelector('#message[data-error-code]', { timeout: 20_000 });
      assert.equal(await page.getAttribute('#message', 'data-error-code'), 'passkey_already_registered');
      assert.ok((await page.textContent('#message')).length > 10, 'no sentence for the user');
      assert.equal((await authenticator.credentials()).length, 1);
      // The server counted the report for the application.
      const found = (await failureSummary(env)).some((row) => row.ceremony === 'register' && row.failures.some(
        (f) => f.errorCode === 'passkey_already_registered' && f.platform === 'web'));
      assert.ok(found, 'the failure summary has no passkey_already_registered register failure from the web');
    });

    step('after signing out, the username field\'s autofill signs the user in, verified by the backend', async () => {
      const before = (await authenticator.credentials())[0].signCount;
      await page.click('#signout'); // presence is on: the pending autofill request picks the passkey
      await page.waitForSelector('#who[data-via="autofill"]', { timeout: 20_000 });
      const session = await me(page);
      assert.equal(session?.userId, state.userId, JSON.stringify(session));
      assert.equal(session.tokenType, 'passkey_signin');
      assert.ok((await authenticator.credentials())[0].signCount > before, 'the authenticator did not sign');
    });

    step('"Sign in with a passkey" by username aborts the autofill and signs in, verified by the backend', async () => {
      await authenticator.setPresence(false); // the autofill request stays pending this time
      await page.click('#signout');
      await page.waitForSelector('body[data-autofill="pending"]', { timeout: 10_000 });
      assert.equal(await me(page), null, 'still signed in after signing out');
      await page.fill('#username', username);
      await authenticator.setPresence(true);
      await page.click('#signin');
      await page.waitForSelector('#who[data-via="alias"]', { timeout: 20_000 });
      const session = await me(page);
      assert.equal(session?.userId, state.userId, JSON.stringify(session));
      assert.equal(session.tokenType, 'passkey_signin');
      // The page aborted the waiting autofill twice (to register, to sign in by username):
      // neither is a failure to report.
      await new Promise((r) => setTimeout(r, 500)); // a report sent late would still be on its way
      assert.equal(await signinFailures(env), state.signinFailures, 'an aborted autofill was reported as a sign-in failure');
    });

    step('the backend signs nobody in on a token it cannot verify', async () => {
      const res = await fetch(`${example.origin.replace('localhost', '127.0.0.1')}/api/signin`, {
        method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ token: 'verify_forged' }),
      });
      assert.equal(res.status, 401);
      assert.equal(res.headers.get('set-cookie'), null);
    });
  });
}

module.exports = { define };
