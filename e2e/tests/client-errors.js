'use strict';
// What a customer's page sees when the server refuses: the browser client must
// receive the server's own problem document (errorCode included) across
// origins, not "Failed to fetch" (clients.md §1.3-1.4, §2.7).
const assert = require('node:assert/strict');
const { describe, it } = require('node:test');
const { RegisterOptions } = require('@passwordlessdev/passwordless-nodejs');
const { callClient } = require('../harness/browser');
const { rawRequest, withoutTraceId } = require('../harness/http');

/** A register token for a throw-away user, so key checks are not masked by token checks. */
async function validRegisterToken(env) {
  const options = Object.assign(new RegisterOptions(), { userId: 'error-paths', username: 'error-paths' });
  return (await env.sdk.createRegisterToken(options)).token;
}

function define(env) {
  describe('browser client error surfacing', () => {
    it('register with a bogus token gets the server\'s problem, unchanged, from:"server"', { timeout: 30_000 }, async () => {
      const token = 'register_bogus';
      const res = await callClient(env.browser.page, env.clientConfig, 'register', token);
      const raw = await rawRequest(env.server, {
        path: '/register/begin',
        headers: { ApiKey: env.app.apiKey1 },
        body: { token, RPID: 'localhost', Origin: env.pageServer.origin },
      });
      assert.equal(raw.status, 400, raw.text);
      assert.equal(raw.contentType, 'application/problem+json');
      assert.match(raw.json.errorCode, /^invalid_token/, raw.text);
      assert.equal(res.error?.from, 'server', JSON.stringify(res));
      const { from, ...surfaced } = res.error;
      assert.deepEqual(withoutTraceId(surfaced), withoutTraceId(raw.json));
    });

    const keyCases = [
      { name: 'a missing ApiKey', apiKey: '', errorCode: 'missing_api_key' },
      { name: 'an unknown ApiKey', apiKey: (env) => `${env.app.appId}:public:${'0'.repeat(32)}`, errorCode: 'invalid_api_key' },
    ];
    for (const c of keyCases) {
      it(`register with ${c.name} gets 401 ${c.errorCode} from:"server"`, { timeout: 30_000 }, async () => {
        const apiKey = typeof c.apiKey === 'function' ? c.apiKey(env) : c.apiKey;
        const token = await validRegisterToken(env);
        const res = await callClient(env.browser.page, { ...env.clientConfig, apiKey }, 'register', token);
        assert.equal(res.error?.from, 'server', JSON.stringify(res));
        assert.equal(res.error.status, 401);
        assert.equal(res.error.errorCode, c.errorCode);
      });
    }
  });
}

module.exports = { define };
