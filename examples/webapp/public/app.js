// The example's page: the published browser client (the console's snippet),
// sign-in from the username field's autofill, and every failed ceremony
// reported to the server through its /diagnostics/client.js.
import { Client, isAutofillSupported } from '@passwordlessdev/passwordless-client';
import { apiUrl, apiKey } from '/config.js';

// The diagnostics helper comes from the passkey server itself. watch() must
// run before the first ceremony: it instruments this client instance (no
// global) so that each {error} carries its own ceremony's session, and
// report() sends it once, or not at all for an autofill request aborted on purpose.
const diagnostics = await import(`${apiUrl}/diagnostics/client.js`).catch(() => null);
diagnostics?.install({ apiUrl, apiKey });
const passwordless = diagnostics ? diagnostics.watch(new Client({ apiUrl, apiKey })) : new Client({ apiUrl, apiKey });

const $ = (id) => document.getElementById(id);

/** POSTs JSON to the example's backend; throws with its title when it refuses. */
async function backend(path, body = {}) {
  const res = await fetch(path, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) });
  const answer = await res.json().catch(() => ({}));
  if (!res.ok) throw new Error(answer.title || `${path} answered ${res.status}`);
  return answer;
}

function say(text, errorCode) {
  $('message').textContent = text;
  if (errorCode) $('message').dataset.errorCode = errorCode;
  else delete $('message').dataset.errorCode;
}

/** Reports a failed ceremony and shows the sentence the server's classification has for the user. */
async function failed(ceremony, error) {
  if (error.signal) await diagnostics?.applySignal(error.signal); // the server no longer knows this passkey
  const c = await diagnostics?.report(ceremony, error);
  say(c ? c.detail : error.title, c ? c.errorCode : error.errorCode || 'unknown');
}

/** The backend verifies the token; only its answer signs the user in. */
async function signIn(token, via) {
  try {
    showSignedIn(await backend('/api/signin', { token }), via);
  } catch (err) {
    say(err.message, 'not_verified');
  }
}

// Autofill: a conditional sign-in waits in the background for the user to pick
// a passkey in the username field's suggestions. Any other ceremony aborts it first.
let autofill = null;

async function startAutofill() {
  if (!(await isAutofillSupported())) return;
  const run = { stopped: false };
  autofill = run;
  document.body.dataset.autofill = 'pending';
  const { token, error } = await passwordless.signinWithAutofill();
  if (run.stopped) return; // aborted on purpose: not a failure
  autofill = null;
  document.body.dataset.autofill = 'done';
  if (error) return failed('signin', error);
  await signIn(token, 'autofill');
}

function stopAutofill() {
  if (!autofill) return;
  autofill.stopped = true;
  autofill = null;
  delete document.body.dataset.autofill;
  passwordless.abort();
}

function showSignedIn(me, via) {
  stopAutofill();
  $('signed-out').hidden = true;
  $('signed-in').hidden = false;
  $('who').textContent = `Signed in as ${me.username}${via ? ` (${via})` : ''}.`;
  $('who').dataset.userId = me.userId;
  $('who').dataset.via = via || '';
  say('');
}

function showSignedOut() {
  $('signed-in').hidden = true;
  $('signed-out').hidden = false;
  startAutofill();
}

// "Sign in with a passkey": by alias (the username), or any passkey of this site when it is empty.
$('signed-out').addEventListener('submit', async (event) => {
  event.preventDefault();
  stopAutofill();
  say('');
  const alias = $('username').value.trim();
  const { token, error } = alias ? await passwordless.signinWithAlias(alias) : await passwordless.signinWithDiscoverable();
  if (error) {
    await failed('signin', error);
    startAutofill();
    return;
  }
  await signIn(token, alias ? 'alias' : 'discoverable');
});

$('create').addEventListener('click', async () => {
  stopAutofill();
  say('');
  try {
    const { token: registerToken } = await backend('/api/accounts', { username: $('username').value });
    // The console's snippet: register with the token the backend created.
    const { token: registered, error } = await passwordless.register(registerToken, 'My passkey');
    if (error) {
      await failed('register', error);
    } else {
      await signIn(registered, 'new account');
      return;
    }
  } catch (err) {
    say(err.message, 'refused');
  }
  startAutofill();
});

$('add-passkey').addEventListener('click', async () => {
  say('');
  try {
    const { token: registerToken } = await backend('/api/passkeys');
    const { token: registered, error } = await passwordless.register(registerToken, 'My passkey');
    if (error) return failed('register', error);
    await signIn(registered, 'new passkey');
  } catch (err) {
    say(err.message, 'refused');
  }
});

$('signout').addEventListener('click', async () => {
  await backend('/api/signout');
  say('');
  showSignedOut();
});

const me = await fetch('/api/me').then((res) => (res.ok ? res.json() : null), () => null);
if (me) showSignedIn(me);
else showSignedOut();
document.body.dataset.ready = 'true';
