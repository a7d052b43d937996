// Passkey diagnostics for web pages (served at /diagnostics/client.js).
// A dependency-free ES module. The stock browser client turns every
// DOMException into {errorCode: "unknown", title: <message>} and keeps the
// ceremony's session to itself; install() watches navigator.credentials and
// the begin calls so that report() can send what really happened: the
// DOMException's name, the session and its reportNonce (which tie the failure
// to the ceremony: only the client that began it holds the nonce) and
// the time the prompt was open. Signals are called only where the browser
// has the WebAuthn Signal API; elsewhere they do nothing.
//
//   import { install, report, applySignal, lastSession } from 'https://<api>/diagnostics/client.js';
//   install({ apiUrl: 'https://<api>', apiKey: '<app>:public:<key>' });
//   const { token, error } = await client.signinWithAlias(alias);
//   if (error) {
//     const c = await report('signin', error);   // {errorCode, severity, action, detail, ...}
//     if (error.signal) await applySignal(error.signal);
//     passwordForm.passkeySession.value = lastSession('signin'); // for POST /users/passkey-prompt
//   }
//
// A report alone changes nothing for the user: the failure becomes theirs
// only when your backend, after the user signed in another way, passes the
// ceremony's session (lastSession) to POST /users/passkey-prompt.

const state = {
  apiUrl: '', apiKey: '', last: null, installed: false,
  session: { register: '', signin: '' }, // of the last begin call seen
  nonce: { register: '', signin: '' }, // its reportNonce
  reported: { register: '', signin: '' }, // sent by the last report
  attempt: 0, // the latest WebAuthn call: an older one's failure is stale
};

/** Watches WebAuthn calls and the ceremony begin calls; safe to call more than once. */
export function install({ apiUrl, apiKey }) {
  state.apiUrl = String(apiUrl || '').replace(/\/+$/, '');
  state.apiKey = apiKey;
  if (state.installed || typeof window === 'undefined') return;
  state.installed = true;
  const creds = window.navigator && window.navigator.credentials;
  if (creds) {
    for (const method of ['create', 'get']) {
      const original = creds[method] && creds[method].bind(creds);
      if (!original) continue;
      creds[method] = (options) => watchCeremony(method, options, original);
    }
  }
  if (typeof window.fetch === 'function') {
    const fetch = window.fetch.bind(window);
    window.fetch = async (input, init) => {
      const response = await fetch(input, init);
      noteSession(input, response);
      return response;
    };
  }
}

async function watchCeremony(method, options, original) {
  const started = Date.now();
  const attempt = ++state.attempt;
  state.last = null; // an earlier failure not reported by now is not this attempt's
  const ceremony = method === 'create' ? 'register' : 'signin';
  const begun = state.session[ceremony]; // as far as the begin's answer was read yet
  const timeoutMs = options && options.publicKey && options.publicKey.timeout;
  try {
    const credential = await original(options);
    if (attempt === state.attempt) state.last = null;
    return credential;
  } catch (err) {
    if (superseded(attempt, options, err)) {
      // Not a failure of the user's: the page (or the browser, for a newer
      // call) ended this request, e.g. autofill's conditional get() aborted
      // to open a modal one. Its session is spent, so it cannot reach the
      // next attempt's report either.
      if (begun && state.session[ceremony] === begun) {
        state.session[ceremony] = '';
        state.nonce[ceremony] = '';
      }
      throw err;
    }
    state.last = { // with this attempt's session: a later begin's cannot replace it
      ceremony, session: state.session[ceremony], nonce: state.nonce[ceremony],
      name: err && err.name, message: err && err.message,
      elapsedMs: Date.now() - started, timeoutMs: typeof timeoutMs === 'number' ? timeoutMs : undefined,
      mediation: options && typeof options.mediation === 'string' ? options.mediation : undefined,
    };
    throw err;
  }
}

/**
 * Whether a WebAuthn call's failure only says that something else ended it:
 * a newer call started meanwhile (its failure is what a report is about), or
 * an AbortError after the page's own AbortSignal fired.
 */
function superseded(attempt, options, err) {
  if (attempt !== state.attempt) return true;
  const signal = options && options.signal;
  return Boolean(err && err.name === 'AbortError' && signal && signal.aborted);
}

function noteSession(input, response) {
  try {
    const url = new URL(typeof input === 'string' ? input : input.url, window.location.href);
    const match = url.pathname.match(/\/(register|signin)\/begin$/);
    if (!match || !response.ok) return;
    response.clone().json().then((body) => {
      if (body && typeof body.session === 'string') {
        state.session[match[1]] = body.session;
        state.nonce[match[1]] = typeof body.reportNonce === 'string' ? body.reportNonce : '';
      }
    }).catch(() => {});
  } catch (_) { /* not a URL we care about */ }
}

/**
 * Reports a failed ceremony ('register' or 'signin'). error is what the
 * client returned (or threw); the DOMException seen by install() is sent
 * instead when it belongs to this ceremony. Resolves to the classification,
 * or null when the report could not be sent (it never throws).
 */
export async function report(ceremony, error, extra = {}) {
  const seen = state.last && state.last.ceremony === ceremony ? state.last : null;
  state.last = null;
  // The failed attempt's own session; without one (the begin call itself
  // failed), the last begin's, which is then spent: a session goes with
  // one report at most.
  const session = seen ? seen.session : state.session[ceremony];
  const nonce = seen ? seen.nonce : state.nonce[ceremony];
  state.session[ceremony] = '';
  state.nonce[ceremony] = '';
  const body = {
    ceremony,
    platform: 'web',
    session: extra.session || session || undefined,
    reportNonce: (extra.session ? extra.reportNonce : nonce) || undefined,
    deviceId: extra.deviceId || undefined,
    elapsedMs: seen ? seen.elapsedMs : extra.elapsedMs,
    timeoutMs: seen ? seen.timeoutMs : extra.timeoutMs,
    mediation: (seen && seen.mediation) || extra.mediation,
    error: seen && seen.name ? { name: seen.name, message: seen.message } : plain(error),
  };
  state.reported[ceremony] = body.session || '';
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
 */
export function lastSession(ceremony) {
  return state.reported[ceremony] || '';
}

function plain(error) {
  if (error && typeof error === 'object') {
    if (error instanceof Error) return { name: error.name, message: error.message };
    return error;
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
 * deviceId. Resolves to
 * {offer, reason, registerOffer}; when the server cannot be asked, to the
 * fallback with reason "unavailable" (a ceremony could not begin either). It
 * never throws.
 */
export async function decide(ceremony, { userId, session, reportNonce, deviceId } = {}) {
  const body = { ceremony };
  const PKC = typeof window !== 'undefined' && window.PublicKeyCredential;
  if (PKC && typeof PKC.getClientCapabilities === 'function') {
    try {
      body.capabilities = await PKC.getClientCapabilities();
    } catch (_) {
      // no capabilities: the server decides without them
    }
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
