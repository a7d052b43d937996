'use strict';
// The life of one passkey, driven only through the published libraries:
// backend SDK issues a register token, the browser client registers and signs
// in every way it can, the backend verifies each result, lists, deletes.
const assert = require('node:assert/strict');
const crypto = require('node:crypto');
const { describe } = require('node:test');
const { Converters, RegisterOptions } = require('@passwordlessdev/passwordless-nodejs');
const { chain } = require('../harness/steps');
const { callClient, callClientWatching } = require('../harness/browser');
const { decodeBase64Any, describeEncoding } = require('../harness/bytes');
const { verifyOrExplain } = require('../harness/http');

/** Fails with the client's error object when a client call did not return a token. */
function assertToken(result, prefix) {
  assert.equal(result.error, undefined, `client returned an error: ${JSON.stringify(result.error)}`);
  assert.match(result.token, new RegExp(`^${prefix}`), `unexpected result ${JSON.stringify(result)}`);
}

/** Ids of the allowCredentials a begin answer offered, as bytes. */
function offeredIds(beginAnswer) {
  assert.ok(beginAnswer && beginAnswer.data, `no begin answer seen: ${JSON.stringify(beginAnswer)}`);
  return (beginAnswer.data.allowCredentials || []).map((c) => decodeBase64Any(c.id));
}

/** The one credential the virtual authenticator holds for this run. */
async function heldCredential(env) {
  const held = await env.browser.authenticator.credentials();
  assert.equal(held.length, 1, `authenticator holds ${held.length} credentials`);
  return held[0];
}

/** Asserts the verified token fields every sign-in must carry. */
function assertSignin(verified, env, user, credentialId, purpose) {
  assert.equal(verified.success, true);
  assert.equal(verified.type, 'passkey_signin');
  assert.equal(verified.userId, user.id);
  assert.equal(verified.purpose, purpose);
  assert.equal(verified.origin, env.pageServer.origin);
  assert.deepEqual(Buffer.from(Converters.base64UrlToUint8Array(verified.credentialId)), credentialId);
}

function define(env) {
  describe('passkey lifecycle through the published clients', () => {
    const step = chain();
    const tag = crypto.randomBytes(4).toString('hex');
    const user = { id: `user-${tag}`, alias: `alias-${tag}@example.com`, nickname: 'e2e laptop' };
    const state = {};
    const client = (method, ...args) => callClient(env.browser.page, env.clientConfig, method, ...args);
    const watching = (method, ...args) =>
      callClientWatching(env.browser.page, env.clientConfig, '/signin/begin', method, ...args);

    step('createRegisterToken (with an alias) issues a register_ token', async () => {
      const options = new RegisterOptions();
      Object.assign(options, { userId: user.id, username: user.alias, displayName: 'E2E User', aliases: [user.alias] });
      const res = await env.sdk.createRegisterToken(options);
      assert.match(res.token, /^register_/);
      state.registerToken = res.token;
    });

    step('register creates a resident passkey for localhost and returns a verify_ token', async () => {
      const res = await client('register', state.registerToken, user.nickname);
      assertToken(res, 'verify_');
      const held = await heldCredential(env);
      assert.equal(held.isResidentCredential, true);
      assert.equal(held.rpId, 'localhost');
      assert.equal(Buffer.from(held.userHandle, 'base64').toString('utf8'), user.id);
      state.credentialId = Buffer.from(held.credentialId, 'base64');
      state.registerVerifyToken = res.token;
    });

    step('verifyToken of the registration names the user and the authenticator\'s credential', async (t) => {
      const verified = await verifyOrExplain(env, state.registerVerifyToken);
      assert.equal(verified.success, true);
      assert.equal(verified.type, 'passkey_register');
      assert.equal(verified.userId, user.id);
      assert.equal(verified.nickname, user.nickname);
      assert.equal(verified.origin, env.pageServer.origin);
      assert.equal(verified.rpId, 'localhost');
      assert.deepEqual(Buffer.from(Converters.base64UrlToUint8Array(verified.credentialId)), state.credentialId);
      t.diagnostic(`signin/verify credentialId encoding: ${describeEncoding(verified.credentialId)}`);
    });

    defineSignins(env, step, user, state, watching);
    defineLists(env, step, user, state, client, watching);
    defineDeletion(env, step, user, state, client);
  });
}

/** The five ways the browser client signs in, each checked end to end. */
function defineSignins(env, step, user, state, watching) {
  const ways = [
    { method: 'signinWithAlias', args: () => [user.alias], purpose: 'sign-in', offered: true },
    { method: 'signinWithId', args: () => [user.id], purpose: 'sign-in', offered: true },
    { method: 'signinWithDiscoverable', args: () => [], purpose: 'sign-in', offered: false },
    { method: 'signinWithAutofill', args: () => [], purpose: 'sign-in', offered: false },
    { method: 'stepup', args: () => [{ signinMethod: { userId: user.id } }], purpose: 'step-up', offered: true },
  ];
  for (const way of ways) {
    step(`${way.method} signs in and verifyToken reports passkey_signin for "${way.purpose}"`, async () => {
      const before = (await heldCredential(env)).signCount;
      const { result, answer } = await watching(way.method, ...way.args());
      assertToken(result, 'verify_');
      const offered = offeredIds(answer);
      assert.deepEqual(offered, way.offered ? [state.credentialId] : [], 'allowCredentials offered by signin/begin');
      assert.ok((await heldCredential(env)).signCount > before, 'the authenticator did not sign');
      assertSignin(await verifyOrExplain(env, result.token), env, user, state.credentialId, way.purpose);
    });
  }
}

/** Listing, the excludeCredentials guard and alias replacement. */
function defineLists(env, step, user, state, client, watching) {
  step('listCredentials returns the passkey with its id, owner, nickname and counter', async () => {
    const values = await env.sdk.listCredentials(user.id);
    assert.equal(values.length, 1, JSON.stringify(values));
    const [cred] = values;
    assert.deepEqual(decodeBase64Any(cred.descriptor.id), state.credentialId);
    assert.equal(cred.userId, user.id);
    assert.equal(decodeBase64Any(cred.userHandle).toString('utf8'), user.id);
    assert.equal(cred.nickname, user.nickname);
    assert.ok(decodeBase64Any(cred.publicKey).length > 0, 'publicKey is empty');
    assert.equal(cred.signatureCounter, (await heldCredential(env)).signCount);
  });

  step('listAliases returns the registered alias, hashed', async () => {
    const values = await env.sdk.listAliases(user.id);
    assert.equal(values.length, 1, JSON.stringify(values));
    assert.equal(values[0].userId, user.id);
    assert.ok(!values[0].plaintext, 'alias stored in plaintext although aliasHashing defaults to true');
    assert.notEqual(values[0].alias, user.alias);
  });

  step('registering again on the same authenticator is refused by excludeCredentials', async () => {
    const options = Object.assign(new RegisterOptions(), { userId: user.id, username: user.alias });
    const { token } = await env.sdk.createRegisterToken(options);
    const res = await client('register', token, 'second');
    assert.equal(res.error?.from, 'client', JSON.stringify(res));
    assert.match(res.error.title, /already registered/);
    assert.equal((await env.sdk.listCredentials(user.id)).length, 1);
  });

  step('setAliases replaces the aliases: the new one finds the passkey, the old one only a decoy', async () => {
    const fresh = `renamed-${user.id}@example.com`;
    const res = await env.sdk.setAliases({ userId: user.id, aliases: [fresh], hashing: false });
    assert.equal(res.status, 204);
    const values = await env.sdk.listAliases(user.id);
    assert.deepEqual(values.map((v) => [v.userId, v.plaintext]), [[user.id, fresh]]);
    const renamed = await watching('signinWithAlias', fresh);
    assertToken(renamed.result, 'verify_');
    assert.deepEqual(offeredIds(renamed.answer), [state.credentialId]);
    const old = await watching('signinWithAlias', user.alias);
    // An unknown alias answers the shape of a known one (one decoy id), so
    // aliases cannot be enumerated with the public key; the passkey is not it.
    const offered = offeredIds(old.answer);
    assert.equal(offered.length, 1, `an unknown alias offers ${offered.length} ids, want one decoy`);
    assert.notDeepEqual(offered[0], state.credentialId, 'the replaced alias still resolves to the passkey');
  });
}

/** Deleting the credential and then the user, as a backend would on account closure. */
function defineDeletion(env, step, user, state, client) {
  step('deleteCredential removes the passkey from the server', async () => {
    const res = await env.sdk.deleteCredential(new Uint8Array(state.credentialId));
    assert.equal(res.status, 204);
    assert.deepEqual(await env.sdk.listCredentials(user.id), []);
  });

  step('signing in with the deleted passkey fails with the server\'s unknown_credential', async () => {
    const res = await client('signinWithDiscoverable');
    assert.equal(res.error?.from, 'server', JSON.stringify(res));
    assert.equal(res.error.errorCode, 'unknown_credential');
    assert.equal(res.error.status, 400);
    assert.deepEqual(decodeBase64Any(res.error.credentialId), state.credentialId);
  });

  step('deleteUser removes the user: both lists are empty', async () => {
    assert.equal((await env.sdk.listAliases(user.id)).length, 1, 'precondition: the user still has an alias');
    const res = await env.sdk.deleteUser(user.id);
    assert.equal(res.status, 200);
    assert.deepEqual(await env.sdk.listCredentials(user.id), []);
    assert.deepEqual(await env.sdk.listAliases(user.id), []);
  });
}

module.exports = { define };
