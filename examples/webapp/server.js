'use strict';
// The example's backend: plain node:http and the published Node SDK, nothing
// else. It serves the page, hands the browser register tokens, and verifies
// the tokens the browser brings back before it signs anyone in.
// docs/integrate.md walks through it; e2e/tests/example.js runs it.
//
//   PASSWORDLESS_API_URL=http://localhost:8080 PASSWORDLESS_API_KEY=myapp:public:… \
//   PASSWORDLESS_API_SECRET=myapp:secret:… npm start
const crypto = require('node:crypto');
const fs = require('node:fs');
const http = require('node:http');
const path = require('node:path');
const { PasswordlessClient, RegisterOptions } = require('@passwordlessdev/passwordless-nodejs');

/** Reads one setting from the environment; a missing one stops the app with its name. */
function setting(name, fallback) {
  const value = process.env[name] || fallback;
  if (value === undefined) {
    console.error(`example: ${name} is not set (see docs/integrate.md)`);
    process.exit(2);
  }
  return value;
}

const apiUrl = setting('PASSWORDLESS_API_URL').replace(/\/+$/, ''); // the client builds `${apiUrl}/path`
const apiKey = setting('PASSWORDLESS_API_KEY');
const port = Number(setting('PORT', '3000'));
const host = setting('HOST', '127.0.0.1');
setting('PASSWORDLESS_API_SECRET');

// The console's Node.js snippet: the secret stays on the backend.
const passwordless = new PasswordlessClient(process.env.PASSWORDLESS_API_SECRET, { baseUrl: apiUrl });

// A real app keeps these in its database; memory keeps the example small.
const accounts = new Map(); // userId → {userId, username}
const byUsername = new Map(); // username → userId
const sessions = new Map(); // cookie value → {userId, username, tokenType}

const vendor = require.resolve('@passwordlessdev/passwordless-client/dist/esm/passwordless.mjs');
const files = {
  '/': [path.join(__dirname, 'public', 'index.html'), 'text/html; charset=utf-8'],
  '/app.js': [path.join(__dirname, 'public', 'app.js'), 'text/javascript; charset=utf-8'],
  '/vendor/passwordless-client.mjs': [vendor, 'text/javascript; charset=utf-8'],
};

/** A register token for userId: the console's snippet, plus the username as an alias for signinWithAlias. */
async function registerToken(userId, username) {
  const options = Object.assign(new RegisterOptions(), { userId, username, displayName: username, aliases: [username] });
  const { token } = await passwordless.createRegisterToken(options);
  return { token };
}

const routes = {
  // The page's settings: public values only, as an ES module.
  'GET /config.js': (req, res) => send(res, 200,
    `export const apiUrl = ${JSON.stringify(apiUrl)};\nexport const apiKey = ${JSON.stringify(apiKey)};\n`,
    'text/javascript; charset=utf-8'),

  // A new account and the token that registers its first passkey.
  'POST /api/accounts': async (req, res) => {
    const { username } = await readJSON(req);
    const name = typeof username === 'string' ? username.trim() : '';
    if (!name || name.length > 64) return problem(res, 400, 'Choose a username of 1 to 64 characters.');
    if (byUsername.has(name)) return problem(res, 409, 'That username is taken: sign in instead.');
    const userId = crypto.randomUUID();
    accounts.set(userId, { userId, username: name });
    byUsername.set(name, userId);
    json(res, 200, await registerToken(userId, name));
  },

  // Another passkey for the signed-in user.
  'POST /api/passkeys': async (req, res) => {
    const session = sessionOf(req);
    if (!session) return problem(res, 401, 'Sign in first.');
    json(res, 200, await registerToken(session.userId, session.username));
  },

  // The console's "check the token the browser sent": nobody is signed in on the browser's word.
  'POST /api/signin': async (req, res) => {
    const { token } = await readJSON(req);
    const verified = typeof token === 'string' ? await passwordless.verifyToken(token) : null;
    if (!verified?.success) return problem(res, 401, 'The sign-in could not be verified.');
    const account = accounts.get(verified.userId) || { userId: verified.userId, username: verified.userId };
    const sid = crypto.randomBytes(32).toString('base64url');
    sessions.set(sid, { ...account, tokenType: verified.type });
    console.log(`example: verified ${verified.type} of user ${verified.userId}`);
    res.setHeader('Set-Cookie', `sid=${sid}; HttpOnly; SameSite=Lax; Path=/`);
    json(res, 200, sessions.get(sid));
  },

  'GET /api/me': (req, res) => {
    const session = sessionOf(req);
    return session ? json(res, 200, session) : problem(res, 401, 'Not signed in.');
  },

  'POST /api/signout': (req, res) => {
    const sid = cookie(req, 'sid');
    if (sid) sessions.delete(sid);
    res.setHeader('Set-Cookie', 'sid=; HttpOnly; SameSite=Lax; Path=/; Max-Age=0');
    json(res, 200, {});
  },
};

function sessionOf(req) {
  const sid = cookie(req, 'sid');
  return (sid && sessions.get(sid)) || null;
}

function cookie(req, name) {
  for (const part of (req.headers.cookie || '').split(';')) {
    const [key, ...value] = part.trim().split('=');
    if (key === name) return value.join('=');
  }
  return '';
}

/** Reads a JSON body of at most 16 KiB; anything else is an empty object. */
async function readJSON(req) {
  let raw = '';
  for await (const chunk of req) {
    raw += chunk;
    if (raw.length > 16 << 10) return {};
  }
  try {
    const body = JSON.parse(raw);
    return body && typeof body === 'object' ? body : {};
  } catch {
    return {};
  }
}

function send(res, status, body, type) {
  res.writeHead(status, { 'Content-Type': type, 'Cache-Control': 'no-store' }).end(body);
}
const json = (res, status, body) => send(res, status, JSON.stringify(body), 'application/json');
const problem = (res, status, title) =>
  send(res, status, JSON.stringify({ title, status }), 'application/problem+json');

const server = http.createServer(async (req, res) => {
  const { pathname } = new URL(req.url, 'http://localhost');
  if (pathname === '/favicon.ico') return res.writeHead(204).end();
  if (pathname === '/favicon.ico') return res.writeHead(204).end();
  const file = req.method === 'GET' && files[pathname];
  if (file) {
    res.writeHead(200, { 'Content-Type': file[1], 'Cache-Control': 'no-store' });
    fs.createReadStream(file[0]).pipe(res);
    return;
  }
  const route = routes[`${req.method} ${pathname}`];
  if (!route) return problem(res, 404, 'Not found.');
  try {
    await route(req, res);
  } catch (err) {
    // The SDK throws ApiException with the server's problem document in err.details.
    console.error('example:', err.details || err.message);
    problem(res, 502, 'The passkey service refused the request.');
  }
});

server.listen(port, host, () => {
  console.log(`example: listening on http://localhost:${server.address().port} (API ${apiUrl})`);
});
