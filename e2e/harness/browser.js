'use strict';
// Headless Chromium from the distribution (never a downloaded browser) with a
// CDP virtual authenticator, so real WebAuthn ceremonies run without hardware.
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { chromium } = require('playwright-core');

const chromiumFlags = [
  '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync',
];

/** The authenticator a passkey-capable laptop offers: internal, resident keys, UV. */
const authenticatorOptions = {
  protocol: 'ctap2',
  transport: 'internal',
  hasResidentKey: true,
  hasUserVerification: true,
  isUserVerified: true,
  automaticPresenceSimulation: true,
};

/**
 * Launches Chromium on a throw-away profile and opens pageOrigin. Returns
 * {page, authenticator: {id, credentials(), setPresence(on), clear()}, consoleLog, close()}.
 */
async function openBrowser(pageOrigin) {
  const executablePath = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
  if (!fs.existsSync(executablePath)) {
    throw new Error(`no Chromium at ${executablePath}: apt-get install chromium, or set CHROMIUM_PATH`);
  }
  const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'pwl-e2e-profile-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath, headless: true, args: chromiumFlags,
  });
  const close = async () => {
    await context.close().catch(() => {});
    fs.rmSync(profile, { recursive: true, force: true });
  };
  try {
    const page = context.pages()[0] || await context.newPage();
    const consoleLog = [];
    page.on('console', (msg) => consoleLog.push(`[${msg.type()}] ${msg.text()}`));
    page.on('pageerror', (err) => consoleLog.push(`[pageerror] ${err.message}`));
    await page.goto(`${pageOrigin}/`);
    const authenticator = await addVirtualAuthenticator(context, page);
    return { page, authenticator, consoleLog, close };
  } catch (err) {
    await close();
    throw err;
  }
}

/** Adds the virtual authenticator to page's target and wraps the CDP calls the tests need. */
async function addVirtualAuthenticator(context, page) {
  const cdp = await context.newCDPSession(page);
  await cdp.send('WebAuthn.enable', { enableUI: false });
  const { authenticatorId } = await cdp.send('WebAuthn.addVirtualAuthenticator', { options: authenticatorOptions });
  return {
    id: authenticatorId,
    /** Credentials the authenticator holds: [{credentialId (base64), isResidentCredential, rpId, userHandle, signCount}]. */
    credentials: async () => (await cdp.send('WebAuthn.getCredentials', { authenticatorId })).credentials,
    setPresence: (enabled) => cdp.send('WebAuthn.setAutomaticPresenceSimulation', { authenticatorId, enabled }),
    /** Forgets every credential: the device no longer holds any passkey. */
    clear: () => cdp.send('WebAuthn.clearCredentials', { authenticatorId }),
  };
}

/**
 * Calls a method of a fresh Passwordless.Client inside the page and returns
 * what it resolved to ({token} or {error}), as a customer's page would see it.
 */
function callClient(page, config, method, ...args) {
  return page.evaluate(async ({ config, method, args }) => {
    const client = new window.Passwordless.Client(config);
    return client[method](...args);
  }, { config, method, args });
}

/**
 * Like callClient, and also returns the JSON body of the server's answer to
 * the POST on path the client made along the way (null if it made none), so a
 * test can check what the server offered the browser (e.g. allowCredentials).
 */
async function callClientWatching(page, config, path, method, ...args) {
  const answer = page.waitForResponse(
    (r) => r.request().method() === 'POST' && new URL(r.url()).pathname === path,
    { timeout: 20_000 },
  ).then((r) => r.json()).catch(() => null);
  const result = await callClient(page, config, method, ...args);
  return { result, answer: await answer };
}

module.exports = { openBrowser, callClient, callClientWatching };
