'use strict';
// The admin console in Chromium with the virtual authenticator, the issue's
// browser scenario: the setup link the server logged at first start → the
// first admin registers a passkey (console.js, navigator.credentials.create)
// → creates an application (secrets shown once) → the Node SDK with its
// secret creates a register token → the browser client registers a passkey
// with its public key → the user appears in the console → lock the secret
// (the SDK gets api_key_locked) → unlock → the event log shows both → sign
// out, sign in with the passkey → sign out, sign in with a magic link read
// received over SMTP by the suite's capture → invite a second admin, who accepts in a second browser
// with its own authenticator and cannot see a third organization's app →
// a new organization signs up from the sign-in page with the link mailed
// over SMTP → the plan page shows limits and usage, each organization its own.
const assert = require('node:assert/strict');
const fs = require('node:fs');
const path = require('node:path');
const { execFile } = require('node:child_process');
const { promisify } = require('node:util');
const { after, describe } = require('node:test');
const { ApiException, PasswordlessClient, RegisterOptions } = require('@passwordlessdev/passwordless-nodejs');
const { chain } = require('../harness/steps');
const { resultsDir } = require('../harness/environment');
const { assertAccessible } = require('../harness/axe');
const { openBrowser, callClient } = require('../harness/browser');
const { findMagicLink } = require('../harness/outbox');
const { checkWidths } = require('../harness/layout');

/** A fresh setup link from the CLI (`passwordless console setup-link`, same database and data dir). */
async function cliSetupLink(env) {
  const cliEnv = { PATH: process.env.PATH, HOME: process.env.HOME || env.workDir, DATABASE_URL: env.server.database.url,
    DATA_DIR: env.server.dataDir, PUBLIC_URL: env.server.url, MANAGEMENT_KEY: env.server.managementKey };
  if (process.env.TEST_REDIS_URL) cliEnv.REDIS_URL = process.env.TEST_REDIS_URL;
  const { stdout } = await promisify(execFile)(path.join(env.workDir, 'passwordless'), ['console', 'setup-link'],
    { env: cliEnv, timeout: 20_000 });
  return stdout.trim();
}

/** Registers an organization's owner with page's authenticator and creates an application. */
async function newOrganization(page, link, org, email, appId) {
  await page.goto(link);
  await page.fill('#org', org);
  await page.fill('#email', email);
  await Promise.all([page.waitForURL('**/console/apps', { timeout: 20_000 }), page.click('button[type=submit]')]);
  await page.fill('#appId', appId);
  await Promise.all([page.waitForLoadState('load'), page.click('text=Create application')]);
}

/** Resolves with the ApiException details of an SDK call that must fail. */
async function problemOf(call) {
  try {
    await call;
  } catch (err) {
    assert.ok(err instanceof ApiException, `not an ApiException: ${err}`);
    return err.details;
  }
  assert.fail('the call succeeded');
}

/** The one-time setup URL of the server's first-start log line. */
function setupLink(env) {
  const m = env.server.log.match(/"setupUrl":"([^"]+)"/);
  return m ? m[1] : null;
}

function define(env) {
  describe('admin console', () => {
    const step = chain();
    const appId = `shop${Date.now().toString(36)}`;
    const email = 'owner@e2e.test';
    const userId = `console-user-${Date.now().toString(36)}`;
    let page;
    let keys; // the new application's keys, as the get-started page showed them
    let sdk;
    let second; // the browser of the application's user, then of the invited admin
    after(() => second && second.close());
    let newcomer; // the browser of the person who signs up, with a device of its own
    after(() => newcomer && newcomer.close());
    // The suites after this one drive the browser client on the test page.
    after(() => env.browser.page.goto(`${env.pageServer.origin}/`));

    step('the server logged a one-time setup link at first start', async () => {
      assert.ok(setupLink(env), `no setupUrl in the server log:\n${env.server.logTail()}`);
      page = env.browser.page;
      // The earlier suites' passkeys (rpId localhost too) would be offered by
      // the sign-in page's autofill: the admin's authenticator starts empty.
      await env.browser.authenticator.clear();
    });

    step('the setup link creates the organization and registers the owner\'s passkey', async () => {
      const before = (await env.browser.authenticator.credentials()).length;
      await page.goto(setupLink(env));
      await assertAccessible(page, 'the setup page');
      await checkWidths(page, null, 'setup');
      await page.fill('#org', 'E2E Org');
      await page.fill('#email', email);
      await Promise.all([page.waitForURL('**/console/apps', { timeout: 20_000 }), page.click('button[type=submit]')]);
      assert.equal((await env.browser.authenticator.credentials()).length, before + 1, 'no new passkey in the authenticator');
      assert.match(await page.textContent('header'), /E2E Org/);
      await assertAccessible(page, 'the applications page');
    });

    step('the setup link cannot be used twice', async () => {
      const res = await page.goto(setupLink(env));
      assert.equal(res.status(), 410);
      await page.goto(`${env.server.url}/console/apps`);
    });

    step('creating an application shows its secrets once', async () => {
      await page.fill('#appId', appId);
      await Promise.all([page.waitForLoadState('load'), page.click('text=Create application')]);
      assert.match(await page.textContent('#api-secret-1'), new RegExp(`^${appId}:secret:`));
      const secret = await page.textContent('#api-secret-1');
      keys = { public: await page.textContent('#api-key-1'), secret };
      await assertAccessible(page, 'the get-started page');
      await page.goto(`${env.server.url}/console/apps/${appId}`);
      assert.ok(!(await page.content()).includes(secret), 'the secret is shown again');
      await assertAccessible(page, 'the application page');
      for (const sub of ['users', 'events']) {
        await page.goto(`${env.server.url}/console/apps/${appId}/${sub}`);
        await assertAccessible(page, `the ${sub} page`);
      }
      await page.goto(`${env.server.url}/console/profile`);
      await assertAccessible(page, 'the profile page');
      await page.goto(`${env.server.url}/console/apps/${appId}`);
    });

    step('the Node SDK with the new secret creates a register token; the browser client registers a passkey', async () => {
      sdk = new PasswordlessClient(keys.secret, { baseUrl: env.server.internalUrl });
      const { token } = await sdk.createRegisterToken(Object.assign(new RegisterOptions(), { userId, username: `${userId}@shop.test` }));
      assert.match(token, /^register_/);
      // The application's user registers in a browser of their own: a second
      // Chromium with its own authenticator (the admin's keeps only the
      // console passkey, which its autofill then offers alone).
      second = await openBrowser(env.pageServer.origin);
      const res = await callClient(second.page, { apiUrl: env.server.url, apiKey: keys.public }, 'register', token, 'console laptop');
      assert.match(res.token ?? '', /^verify_/, JSON.stringify(res));
      assert.equal((await sdk.verifyToken(res.token)).userId, userId);
    });

    step('the user appears in the console with the credential registered through the browser client', async () => {
      await page.goto(`${env.server.url}/console/apps/${appId}/users`);
      assert.match(await page.textContent('main'), new RegExp(userId));
      await Promise.all([page.waitForLoadState('load'), page.click(`text=${userId}`)]);
      assert.match(await page.textContent('main'), /console laptop/);
      await assertAccessible(page, 'the user page');
    });

    step('locking the secret key in the console: the SDK gets api_key_locked', async () => {
      await page.goto(`${env.server.url}/console/apps/${appId}`);
      const id = keys.secret.slice(-4);
      await Promise.all([page.waitForLoadState('load'), page.click(`form[action$="/keys/${id}/lock"] button`)]);
      await page.waitForSelector(`form[action$="/keys/${id}/unlock"]`, { timeout: 10_000 });
      assert.match(await page.textContent('tbody'), /Locked/);
      // docs/console-app.png is this screenshot.
      fs.mkdirSync(resultsDir, { recursive: true });
      await page.screenshot({ path: path.join(resultsDir, 'console-app.png'), fullPage: true });
      const details = await problemOf(sdk.createRegisterToken(Object.assign(new RegisterOptions(), { userId, username: userId })));
      assert.equal(details.errorCode, 'api_key_locked', JSON.stringify(details));
    });

    step('unlocking it: the SDK works again', async () => {
      const id = keys.secret.slice(-4);
      await Promise.all([page.waitForLoadState('load'), page.click(`form[action$="/keys/${id}/unlock"] button`)]);
      await page.waitForSelector(`form[action$="/keys/${id}/lock"]`, { timeout: 10_000 });
      const { token } = await sdk.createRegisterToken(Object.assign(new RegisterOptions(), { userId, username: userId }));
      assert.match(token, /^register_/);
    });

    step('the event log shows the lock and the unlock, by the admin', async () => {
      await page.click('text=Event log');
      await page.waitForSelector('table.events', { timeout: 10_000 });
      const log = await page.textContent('table.events');
      assert.match(log, /API key locked\./);
      assert.match(log, /API key unlocked\./);
      assert.match(log, new RegExp(email.replace('.', '\\.')));
    });

    step('signing out: the sign-in page\'s autofill (conditional UI) signs back in with the passkey', async () => {
      // The virtual authenticator answers the conditional get() the page
      // starts at once, as a user picking the passkey from the autofill would.
      await Promise.all([page.waitForURL('**/console/apps', { timeout: 20_000 }), page.click('text=Sign out')]);
      assert.match(await page.content(), new RegExp(appId));
    });

    step('signing out and back in with the passkey by e-mail (the explicit button)', async () => {
      // Without user presence the autofill request stays pending; the button aborts it.
      await env.browser.authenticator.setPresence(false);
      await Promise.all([page.waitForURL('**/console/signin?done=signed-out'), page.click('text=Sign out')]);
      await assertAccessible(page, 'the sign-in page');
      assert.match(await page.textContent('[role=status]'), /Signed out/);
      await checkWidths(page, null, 'signin');
      await page.fill('#email', email);
      await env.browser.authenticator.setPresence(true);
      await Promise.all([page.waitForURL('**/console/apps', { timeout: 20_000 }), page.click('button[type=submit]')]);
      assert.match(await page.content(), new RegExp(appId));
    });

    step('signing out and back in with a magic link received over SMTP', async () => {
      await env.browser.authenticator.setPresence(false);
      await Promise.all([page.waitForURL('**/console/signin?done=signed-out'), page.click('text=Sign out')]);
      await page.fill('#magic-email', email);
      await Promise.all([page.waitForLoadState('load'), page.click('text=E-mail me a sign-in link')]);
      assert.match(await page.textContent('main'), /Check your inbox/);
      await assertAccessible(page, 'the check-your-inbox page');
      await checkWidths(page, null, 'magic-sent');
      const found = findMagicLink(env.server.dataDir, `${env.server.url}/console/signin/link?token=`);
      assert.ok(found, 'no sign-in link in the mail the SMTP capture received');
      assert.match(found.file, /smtp-capture\/\d+\.eml$/, 'the link must have come over SMTP, not from a file outbox');
      assert.match(fs.readFileSync(found.file, 'utf8'), new RegExp(`X-Envelope-To: ${email.replace('.', '\\.')}`));
      await page.goto(found.link);
      await assertAccessible(page, 'the magic-link page');
      await checkWidths(page, null, 'magic-link');
      await Promise.all([page.waitForURL('**/console/apps', { timeout: 20_000 }), page.click('button:has-text("Sign in")')]);
      await env.browser.authenticator.setPresence(true);
      assert.match(await page.content(), new RegExp(appId));
    });

    step('an invited admin accepts in a second browser and cannot see a third organization\'s app', async () => {
      await page.goto(`${env.server.url}/console/org`);
      await assertAccessible(page, 'the organization page');
      await page.fill('#invite-email', 'second@e2e.test');
      await Promise.all([page.waitForLoadState('load'), page.click('text=Send invitation')]);
      assert.match(await page.textContent('table.invites'), /second@e2e\.test/);
      const found = findMagicLink(env.server.dataDir, `${env.server.url}/console/invite?token=`, '[A-Za-z0-9_-]+\\.[0-9]+\\.[A-Za-z0-9_-]+');
      assert.ok(found, 'no invitation link in the mail the SMTP capture received');
      assert.match(found.file, /smtp-capture\/\d+\.eml$/);

      const other = second.page;
      const thirdApp = `third${Date.now().toString(36)}`;
      await newOrganization(other, await cliSetupLink(env), 'Third Org', 'third@e2e.test', thirdApp);
      // Accepting signs the browser in as the invitee (a new session).
      await other.goto(found.link);
      await assertAccessible(other, 'the invitation page');
      await checkWidths(other, null, 'invite');
      await Promise.all([other.waitForURL('**/console/apps', { timeout: 20_000 }), other.click('button[type=submit]')]);
      assert.match(await other.textContent('header'), /E2E Org/);
      assert.match(await other.content(), new RegExp(appId));
      const res = await other.goto(`${env.server.url}/console/apps/${thirdApp}`);
      assert.equal(res.status(), 404);
    });

    step('the organization\'s event log shows the invitation and the new admin', async () => {
      await page.goto(`${env.server.url}/console/org/events`);
      await assertAccessible(page, 'the organization event log');
      const log = await page.textContent('table.events');
      assert.match(log, /Invitation sent to second@e2e\.test\./);
      assert.match(log, /Admin second@e2e\.test added\./);
      assert.doesNotMatch(log, /Third Org/);
    });

    step('a new organization signs up from the sign-in page with a link received over SMTP', async () => {
      // A fresh browser: its authenticator holds no console passkey, so the
      // sign-in page's autofill request stays pending.
      newcomer = await openBrowser(env.pageServer.origin);
      const other = newcomer.page;
      const founder = 'founder@e2e.test';
      await other.goto(`${env.server.url}/console/signin`);
      await Promise.all([other.waitForURL('**/console/signup'), other.click('#signup-link')]);
      await assertAccessible(other, 'the sign-up page');
      await checkWidths(other, null, 'signup');
      await other.fill('#signup-org', 'Signed Up Org');
      await other.fill('#signup-email', founder);
      await Promise.all([other.waitForLoadState('load'), other.click('button:has-text("E-mail me the link")')]);
      assert.match(await other.textContent('main'), /Check your inbox/);
      let found = null;
      for (let i = 0; i < 50 && !found; i++) { // the mail is sent off the request
        found = findMagicLink(env.server.dataDir, `${env.server.url}/console/signup/verify?token=`, '[A-Za-z0-9_-]+\\.[0-9]+\\.[A-Za-z0-9_-]+');
        if (!found) await new Promise((r) => setTimeout(r, 100));
      }
      assert.ok(found, 'no sign-up link in the mail the SMTP capture received');
      assert.match(found.file, /smtp-capture\/\d+\.eml$/, 'the link must have come over SMTP, not from a file outbox');
      const mail = fs.readFileSync(found.file, 'utf8');
      assert.match(mail, /X-Envelope-To: founder@e2e\.test/);
      assert.doesNotMatch(mail.match(/^Subject: .*$/m)[0], /Signed Up Org/);
      await other.goto(found.link);
      await assertAccessible(other, 'the sign-up link page');
      await checkWidths(other, null, 'signup-link');
      await Promise.all([other.waitForURL('**/console/profile?done=signed-up', { timeout: 20_000 }),
        other.click('button:has-text("Create the organization")')]);
      assert.match(await other.textContent('header'), /Signed Up Org/);
      assert.match(await other.textContent('[role=status]'), /Add a passkey/);
      await assertAccessible(other, 'the profile page after sign-up');
      await other.click('button:has-text("Add a passkey")');
      await other.waitForSelector('main table tbody tr, #ceremony-error:not([hidden])', { timeout: 20_000 });
      const refused = await other.$('#ceremony-error:not([hidden])');
      assert.equal(refused && await refused.textContent(), null, 'adding a passkey after sign-up was refused');
      // The link works once.
      await other.goto(found.link);
      assert.match(await other.textContent('main'), /expired or was used already/);
    });

    step('the plan page shows the organization\'s limits and usage, and only its own', async () => {
      await page.goto(`${env.server.url}/console/org/plan`);
      await assertAccessible(page, 'the plan page');
      await checkWidths(page, null, 'plan');
      assert.match(await page.textContent('table.plan-apps'), new RegExp(appId));
      const other = newcomer.page;
      await other.goto(`${env.server.url}/console/org/plan`);
      assert.doesNotMatch(await other.content(), new RegExp(appId));
      assert.match(await other.textContent('main'), /no applications yet/);
    });

    step('a failed passkey ceremony reports itself and shows the diagnostics advice', async () => {
      // The owner's authenticator holds their console passkey already: adding
      // another on it fails in the browser (excludeCredentials, InvalidStateError).
      await page.goto(`${env.server.url}/console/profile`);
      const report = page.waitForResponse((r) => new URL(r.url()).pathname === '/console/diagnostics', { timeout: 20_000 });
      await page.click('text=Add a passkey');
      const { advice, errorCode } = await (await report).json();
      assert.equal(errorCode, 'passkey_already_registered', `diagnostics answered ${JSON.stringify({ advice, errorCode })}`);
      await page.waitForFunction((text) => document.getElementById('ceremony-error').textContent === text, advice, { timeout: 5_000 });
      await assertAccessible(page, 'the profile page with an error');
    });
  });
}

module.exports = { define };
