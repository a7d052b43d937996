'use strict';
// The admin console in Chromium with the virtual authenticator: the setup
// link the server logged at first start → the first admin registers a
// passkey (console.js, navigator.credentials.create) → creates an
// application (secrets shown once) → locks a key → the event log shows it.
const assert = require('node:assert/strict');
const fs = require('node:fs');
const path = require('node:path');
const { after, describe } = require('node:test');
const { chain } = require('../harness/steps');
const { resultsDir } = require('../harness/environment');
const { assertAccessible } = require('../harness/axe');

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
    let page;
    // The suites after this one drive the browser client on the test page.
    after(() => env.browser.page.goto(`${env.pageServer.origin}/`));

    step('the server logged a one-time setup link at first start', async () => {
      assert.ok(setupLink(env), `no setupUrl in the server log:\n${env.server.logTail()}`);
      page = env.browser.page;
    });

    step('the setup link creates the organization and registers the owner\'s passkey', async () => {
      const before = (await env.browser.authenticator.credentials()).length;
      await page.goto(setupLink(env));
      await assertAccessible(page, 'the setup page');
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

    step('locking an API key shows it locked', async () => {
      await page.click('button:has-text("Lock")');
      await page.waitForSelector('button:has-text("Unlock")', { timeout: 10_000 });
      assert.match(await page.textContent('tbody'), /Locked/);
      // docs/console-app.png is this screenshot.
      fs.mkdirSync(resultsDir, { recursive: true });
      await page.screenshot({ path: path.join(resultsDir, 'console-app.png'), fullPage: true });
    });

    step('the event log names the admin who locked the key', async () => {
      await page.click('text=Event log');
      await page.waitForSelector('table.events', { timeout: 10_000 });
      const log = await page.textContent('table.events');
      assert.match(log, /API key locked\./);
      assert.match(log, new RegExp(email.replace('.', '\\.')));
    });

    step('signing out and back in with the passkey (by e-mail)', async () => {
      await Promise.all([page.waitForURL('**/console/signin'), page.click('text=Sign out')]);
      await assertAccessible(page, 'the sign-in page');
      await page.fill('#email', email);
      await Promise.all([page.waitForURL('**/console/apps', { timeout: 20_000 }), page.click('button[type=submit]')]);
      assert.match(await page.content(), new RegExp(appId));
    });
  });
}

module.exports = { define };
