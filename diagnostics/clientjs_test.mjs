// Unit tests of client.js in Node (run by TestClientJS in clientjs_test.go):
// a fake page (navigator.credentials, fetch, PublicKeyCredential) and the
// published stock client, @passwordlessdev/passwordless-client, from
// e2e/node_modules when installed, else StockClient below, which follows its
// call structure (sign-in: handleAbort, signinBegin, get() with its signal).
// A fresh client.js module per test.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';

const source = readFileSync(new URL('./client.js', import.meta.url), 'utf8');
const published = new URL('../e2e/node_modules/@passwordlessdev/passwordless-client/dist/esm/passwordless.mjs', import.meta.url);
let loads = 0;

/** The stock client's structure, where the published one is not installed. */
class StockClient {
  constructor(config) { this.config = config; this.abortController = new AbortController(); }
  async register(token) { return this.ceremony(() => this.registerBegin(token), (r) => navigator.credentials.create({ publicKey: r.data })); }
  async signinWithAlias(alias) { return this.signin({ alias }); }
  async signinWithAutofill() { return this.signin({ autofill: true }); }
  async signin(method) {
    this.abort();
    this.abortController = new AbortController();
    return this.ceremony(() => this.signinBegin(method), (r) => navigator.credentials.get({
      publicKey: r.data, mediation: 'autofill' in method ? 'conditional' : undefined, signal: this.abortController.signal }));
  }
  async ceremony(begin, prompt) {
    try {
      const r = await begin();
      if (r.error) return r;
      await prompt(r);
      return { token: 'verify_x' };
    } catch (e) {
      return { error: { from: 'client', errorCode: 'unknown', title: e.message } };
    }
  }
  abort() { this.abortController.abort(); }
  async registerBegin(token) { return this.post('/register/begin', { token }); }
  async signinBegin(method) { return this.post('/signin/begin', method); }
  async post(path, body) {
    const response = await fetch(`${this.config.apiUrl}${path}`, { method: 'POST', body: JSON.stringify(body) });
    const res = await response.json();
    return response.ok ? res : { error: { ...res, from: 'server' } };
  }
}

const Client = existsSync(published) ? (await import(published)).Client : StockClient;

/** A page: fake WebAuthn calls the test settles, a fake API, client.js loaded. */
async function page() {
  console.error = () => {}; // the stock client logs every failure
  const calls = []; // pending WebAuthn calls: {method, options, resolve, reject}
  const reports = [];
  const decisions = [];
  const begins = { failNext: false, n: 0 };
  globalThis.window = globalThis;
  globalThis.location = { href: 'https://shop.test/login', origin: 'https://shop.test', hostname: 'shop.test' };
  globalThis.PublicKeyCredential = function PublicKeyCredential() {};
  globalThis.PublicKeyCredential.isConditionalMediationAvailable = async () => true;
  const pending = (method) => (options) => new Promise((resolve, reject) => {
    calls.push({ method, options, resolve, reject });
    const signal = options && options.signal;
    if (signal) signal.addEventListener('abort', () => reject(new DOMException('signal is aborted without reason', 'AbortError')));
  });
  const credentials = { get: pending('get'), create: pending('create') };
  Object.defineProperty(globalThis, 'navigator', { configurable: true, value: { credentials } });
  const fetch = async (input, init) => {
    const path = new URL(input).pathname;
    if (path === '/signin/begin' || path === '/register/begin') {
      if (begins.failNext) {
        begins.failNext = false;
        return Response.json({ errorCode: 'internal_error', title: 'x', status: 500 }, { status: 500 });
      }
      begins.n++;
      const data = { challenge: 'AAAA', timeout: 60000, allowCredentials: [], user: { id: 'AAAA' } };
      return Response.json({ data, session: `session_${begins.n}`, reportNonce: `nonce_${begins.n}` });
    }
    if (path === '/diagnostics/failures') {
      reports.push(JSON.parse(init.body));
      return Response.json({ errorCode: 'passkey_not_allowed' });
    }
    if (path === '/passkeys/decision') {
      decisions.push(JSON.parse(init.body));
      return Response.json({ offer: 'passkey', reason: 'x', registerOffer: false });
    }
    return new Response('', { status: 404 });
  };
  globalThis.fetch = fetch;
  const helper = await import(`data:text/javascript;base64,${Buffer.from(`${source}\n// ${++loads}`).toString('base64')}`);
  helper.install({ apiUrl: 'https://api.test', apiKey: 'app:public:key' });
  const client = helper.watch(new Client({ apiUrl: 'https://api.test', apiKey: 'app:public:key' }));
  const prompt = async (n) => { // the n-th WebAuthn call, once it is open
    while (calls.length <= n) await new Promise((done) => setTimeout(done, 1));
    return calls[n];
  };
  const notAllowed = () => new DOMException('The operation either timed out or was not allowed.', 'NotAllowedError');
  return { helper, client, calls, reports, decisions, begins, prompt, notAllowed, fetch, credentials };
}

test('no global is replaced: fetch and navigator.credentials stay the page\'s own', async () => {
  const { helper, client, fetch, credentials } = await page();
  const { get, create } = credentials;
  helper.install({ apiUrl: 'https://api.test', apiKey: 'k' });
  helper.watch(client);
  helper.watch(new Client({ apiUrl: 'https://api.test', apiKey: 'k' }));
  assert.equal(globalThis.fetch, fetch);
  assert.equal(navigator.credentials, credentials);
  assert.equal(navigator.credentials.get, get);
  assert.equal(navigator.credentials.create, create);
  assert.equal(Object.getPrototypeOf(client), Client.prototype, 'only the instance is instrumented');
});

test('a failed sign-in is reported once, with its own session, nonce and timing, as the stock client returned it', async () => {
  const { helper, client, reports, prompt, notAllowed } = await page();
  const signin = client.signinWithAlias('alice');
  (await prompt(0)).reject(notAllowed());
  const { error } = await signin;
  assert.equal(error.attempt.session, 'session_1');
  assert.equal(error.attempt.superseded, false);
  assert.ok(await helper.report('signin', error));
  assert.equal(reports.length, 1);
  assert.equal(reports[0].session, 'session_1');
  assert.equal(reports[0].reportNonce, 'nonce_1');
  assert.equal(reports[0].timeoutMs, 60000);
  assert.equal(typeof reports[0].elapsedMs, 'number');
  assert.equal(reports[0].error.from, 'client');
  assert.equal(reports[0].error.errorCode, 'unknown');
  assert.equal(reports[0].error.title, 'The operation either timed out or was not allowed.');
  assert.equal(reports[0].error.attempt, undefined, 'the tag is not sent');
  assert.equal(helper.lastSession('signin'), 'session_1');
  assert.equal(await helper.report('signin', error), null, 'the same attempt was sent twice');
  assert.equal(reports.length, 1);
});

test('an autofill request a modal sign-in supersedes is not reported, and its session does not reach the modal\'s report', async () => {
  const { helper, client, reports, prompt, notAllowed } = await page();
  const autofill = client.signinWithAutofill(); // session_1
  await prompt(0);
  const modal = client.signinWithAlias('alice'); // aborts the autofill's get(), session_2
  const aborted = (await autofill).error;
  assert.ok(aborted, 'the stock client returns the aborted autofill as an error');
  assert.equal(aborted.attempt.superseded, true);
  assert.equal(aborted.attempt.mediation, 'conditional');
  (await prompt(1)).reject(notAllowed());
  const failed = (await modal).error;
  assert.equal(await helper.report('signin', aborted), null);
  assert.equal(reports.length, 0, 'the superseded autofill was sent');
  await helper.report('signin', failed);
  assert.equal(reports.length, 1);
  assert.equal(reports[0].session, 'session_2');
  assert.equal(reports[0].reportNonce, 'nonce_2');
  assert.equal(reports[0].mediation, undefined);
});

test('an autofill request the page aborts before a registration is not reported', async () => {
  const { helper, client, reports, prompt } = await page();
  const autofill = client.signinWithAutofill();
  await prompt(0);
  client.abort(); // what the page does before register()
  const { error } = await autofill;
  assert.equal(error.attempt.superseded, true);
  assert.equal(await helper.report('signin', error), null);
  assert.equal(reports.length, 0);
});

test('a begin call that fails after an aborted attempt reports without the aborted attempt\'s session', async () => {
  const { helper, client, reports, begins, prompt } = await page();
  const autofill = client.signinWithAutofill();
  await prompt(0);
  begins.failNext = true;
  const modal = client.signinWithAlias('alice');
  await autofill;
  const { error } = await modal;
  assert.equal(error.from, 'server');
  await helper.report('signin', error);
  assert.equal(reports.length, 1);
  assert.equal(reports[0].session, undefined, 'the aborted autofill\'s session was sent');
  assert.equal(reports[0].reportNonce, undefined);
  assert.equal(reports[0].error.errorCode, 'internal_error');
  assert.equal(helper.lastSession('signin'), '');
});

test('an older attempt that ends after a newer one failed does not take the newer one\'s session', async () => {
  const { helper, client, reports, prompt, notAllowed } = await page();
  const first = client.register('token_1');
  const firstCall = await prompt(0); // create(): no signal, it stays open
  const second = client.signinWithAlias('alice');
  (await prompt(1)).reject(notAllowed());
  const newer = (await second).error;
  firstCall.reject(new DOMException('The operation was aborted.', 'AbortError'));
  const older = (await first).error;
  assert.equal(older.attempt.superseded, true);
  assert.equal(await helper.report('register', older), null);
  await helper.report('signin', newer);
  assert.equal(reports.length, 1);
  assert.equal(reports[0].session, 'session_2');
});

test('an error the page made itself is sent as it is, without any attempt\'s session', async () => {
  const { helper, client, reports, prompt, notAllowed } = await page();
  const signin = client.signinWithAlias('alice');
  (await prompt(0)).reject(notAllowed());
  await signin; // a failure the page does not report
  await helper.report('signin', { name: 'Error', message: 'the page gave up' });
  assert.deepEqual(reports[0].error, { name: 'Error', message: 'the page gave up' });
  assert.equal(reports[0].session, undefined);
});

test('decide() sends a watched failure\'s session and nonce, and answers fallback when the server cannot be asked', async () => {
  const { helper, client, decisions, prompt, notAllowed } = await page();
  const signin = client.signinWithAlias('alice');
  (await prompt(0)).reject(notAllowed());
  const { error } = await signin;
  const d = await helper.decide('signin', { deviceId: 'd1', failure: error });
  assert.equal(d.offer, 'passkey');
  assert.deepEqual(decisions[0], { ceremony: 'signin', session: 'session_1', reportNonce: 'nonce_1', deviceId: 'd1' });
  await helper.decide('register', { userId: 'u1' });
  assert.deepEqual(decisions[1], { ceremony: 'register', userId: 'u1' });
  globalThis.fetch = async () => { throw new TypeError('Failed to fetch'); };
  assert.deepEqual(await helper.decide('signin'), { offer: 'fallback', reason: 'unavailable', registerOffer: false });
});

test('watch() alone configures where reports go', async () => {
  const source2 = `${source}\n// ${++loads}`;
  await page();
  const helper = await import(`data:text/javascript;base64,${Buffer.from(source2).toString('base64')}`);
  const seen = [];
  globalThis.fetch = async (input) => { seen.push(String(input)); return Response.json({}); };
  helper.watch(new Client({ apiUrl: 'https://other.test/', apiKey: 'k' }));
  await helper.decide('signin');
  assert.deepEqual(seen, ['https://other.test/passkeys/decision']);
});
