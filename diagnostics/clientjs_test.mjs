// Unit tests of client.js in Node (run by TestClientJS in clientjs_test.go):
// a fake window with navigator.credentials and fetch, a fresh module per test.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';

const source = readFileSync(new URL('./client.js', import.meta.url), 'utf8');
let loads = 0;

/** A page: client.js installed over fake WebAuthn calls and a fake API. */
async function page() {
  const calls = []; // pending WebAuthn calls: {options, resolve, reject}
  const reports = [];
  const begins = { failNext: false, n: 0 };
  globalThis.window = globalThis;
  globalThis.location = { href: 'https://shop.test/login' };
  Object.defineProperty(globalThis, 'navigator', { configurable: true, value: { credentials: {
    get: (options) => new Promise((resolve, reject) => {
      calls.push({ options, resolve, reject });
      if (options && options.signal) {
        options.signal.addEventListener('abort', () => reject(new DOMException('The operation was aborted.', 'AbortError')));
      }
    }),
    create: () => Promise.reject(new DOMException('nope', 'NotAllowedError')),
  } } });
  globalThis.fetch = async (input, init) => {
    const path = new URL(input).pathname;
    if (path === '/signin/begin') {
      if (begins.failNext) throw new TypeError('Failed to fetch');
      begins.n++;
      return Response.json({ data: {}, session: `session_${begins.n}`, reportNonce: `nonce_${begins.n}` });
    }
    if (path === '/diagnostics/failures') {
      reports.push(JSON.parse(init.body));
      return Response.json({ errorCode: 'passkey_not_allowed' });
    }
    return new Response('', { status: 404 });
  };
  const helper = await import(`data:text/javascript;base64,${Buffer.from(`${source}\n// ${++loads}`).toString('base64')}`);
  helper.install({ apiUrl: 'https://api.test', apiKey: 'app:public:key' });
  const begin = async () => {
    const r = await window.fetch('https://api.test/signin/begin', { method: 'POST' });
    await r.json();
    await new Promise((done) => setTimeout(done, 0)); // client.js reads its clone
  };
  const settle = (p) => p.then(() => null, (err) => err);
  return { helper, calls, reports, begins, begin, settle };
}

test('a conditional request the page aborts is not reported as the next attempt\'s failure', async () => {
  const { helper, calls, reports, begin, settle } = await page();
  await begin(); // session_1, for autofill
  const ac = new AbortController();
  const autofill = settle(navigator.credentials.get({ mediation: 'conditional', signal: ac.signal, publicKey: {} }));
  ac.abort(); // the user pressed "Sign in with a passkey"
  assert.equal((await autofill).name, 'AbortError');
  await begin(); // session_2, modal
  const modal = settle(navigator.credentials.get({ publicKey: { timeout: 60000 } }));
  calls[1].reject(new DOMException('The operation either timed out or was not allowed.', 'NotAllowedError'));
  await modal;
  await helper.report('signin', { from: 'client', errorCode: 'unknown' });
  assert.equal(reports.length, 1);
  assert.equal(reports[0].error.name, 'NotAllowedError');
  assert.equal(reports[0].session, 'session_2');
  assert.equal(reports[0].reportNonce, 'nonce_2');
  assert.equal(reports[0].mediation, undefined);
});

test('an aborted attempt\'s session does not reach the report of a begin that failed', async () => {
  const { helper, reports, begins, begin, settle } = await page();
  await begin();
  const ac = new AbortController();
  const autofill = settle(navigator.credentials.get({ mediation: 'conditional', signal: ac.signal, publicKey: {} }));
  ac.abort();
  await autofill;
  begins.failNext = true;
  const failed = await settle(window.fetch('https://api.test/signin/begin', { method: 'POST' }));
  await helper.report('signin', { from: 'server', errorCode: 'unknown', title: failed.message });
  assert.equal(reports[0].session, undefined, 'the aborted autofill\'s session was sent');
  assert.equal(reports[0].reportNonce, undefined);
  assert.deepEqual(reports[0].error, { from: 'server', errorCode: 'unknown', title: 'Failed to fetch' });
  assert.equal(helper.lastSession('signin'), '');
});

test('an older request the browser ends after a newer one failed does not replace its failure', async () => {
  const { helper, calls, reports, begin, settle } = await page();
  await begin();
  const first = settle(navigator.credentials.get({ mediation: 'conditional', publicKey: {} })); // no signal
  await begin();
  const second = settle(navigator.credentials.get({ publicKey: {} }));
  calls[1].reject(new DOMException('The operation either timed out or was not allowed.', 'NotAllowedError'));
  await second;
  calls[0].reject(new DOMException('The operation was aborted.', 'AbortError'));
  await first;
  await helper.report('signin', {});
  assert.equal(reports[0].error.name, 'NotAllowedError');
  assert.equal(reports[0].session, 'session_2');
});

test('a session goes with one report at most', async () => {
  const { helper, calls, reports, begins, begin, settle } = await page();
  await begin();
  const get = settle(navigator.credentials.get({ publicKey: {} }));
  calls[0].reject(new DOMException('The operation either timed out or was not allowed.', 'NotAllowedError'));
  await get;
  await helper.report('signin', {});
  assert.equal(reports[0].session, 'session_1');
  assert.equal(helper.lastSession('signin'), 'session_1');
  begins.failNext = true;
  await settle(window.fetch('https://api.test/signin/begin', { method: 'POST' }));
  await helper.report('signin', { message: 'Failed to fetch' });
  assert.equal(reports[1].session, undefined);
  assert.deepEqual(reports[1].error, { message: 'Failed to fetch' });
});

test('a page\'s own AbortError with no newer attempt is still not a failure to report', async () => {
  const { helper, reports, begin, settle } = await page();
  await begin();
  const ac = new AbortController();
  const get = settle(navigator.credentials.get({ signal: ac.signal, publicKey: {} }));
  ac.abort();
  await get;
  await helper.report('signin', { name: 'Error', message: 'the page gave up' });
  assert.deepEqual(reports[0].error, { name: 'Error', message: 'the page gave up' });
});
