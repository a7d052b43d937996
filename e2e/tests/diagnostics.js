'use strict';
// Passkey intelligence in a real browser: a real NotAllowedError (the virtual
// authenticator holds no matching credential) reported through the helper at
// /diagnostics/client.js and classified, tied to the user through the session
// the backend passes on (a NotAllowedError may be a cancel, so it offers no
// new passkey); a deleted credential answers the signalUnknownCredential
// payload.
const assert = require('node:assert/strict');
const crypto = require('node:crypto');
const fs = require('node:fs');
const path = require('node:path');
const { describe } = require('node:test');
const { RegisterOptions } = require('@passwordlessdev/passwordless-nodejs');
const { chain } = require('../harness/steps');
const { callClient } = require('../harness/browser');
const { rawRequest } = require('../harness/http');
const { repoRoot } = require('../harness/server');

/**
 * Runs a method of a stock client the diagnostics helper watches, then reports its error. The page's
 * globals must be untouched by the helper.
 */
function callReporting(page, config, ceremony, method, ...args) {
  return page.evaluate(async ({ config, ceremony, method, args }) => {
    const globals = [window.fetch, navigator.credentials.get, navigator.credentials.create];
    const helper = await import(`${config.apiUrl}/diagnostics/client.js`);
    helper.install(config);
    const client = helper.watch(new window.Passwordless.Client(config));
    const result = await client[method](...args);
    const attempt = result.error && result.error.attempt;
    const classification = result.error ? await helper.report(ceremony, result.error) : null;
    const signalled = result.error && result.error.signal ? await helper.applySignal(result.error.signal) : null;
    const untouched = [window.fetch, navigator.credentials.get, navigator.credentials.create].every((f, i) => f === globals[i]);
    return { result, classification, signalled, attempt, untouched, session: helper.lastSession(ceremony), userAgent: navigator.userAgent };
  }, { config, ceremony, method, args });
}

function define(env) {
  describe('passkey intelligence (diagnostics helper, prompt, signals)', () => {
    const step = chain();
    const tag = crypto.randomBytes(4).toString('hex');
    const register = async (userId) => {
      const options = Object.assign(new RegisterOptions(), { userId, username: `${userId}@example.com` });
      const { token } = await env.sdk.createRegisterToken(options);
      const res = await callClient(env.browser.page, env.clientConfig, 'register', token, 'e2e');
      assert.match(res.token || '', /^verify_/, JSON.stringify(res));
    };

    step('a sign-in on a device without the passkey is a real NotAllowedError, reported and classified', async () => {
      const user = `lost-${tag}`;
      await env.browser.authenticator.clear();
      await register(user);
      await env.browser.authenticator.clear(); // the device lost its passkey; the server still has it
      const { result, classification, session, attempt, untouched, userAgent } = await callReporting(env.browser.page, env.clientConfig, 'signin', 'signinWithId', user);
      assert.equal(result.error?.from, 'client', JSON.stringify(result));
      assert.equal(result.error.errorCode, 'unknown'); // all the stock client says
      assert.ok(untouched, 'client.js replaced window.fetch or navigator.credentials');
      assert.ok(classification, 'the report was not answered');
      // Sent as the stock client returned it: Chromium's message names the NotAllowedError.
      assert.equal(classification.errorCode, 'passkey_not_allowed', JSON.stringify(classification));
      assert.equal(classification.severity, 'expected');
      assert.equal(classification.action, 'fallback');
      assert.equal(classification.source.errorCode, 'unknown');
      assert.equal(classification.source.platform, 'web');
      assert.equal(attempt?.superseded, false, JSON.stringify(attempt));
      assert.equal(attempt.session, session, 'the report did not carry the failed attempt\'s own session');

      // The report carried the ceremony's session and reportNonce; the backend passes the session
      // on after a password sign-in. NotAllowedError is cancel-or-no-passkey: it never heals.
      assert.match(session, /^session_/);
      const prompt = await rawRequest(env.server, {
        path: '/users/passkey-prompt', headers: { ApiSecret: env.app.apiSecret1 },
        body: { userId: user, signedInWith: 'password', session, userAgent },
      });
      assert.equal(prompt.status, 200, prompt.text);
      assert.deepEqual(prompt.json, { offer: false, reason: 'has_passkey' });

      // The funnel counts the begun sign-in and the reported failure.
      const summary = await rawRequest(env.server, {
        method: 'GET', path: '/diagnostics/failures/summary', headers: { ApiSecret: env.app.apiSecret1 },
      });
      assert.equal(summary.status, 200, summary.text);
      const signin = summary.json.find((row) => row.ceremony === 'signin');
      assert.ok(signin && signin.begun >= 1, summary.text);
      assert.ok(signin.failures.some((f) => f.errorCode === 'passkey_not_allowed' && f.platform === 'web' && f.count >= 1 && f.clients >= 1), summary.text);
    }, { timeout: 90_000 });

    step('a passkey deleted on the server yields the signalUnknownCredential payload', async () => {
      const user = `deleted-${tag}`;
      await env.browser.authenticator.clear();
      await register(user);
      const [cred] = await env.sdk.listCredentials(user);
      assert.ok(cred, 'no credential listed');
      const held = await env.browser.authenticator.credentials();
      const heldId = Buffer.from(held[0].credentialId, 'base64');
      assert.equal((await env.sdk.deleteCredential(new Uint8Array(heldId))).status, 204);

      const { result, classification, signalled } = await callReporting(env.browser.page, env.clientConfig, 'signin', 'signinWithDiscoverable');
      assert.equal(result.error?.errorCode, 'unknown_credential', JSON.stringify(result));
      assert.deepEqual(result.error.signal, {
        method: 'signalUnknownCredential',
        options: { rpId: 'localhost', credentialId: heldId.toString('base64url') },
      });
      assert.equal(classification.errorCode, 'unknown_credential');
      assert.equal(classification.action, 'offer_new_passkey');
      assert.equal(typeof signalled, 'boolean'); // true where Chromium has the Signal API
    });

    step('the versioned client.js URL and integrity the docs give load in the browser; a wrong integrity is refused', async () => {
      const doc = fs.readFileSync(path.join(repoRoot, 'docs', 'diagnostics.md'), 'utf8');
      const url = doc.match(/\/diagnostics\/client\.[0-9a-f]{12}\.js/)?.[0];
      const integrity = doc.match(/sha384-[A-Za-z0-9+/]{64}/)?.[0];
      assert.ok(url && integrity, 'docs/diagnostics.md gives no versioned URL with its integrity');
      // The module map is keyed by URL: each load gets its own.
      const load = (integrity, query = '') => env.browser.page.evaluate(({ src, integrity }) => new Promise((resolve) => {
        const script = Object.assign(document.createElement('script'), { type: 'module', src, integrity, crossOrigin: 'anonymous' });
        script.onload = () => resolve('loaded');
        script.onerror = () => resolve('refused');
        document.head.append(script);
      }), { src: `${env.clientConfig.apiUrl}${url}${query}`, integrity });
      assert.equal(await load(integrity), 'loaded');
      assert.equal(await load(`sha384-${Buffer.alloc(48).toString('base64')}`, '?other'), 'refused');
    });
  });
}

module.exports = { define };
