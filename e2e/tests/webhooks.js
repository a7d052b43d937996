'use strict';
// Webhooks checked with the published Standard Webhooks verifier
// (npm standardwebhooks): a receiver on 127.0.0.1 accepts a message only
// when Webhook(secret).verify passes, as a customer's backend would.
const assert = require('node:assert/strict');
const http = require('node:http');
const { describe, it, before, after } = require('node:test');
const { Webhook } = require('standardwebhooks');
const { rawRequest } = require('../harness/http');

const timeout = 30_000;

/** A receiver that records each message with the secrets it verifies under. */
function startReceiver() {
  const received = [];
  let secrets = [];
  let failing = false;
  const server = http.createServer((req, res) => {
    const chunks = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      const verifiedBy = secrets.filter((s) => {
        try { new Webhook(s).verify(body, req.headers); return true; } catch { return false; }
      });
      const status = failing ? 500 : (verifiedBy.length > 0 ? 204 : 400);
      received.push({ id: req.headers['webhook-id'], body: JSON.parse(body), verifiedBy, status });
      res.writeHead(status).end();
    });
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve({
    url: `http://127.0.0.1:${server.address().port}/in`,
    received,
    trust: (list) => { secrets = list; },
    fail: (on) => { failing = on; },
    close: () => new Promise((r) => server.close(r)),
  })));
}

/** Waits until the receiver holds a message matching pred. */
async function waitFor(receiver, pred, what) {
  const deadline = Date.now() + 20_000;
  while (Date.now() < deadline) {
    const found = receiver.received.find(pred);
    if (found) return found;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`no ${what} arrived; received ${JSON.stringify(receiver.received)}`);
}

function define(env) {
  describe('Webhooks verified with the standardwebhooks npm package', () => {
    let receiver;
    let endpoint;
    const call = (method, path, body) => rawRequest(env.server, {
      method, path, headers: { ApiSecret: env.app.apiSecret1 }, body,
    });

    before(async () => { receiver = await startReceiver(); });
    after(async () => { if (receiver) await receiver.close(); });

    it('a deleted user is reported in a message the published verifier accepts', { timeout }, async () => {
      const added = await call('POST', '/webhooks/add', { url: receiver.url, events: ['user.deleted'] });
      assert.equal(added.status, 201, added.text);
      endpoint = added.json;
      assert.match(endpoint.secret, /^whsec_/);
      receiver.trust([endpoint.secret]);
      const deleted = await call('POST', '/users/delete', { userId: 'webhook-user' });
      assert.equal(deleted.status, 200, deleted.text);
      const msg = await waitFor(receiver, (m) => m.body.type === 'user.deleted', 'user.deleted message');
      assert.deepEqual(msg.verifiedBy, [endpoint.secret]);
      assert.deepEqual(msg.body.data, { appId: env.app.appId, userId: 'webhook-user' });
    });

    it('after a rotation the old and the new secret both verify', { timeout }, async () => {
      const rotated = await call('POST', '/webhooks/rotate-secret', { id: endpoint.id });
      assert.equal(rotated.status, 200, rotated.text);
      const stranger = `whsec_${Buffer.alloc(32, 7).toString('base64')}`;
      receiver.trust([endpoint.secret, rotated.json.secret, stranger]);
      const queued = await call('POST', '/webhooks/test', { id: endpoint.id });
      assert.equal(queued.status, 202, queued.text);
      const msg = await waitFor(receiver, (m) => m.id === queued.json.deliveryId, 'webhook.test message');
      assert.deepEqual(msg.verifiedBy, [endpoint.secret, rotated.json.secret]);
      const deliveries = await call('GET', `/webhooks/deliveries?id=${endpoint.id}`);
      const row = deliveries.json.deliveries.find((d) => d.id === queued.json.deliveryId);
      assert.equal(row?.status, 'delivered', JSON.stringify(deliveries.json));
    });

    it('nothing queued is lost across a kill -9 of the server', { timeout: 60_000 }, async () => {
      receiver.fail(true);
      const users = Array.from({ length: 10 }, (_, i) => `crash-${i}`);
      for (const userId of users) {
        const res = await call('POST', '/users/delete', { userId });
        assert.equal(res.status, 200, res.text);
      }
      const failedOnce = (userId) => (m) => m.body.data.userId === userId && m.status === 500;
      for (const userId of users) await waitFor(receiver, failedOnce(userId), `failed attempt for ${userId}`);
      await new Promise((r) => setTimeout(r, 300)); // the attempts' outcomes are written
      await env.server.crashAndRestart();
      receiver.fail(false);
      for (const userId of users) {
        const msg = await waitFor(receiver, (m) => m.body.data.userId === userId && m.status === 204,
          `delivery of user.deleted ${userId} after the restart`);
        assert.ok(msg.verifiedBy.length > 0);
      }
    });
  });
}

module.exports = { define, startReceiver, waitFor };
