'use strict';
// Three instances on one PostgreSQL and one Redis behind HAProxy (round
// robin, no stickiness): the published browser client's ceremonies with
// begin and complete on different instances, the kill switch set in the
// console reaching client.js's decide() on every instance within a second,
// a key lock every instance sees within a second, rate limits and the e-mail quota exact across instances,
// and one instance killed under load failing only what was in flight on it.
// The numbers observed are printed as "e2e lb:" lines.
const assert = require('node:assert/strict');
const crypto = require('node:crypto');
const { before, after, describe } = require('node:test');
const { RegisterOptions } = require('@passwordlessdev/passwordless-nodejs');
const { chain } = require('../harness/steps');
const { callClient } = require('../harness/browser');
const { rawRequest, verifyOrExplain } = require('../harness/http');
const { startFleet, stopFleet, missingPrerequisite, ipLimitPerMinute } = require('../harness/fleet');

const skip = missingPrerequisite();
const fleet = {};
const report = (line) => process.stderr.write(`e2e lb: ${line}\n`);

/** One request through HAProxy (or straight to base); returns rawRequest's answer and servedBy. */
async function call(path, { base = fleet.lb.internalUrl, method = 'GET', headers = {}, body } = {}) {
  const res = await rawRequest({ internalUrl: base }, { method, path, headers, body });
  return { ...res, servedBy: res.headers.get('x-served-by') };
}

/** Counts how often each value occurs. */
function tally(values) {
  const out = {};
  for (const v of values) out[v] = (out[v] || 0) + 1;
  return out;
}

/** Runs the browser client's method and returns its result with the instance of each POST it made. */
async function ceremony(method, ...args) {
  const hops = [];
  const onResponse = (r) => {
    if (r.request().method() === 'POST') hops.push({ path: new URL(r.url()).pathname, by: r.headers()['x-served-by'] });
  };
  fleet.browser.page.on('response', onResponse);
  try {
    const result = await callClient(fleet.browser.page, fleet.clientConfig, method, ...args);
    return { result, hops };
  } finally {
    fleet.browser.page.off('response', onResponse);
  }
}

/** Asserts a ceremony's begin and complete were served by different instances. */
function assertSplit(name, hops, kind) {
  const begin = hops.find((h) => h.path === `/${kind}/begin`);
  const complete = hops.find((h) => h.path === `/${kind}/complete`);
  assert.ok(begin && complete, `${name}: saw ${JSON.stringify(hops)}`);
  report(`${name}: begin on ${begin.by}, complete on ${complete.by}`);
  assert.notEqual(begin.by, complete.by, `${name}: begin and complete on the same instance`);
}

/** Waits until the current fixed one-minute rate-limit window has at least 15 s left. */
async function awayFromMinuteEnd() {
  const left = 60_000 - (Date.now() % 60_000);
  if (left < 15_000) await new Promise((r) => setTimeout(r, left + 200));
}

describe('several instances behind HAProxy', { skip: skip || false }, () => {
  before(() => startFleet(fleet), { timeout: 300_000 });
  after(() => stopFleet(fleet), { timeout: 60_000 });
  const step = chain();
  const user = { id: `lb-${crypto.randomBytes(4).toString('hex')}` };

  step('register: begin and complete on different instances, verified through a third', async () => {
    const options = new RegisterOptions();
    Object.assign(options, { userId: user.id, username: `${user.id}@example.com` });
    const { token } = await fleet.sdk.createRegisterToken(options);
    const { result, hops } = await ceremony('register', token, 'lb laptop');
    assert.match(result.token || '', /^verify_/, JSON.stringify(result));
    assertSplit('register', hops, 'register');
    const verified = await verifyOrExplain({ ...fleet, server: fleet.lb }, result.token);
    assert.equal(verified.userId, user.id);
  });

  step('sign in three times: every begin and complete on different instances', async () => {
    for (let i = 1; i <= 3; i++) {
      const { result, hops } = await ceremony('signinWithId', user.id);
      assert.match(result.token || '', /^verify_/, JSON.stringify(result));
      assertSplit(`signin ${i}`, hops, 'signin');
      const verified = await verifyOrExplain({ ...fleet, server: fleet.lb }, result.token);
      assert.equal(verified.userId, user.id);
    }
  });

  step('the kill switch set in the console sends client.js\'s next decide() to fallback on another instance within 1 s', async () => {
    // The console through HAProxy: the first instance's one-time setup link
    // makes an organization, its owner's passkey and an application.
    const link = (fleet.instances[0].log.match(/"setupUrl":"([^"]+)"/) || [])[1];
    assert.ok(link, `no setupUrl in ${fleet.instances[0].name}'s log`);
    const consolePage = fleet.browser.page;
    const appId = `lbkill${crypto.randomBytes(3).toString('hex')}`;
    await consolePage.goto(link);
    await consolePage.fill('#org', 'LB Org');
    await consolePage.fill('#email', 'owner@lb.test');
    await Promise.all([consolePage.waitForURL('**/console/apps', { timeout: 20_000 }), consolePage.click('button[type=submit]')]);
    await consolePage.fill('#appId', appId);
    await Promise.all([consolePage.waitForLoadState('load'), consolePage.click('text=Create application')]);
    const config = { apiUrl: fleet.lb.url, apiKey: (await consolePage.textContent('#api-key-1')).trim() };

    // The page that decides: client.js from the fleet, its answers' instances watched.
    const pagePage = await consolePage.context().newPage();
    try {
      await pagePage.goto(`${fleet.pageServer.origin}/`);
      const decisions = [];
      pagePage.on('response', (r) => {
        if (new URL(r.url()).pathname === '/passkeys/decision') decisions.push(r.headers()['x-served-by']);
      });
      const decide = () => pagePage.evaluate(async (config) => {
        const helper = await import(`${config.apiUrl}/diagnostics/client.js`);
        helper.install(config);
        return helper.decide('signin', { deviceId: 'lb-device' });
      }, config);
      const before = await decide();
      assert.notEqual(before.reason, 'kill_switch', JSON.stringify(before));

      await consolePage.goto(`${fleet.lb.url}/console/apps/${appId}/settings`);
      await consolePage.check('#killSwitch');
      const [saved] = await Promise.all([
        consolePage.waitForResponse((r) => r.request().method() === 'POST' && r.url().endsWith('/settings/rollout')),
        consolePage.click('#rollout-form button[type=submit]'),
      ]);
      const setAt = Date.now();
      const setBy = saved.headers()['x-served-by'];
      assert.ok(saved.status() < 400, `the rollout form answered ${saved.status()}`);

      // client.js's next decide(), then one per instance (round robin): each must be the kill switch's fallback.
      const answers = [];
      for (let i = 0; i < fleet.instances.length; i++) {
        for (;;) {
          const a = await decide();
          if (a.offer === 'fallback' && a.reason === 'kill_switch') break;
          assert.ok(Date.now() - setAt < 1_000, `decide() still answered ${JSON.stringify(a)} after ${Date.now() - setAt} ms`);
          await new Promise((r) => setTimeout(r, 20));
        }
        answers.push({ by: decisions[decisions.length - 1], ms: Date.now() - setAt });
      }
      report(`kill switch set in the console (served by ${setBy}); decide() fallback from ` +
        answers.map((a) => `${a.by} after ${a.ms} ms`).join(', '));
      assert.ok(answers.some((a) => a.by !== setBy), `every decision on ${setBy}, the console's instance`);
      assert.ok(Math.max(...answers.map((a) => a.ms)) < 1_000);
    } finally {
      await pagePage.close();
      await consolePage.goto(`${fleet.pageServer.origin}/`); // the steps after drive the client on the test page
    }
  });

  step('a key locked through one instance is refused by every instance within 1 s', async () => {
    const secret = { ApiSecret: fleet.app.apiSecret2 };
    for (const s of fleet.instances) { // every instance caches the key first
      assert.equal((await call('/users/count', { base: s.internalUrl, headers: secret })).status, 200);
    }
    const keyId = fleet.app.apiSecret2.slice(-4);
    const lock = await call(`/admin/apps/${fleet.app.appId}/api-keys/${keyId}/lock`,
      { method: 'POST', headers: { ManagementKey: fleet.lb.managementKey } });
    assert.equal(lock.status, 204, JSON.stringify(lock.json));
    const lockedAt = Date.now();
    const seen = await Promise.all(fleet.instances.map(async (s) => {
      for (;;) {
        const r = await call('/users/count', { base: s.internalUrl, headers: secret });
        if (r.status === 403 && r.json.errorCode === 'api_key_locked') return Date.now() - lockedAt;
        if (Date.now() - lockedAt > 5_000) return Infinity;
        await new Promise((res) => setTimeout(res, 10));
      }
    }));
    report(`key lock (served by ${lock.servedBy}) seen after ${fleet.instances.map((s, i) => `${s.name} ${seen[i]} ms`).join(', ')}`);
    assert.ok(Math.max(...seen) < 1_000, `lock seen after ${seen} ms`);
  });

  step(`the per-address rate limit (${ipLimitPerMinute}/min) is exact across instances`, async () => {
    await awayFromMinuteEnd();
    // A /64 of its own: IPv6 clients are counted per /64 (RATE_LIMIT_IPV6_PREFIX).
    const client = `2001:db8:${crypto.randomBytes(2).toString('hex')}:${crypto.randomBytes(2).toString('hex')}::1`;
    const body = { origin: fleet.pageServer.origin, rpId: 'localhost' };
    const headers = { ApiKey: fleet.app.apiKey1, 'X-Forwarded-For': client };
    const sent = ipLimitPerMinute + 20;
    const answers = await Promise.all(Array.from({ length: sent }, () =>
      call('/signin/begin', { method: 'POST', headers, body })));
    const statuses = tally(answers.map((a) => a.status));
    report(`rate limit: ${sent} requests from one address → ${JSON.stringify(statuses)}, ` +
      `served by ${JSON.stringify(tally(answers.map((a) => a.servedBy)))}`);
    assert.deepEqual(statuses, { 200: ipLimitPerMinute, 429: 20 });
  });

  step('the e-mail quota (a fifth of 100 on day one) is exact across instances', async () => {
    const send = () => call('/magic-links/send', {
      method: 'POST', headers: { ApiSecret: fleet.app.apiSecret1 },
      body: { emailAddress: fleet.app.adminEmail, urlTemplate: 'http://localhost/m?t=$TOKEN', userId: user.id },
    });
    const answers = await Promise.all(Array.from({ length: 30 }, send));
    const statuses = tally(answers.map((a) => a.status));
    report(`e-mail quota: 30 sends → ${JSON.stringify(statuses)}, served by ${JSON.stringify(tally(answers.map((a) => a.servedBy)))}`);
    assert.deepEqual(statuses, { 204: 20, 429: 10 });
  });

  step('an instance killed under load fails only the requests in flight on it', async () => {
    const headers = { ApiSecret: fleet.app.apiSecret1 };
    const workers = 8;
    const inFlight = new Set();
    const results = [];
    let stop = false;
    let goneAt = null; // the instance's process has exited
    const worker = async () => {
      while (!stop) {
        const started = Date.now();
        const token = {};
        inFlight.add(token);
        let r;
        try { r = await call('/users/count', { headers }); } catch (err) { r = { status: 'network', servedBy: null }; }
        inFlight.delete(token);
        results.push({ ...r, started, afterKill: goneAt !== null && started > goneAt });
      }
    };
    const running = Array.from({ length: workers }, worker);
    await new Promise((r) => setTimeout(r, 1_500));
    const victim = fleet.instances[1];
    const pending = inFlight.size;
    const killedAt = Date.now();
    await victim.kill();
    goneAt = Date.now();
    await new Promise((r) => setTimeout(r, 2_500));
    stop = true;
    await Promise.all(running);
    const failed = results.filter((r) => r.status !== 200);
    const failedLater = failed.filter((r) => r.afterKill);
    const before = tally(results.filter((r) => r.started < killedAt).map((r) => r.servedBy));
    const afterKill = tally(results.filter((r) => r.afterKill).map((r) => r.servedBy));
    report(`kill: ${results.length} requests by ${workers} clients; ${victim.name} SIGKILLed with ${pending} requests in flight ` +
      `(on any instance), gone after ${goneAt - killedAt} ms; failed ${failed.length} ` +
      `(${JSON.stringify(tally(failed.map((r) => r.status)))}), of which started after it was gone ${failedLater.length}; ` +
      `served before ${JSON.stringify(before)}, after ${JSON.stringify(afterKill)}`);
    assert.ok(failed.length <= workers, `${failed.length} failures, at most ${workers} requests can be in flight`);
    assert.equal(failedLater.length, 0, 'a request started after the kill failed');
    assert.equal(afterKill[victim.name], undefined, 'the killed instance still answered');
  });
});

if (skip) report(`skipped: ${skip}`);
