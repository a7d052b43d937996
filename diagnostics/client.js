// Passkey diagnostics for web pages (served at /diagnostics/client.js and,
// immutable, at /diagnostics/client.<hash>.js). A dependency-free ES module.
//
// The stock browser client (@passwordlessdev/passwordless-client) turns every
// DOMException into {errorCode: "unknown", title: <message>} and keeps the
// ceremony's session to itself. watch(client) instruments ONE instance of it
// (its own methods, never a global: window.fetch and navigator.credentials
// stay the page's) so that each ceremony's {error} carries its attempt: the
// session and reportNonce of its begin call (they tie the failure to the
// ceremony: only the client that began it holds the nonce), how long the
// prompt was open, and whether something else ended it. report() sends that
// attempt's failure once; decide() asks the server which prompt to open.
//
//   import { install, watch, decide, report, applySignal } from 'https://<api>/diagnostics/client.<hash>.js';
//   install({ apiUrl: 'https://<api>', apiKey: '<app>:public:<key>' });
//   const client = watch(new Passwordless.Client({ apiUrl, apiKey }));
//   const d = await decide('signin', { deviceId });          // {offer, reason, registerOffer}
//   if (d.offer === 'fallback') return showPasswordForm();
//   const { token, error } = await client.signinWithAlias(alias);
//   if (error) {
//     const c = await report('signin', error);   // {errorCode, severity, action, detail, ...} or null
//     if (error.signal) await applySignal(error.signal);
//     passwordForm.passkeySession.value = error.attempt?.session || ''; // for POST /users/passkey-prompt
//   }
//
// A report alone changes nothing for the user: the failure becomes theirs
// only when your backend, after the user signed in another way, passes the
// ceremony's session to POST /users/passkey-prompt.
//
// What is NOT reported: a ceremony that ended only because something else
// ended it, i.e. the page called client.abort() while it ran, or a newer
// ceremony started on the same client before it ended (the stock client
// aborts a waiting autofill request when a modal sign-in starts). report()
// resolves to null for those without sending anything.

const state = {
  apiUrl: '', apiKey: '', configured: false,
  reported: { register: '', signin: '' }, // session sent by the last report, per ceremony
};

const WATCHED = Symbol.for('passwordless.diagnostics.watched');
const attempts = new WeakMap(); // a returned {error} object -> its attempt
const sent = new WeakSet(); // attempts and error objects already reported

/**
 * Sets where reports and decisions go. It patches nothing; safe to call more
 * than once. Without it, watch() takes the watched client's apiUrl and apiKey.
 */
export function install({ apiUrl, apiKey } = {}) {
  state.apiUrl = String(apiUrl || '').replace(/\/+$/, '');
  state.apiKey = apiKey;
  state.configured = true;
}

/**
 * Instruments one stock client instance (its own methods only) and returns it.
 * Calling it again on the same instance does nothing.
 */
export function watch(client) {
  if (!client || typeof client !== 'object') throw new TypeError('watch(client) needs a Passwordless.Client');
  if (client[WATCHED]) return client;
  Object.defineProperty(client, WATCHED, { value: true });
  if (!state.configured && client.config) {
    state.apiUrl = String(client.config.apiUrl || '').replace(/\/+$/, '');
    state.apiKey = client.config.apiKey;
  }
  // latest: the id of the newest attempt started; starting: the attempt whose
  // method is running its synchronous part (the stock client calls its begin
  // method there, before any await); running: attempts not ended yet.
  const w = { latest: 0, starting: null, running: new Set() };
  for (const name of ['registerBegin', 'signinBegin']) wrapBegin(client, w, name);
  wrapCeremony(client, w, 'register', () => ({ ceremony: 'register' }));
  wrapCeremony(client, w, 'signin', (method) => ({ ceremony: 'signin', mediation: conditional(method) }));
  wrapCeremony(client, w, 'stepup', (s) => ({ ceremony: 'signin', mediation: conditional(s && s.signinMethod) }));
  const abort = client.abort;
  if (typeof abort === 'function') {
    client.abort = function (...args) {
      for (const a of w.running) a.aborted = true; // the page (or a newer ceremony) ends them
      return abort.apply(this, args);
    };
  }
  return client;
}

function conditional(method) {
  return method && typeof method === 'object' && 'autofill' in method ? 'conditional' : undefined;
}

// The begin call's answer holds the session, its reportNonce and the prompt's timeout.
function wrapBegin(client, w, name) {
  const original = client[name];
  if (typeof original !== 'function') return;
  client[name] = async function (...args) {
    const attempt = w.starting; // null when the page calls the begin method itself
    const answer = await original.apply(this, args);
    if (attempt && answer && !answer.error) {
      attempt.session = typeof answer.session === 'string' ? answer.session : '';
      attempt.reportNonce = typeof answer.reportNonce === 'string' ? answer.reportNonce : '';
      const timeout = answer.data && answer.data.timeout;
      attempt.timeoutMs = typeof timeout === 'number' ? timeout : undefined;
      attempt.opened = Date.now(); // the prompt opens now
    }
    return answer;
  };
}

// register / signin / stepup: one attempt each; its {error} gets the attempt.
function wrapCeremony(client, w, name, describe) {
  const original = client[name];
  if (typeof original !== 'function') return;
  client[name] = async function (...args) {
    const attempt = {
      id: ++w.latest, ...describe(...args), session: '', reportNonce: '',
      started: Date.now(), opened: 0, timeoutMs: undefined, aborted: false,
    };
    let pending;
    w.starting = attempt;
    try {
      pending = original.apply(this, args);
    } finally {
      w.starting = null;
    }
    w.running.add(attempt); // after the synchronous part: its own abort of older ones is not its
    try {
      const result = await pending;
      if (result && result.error && typeof result.error === 'object') tag(result.error, attempt, w);
      return result;
    } finally {
      w.running.delete(attempt);
    }
  };
}

function tag(error, attempt, w) {
  const info = {
    ceremony: attempt.ceremony,
    session: attempt.session,
    reportNonce: attempt.reportNonce,
    elapsedMs: Date.now() - (attempt.opened || attempt.started),
    timeoutMs: attempt.timeoutMs,
    mediation: attempt.mediation,
    // A newer attempt started before this one ended, or the page aborted it.
    superseded: attempt.id !== w.latest || attempt.aborted,
  };
  attempts.set(error, info);
  try {
    // Readable by the page (error.attempt.session), never sent: not enumerable.
    Object.defineProperty(error, 'attempt', { value: Object.freeze(info), configurable: true });
  } catch (_) { /* a frozen error: report() still finds it */ }
}

/**
 * Reports a failed ceremony ('register' or 'signin'). error is the {error} a
 * watched client returned (or anything the page caught): it is sent as it
 * is, with its own attempt's session, nonce and timing when it has one, and
 * never another attempt's. Resolves to the classification, or null when
 * nothing was sent: a superseded or aborted attempt, one already reported, or
 * a network failure. It never throws.
 */
export async function report(ceremony, error, extra = {}) {
  const attempt = error && typeof error === 'object' ? attempts.get(error) : undefined;
  if (attempt && attempt.superseded) return null;
  const key = attempt || (error && typeof error === 'object' ? error : null);
  if (key) {
    if (sent.has(key)) return null; // each attempt at most once
    sent.add(key);
  }
  const a = attempt || {};
  const session = extra.session || a.session || '';
  const body = {
    ceremony,
    platform: 'web',
    session: session || undefined,
    reportNonce: (extra.session ? extra.reportNonce : a.reportNonce) || undefined,
    deviceId: extra.deviceId || undefined,
    elapsedMs: attempt ? a.elapsedMs : extra.elapsedMs,
    timeoutMs: attempt ? a.timeoutMs : extra.timeoutMs,
    mediation: a.mediation || extra.mediation,
    error: plain(error),
  };
  state.reported[ceremony] = session;
  try {
    const response = await fetch(`${state.apiUrl}/diagnostics/failures`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', ApiKey: state.apiKey },
      body: JSON.stringify(body),
    });
    return response.ok ? await response.json() : null;
  } catch (_) {
    return null;
  }
}

/**
 * The session of the last failed ceremony ('register' or 'signin') that
 * report() sent, or ''. Send it to your backend with the fallback sign-in:
 * POST /users/passkey-prompt {userId, signedInWith, session, userAgent}
 * then ties the failure to the user who signed in on this browser.
 * error.attempt.session says the same of one failure.
 */
export function lastSession(ceremony) {
  return state.reported[ceremony] || '';
}

function plain(error) {
  if (error && typeof error === 'object') {
    if (error instanceof Error) return { name: error.name, message: error.message };
    return error; // the stock client's {from, errorCode, title} or a server problem
  }
  return { message: String(error) };
}

/** Calls one Signal API call ({method, options}) where the browser has it; resolves to true if it did. */
export async function applySignal(signal) {
  const PKC = typeof window !== 'undefined' && window.PublicKeyCredential;
  if (!signal || !PKC || typeof PKC[signal.method] !== 'function') return false;
  try {
    await PKC[signal.method](signal.options);
    return true;
  } catch (_) {
    return false;
  }
}

/** Calls each signal of POST /credentials/signals' answer (fetched by your backend). */
export async function applySignals(signals) {
  const done = [];
  for (const s of signals || []) done.push(await applySignal(s));
  return done;
}

/**
 * Asks POST /passkeys/decision whether to open a passkey prompt now, and
 * which (issue 21): sends the ceremony, getClientCapabilities() where the
 * browser has it, and the optional userId, session (with its reportNonce) or
 * deviceId. failure, a watched client's failed {error}, stands for its
 * attempt's session and nonce: the server then knows this device just
 * failed. Resolves to {offer, reason, registerOffer}; when the server cannot
 * be asked, to the fallback with reason "unavailable" (a ceremony could not
 * begin either). It never throws.
 */
export async function decide(ceremony, { userId, session, reportNonce, deviceId, failure } = {}) {
  const body = { ceremony };
  const PKC = typeof window !== 'undefined' && window.PublicKeyCredential;
  if (PKC && typeof PKC.getClientCapabilities === 'function') {
    try {
      body.capabilities = await PKC.getClientCapabilities();
    } catch (_) {
      // no capabilities: the server decides without them
    }
  }
  const attempt = failure && typeof failure === 'object' ? attempts.get(failure) : undefined;
  if (!session && attempt && attempt.session) {
    session = attempt.session;
    reportNonce = attempt.reportNonce;
  }
  if (userId) body.userId = userId;
  if (session) body.session = session;
  if (reportNonce) body.reportNonce = reportNonce;
  if (deviceId) body.deviceId = deviceId;
  try {
    const response = await fetch(`${state.apiUrl}/passkeys/decision`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', ApiKey: state.apiKey },
      body: JSON.stringify(body),
    });
    if (response.ok) return await response.json();
  } catch (_) {
    // below
  }
  return { offer: 'fallback', reason: 'unavailable', registerOffer: false };
}
