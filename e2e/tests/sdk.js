'use strict';
// The backend SDK's remaining methods (tokens without a passkey, magic links,
// aliases) and how it surfaces our errors: ApiException.details must be our
// problem document, which the SDK keeps only for an exact
// "application/problem+json" content type (clients.md §3.3).
const assert = require('node:assert/strict');
const crypto = require('node:crypto');
const { describe, it } = require('node:test');
const {
  ApiException, GenerateAuthenticationTokenRequest, PasswordlessClient, RegisterOptions, SendMagicLinkRequest,
} = require('@passwordlessdev/passwordless-nodejs');
const { verifyOrExplain, rawRequest, withoutTraceId } = require('../harness/http');
const { findMagicLink } = require('../harness/outbox');

const timeout = 30_000;

/** Asserts that an SDK call rejected with an ApiException carrying errorCode; returns its details. */
async function rejectsWithProblem(call, status, errorCode) {
  let details;
  await assert.rejects(call, (err) => {
    assert.ok(err instanceof ApiException, `not an ApiException: ${err}`);
    details = err.details;
    return true;
  });
  assert.equal(details.errorCode, errorCode, JSON.stringify(details));
  assert.equal(details.status, status, JSON.stringify(details));
  assert.ok(details.title, 'problem without a title');
  return details;
}

/** Seconds from now until an ISO timestamp. */
const secondsUntil = (iso) => (Date.parse(iso) - Date.now()) / 1000;

function define(env) {
  describe('Node SDK methods without a browser', () => {
    const userId = `sdk-${crypto.randomBytes(4).toString('hex')}`;

    it('generateAuthenticationToken issues a token verifyToken reads as generated_signin with its TTL', { timeout }, async () => {
      const res = await env.sdk.generateAuthenticationToken(new GenerateAuthenticationTokenRequest(userId, 300));
      assert.match(res?.token ?? '', /^verify_/, `generateAuthenticationToken returned ${JSON.stringify(res)}`);
      const verified = await verifyOrExplain(env, res.token);
      assert.equal(verified.type, 'generated_signin');
      assert.equal(verified.userId, userId);
      assert.equal(verified.success, true);
      const ttl = secondsUntil(verified.expiresAt);
      assert.ok(ttl > 280 && ttl <= 301, `expiresAt ${verified.expiresAt} is not ~300 s away`);
    });

    it('sendMagicLink mails a link to the admin whose token verifies as magic_link', { timeout }, async () => {
      const prefix = `${env.pageServer.origin}/magic?token=`;
      const request = new SendMagicLinkRequest(env.app.adminEmail, `${prefix}$TOKEN`, userId, 600);
      const res = await env.sdk.sendMagicLink(request);
      assert.equal(res.status, 204);
      const found = findMagicLink(env.workDir, prefix);
      assert.ok(found, `no mail containing ${prefix}verify_… under the server's data dir`);
      const verified = await verifyOrExplain(env, found.token);
      assert.equal(verified.type, 'magic_link');
      assert.equal(verified.userId, userId);
    });

    it('setAliases stores plaintext aliases listAliases returns, and [] clears them', { timeout }, async () => {
      const aliases = [`one-${userId}@example.com`, `two-${userId}@example.com`];
      assert.equal((await env.sdk.setAliases({ userId, aliases, hashing: false })).status, 204);
      const listed = await env.sdk.listAliases(userId);
      assert.deepEqual(listed.map((a) => a.plaintext).sort(), aliases);
      assert.ok(listed.every((a) => a.userId === userId), JSON.stringify(listed));
      assert.equal((await env.sdk.setAliases({ userId, aliases: [], hashing: false })).status, 204);
      assert.deepEqual(await env.sdk.listAliases(userId), []);
    });
  });

  describe('Node SDK error surfacing', () => {
    it('createRegisterToken without a userId throws ApiException with missing_userid', { timeout }, async () => {
      const options = Object.assign(new RegisterOptions(), { username: 'nobody' });
      const details = await rejectsWithProblem(() => env.sdk.createRegisterToken(options), 400, 'missing_userid');
      assert.ok(details.errors && 'userId' in details.errors, `no validation errors for userId: ${JSON.stringify(details)}`);
    });

    defineBadSecret(env);
  });
}

/** Every SDK call with a wrong secret: an ApiException holding our invalid_api_secret problem. */
function defineBadSecret(env) {
  const badSecret = () => `${env.app.appId}:secret:${'0'.repeat(32)}`;
  const bad = () => new PasswordlessClient(badSecret(), { baseUrl: env.server.internalUrl });
  // Each SDK call, and the same request sent raw, to compare with what the SDK surfaced.
  const calls = [
    ['createRegisterToken', (c) => c.createRegisterToken(Object.assign(new RegisterOptions(), { userId: 'u', username: 'u' })),
      { path: '/register/token', body: { userId: 'u', username: 'u' } }],
    ['setAliases', (c) => c.setAliases({ userId: 'u', aliases: ['a@example.com'], hashing: false }),
      { path: '/alias', body: { userId: 'u', aliases: ['a@example.com'], hashing: false } }],
    ['listAliases', (c) => c.listAliases('u'), { method: 'GET', path: '/alias/list?userid=u' }],
    ['listCredentials', (c) => c.listCredentials('u'), { method: 'GET', path: '/credentials/list?userid=u' }],
    ['deleteCredential', (c) => c.deleteCredential(new Uint8Array([1, 2, 3])),
      { path: '/credentials/delete', body: { credentialId: 'AQID' } }],
    ['deleteUser', (c) => c.deleteUser('u'), { path: '/users/delete', body: { userId: 'u' } }],
    ['sendMagicLink', (c) => c.sendMagicLink(new SendMagicLinkRequest('a@example.com', 'http://localhost/m?t=$TOKEN', 'u')),
      { path: '/magic-links/send', body: { emailAddress: 'a@example.com', urlTemplate: 'http://localhost/m?t=$TOKEN', userId: 'u' } }],
  ];
  for (const [method, call, request] of calls) {
    it(`${method} with a bad secret throws ApiException whose details are the server's invalid_api_secret problem`, { timeout }, async () => {
      const details = await rejectsWithProblem(() => call(bad()), 401, 'invalid_api_secret');
      const raw = await rawRequest(env.server, { ...request, headers: { ApiSecret: badSecret() } });
      assert.equal(raw.contentType, 'application/problem+json');
      assert.deepEqual(withoutTraceId(details), withoutTraceId(raw.json));
    });
  }

  it('verifyToken and generateAuthenticationToken with a bad secret return null (the SDK swallows errors)', { timeout }, async () => {
    const good = await env.sdk.generateAuthenticationToken(new GenerateAuthenticationTokenRequest('u'));
    assert.match(good?.token ?? '', /^verify_/, 'precondition: the real secret gets a token');
    assert.equal(await bad().verifyToken(good.token), null);
    assert.equal(await bad().generateAuthenticationToken(new GenerateAuthenticationTokenRequest('u')), null);
  });
}

module.exports = { define };
