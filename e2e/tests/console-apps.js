'use strict';
// The admin console's application pages in Chromium, after console.js set
// the console up: SDK snippets with copy buttons, the settings, purposes,
// users and event-log filter forms, the reports and passkey-health pages,
// the webhooks pages (to a local receiver that verifies the signature),
// deleting a key (only once locked, after the confirm page) and deleting an
// application; axe-core checks every page, and every page is walked at 390
// and 1280 px (never wider than the screen).
const assert = require('node:assert/strict');
const { after, describe } = require('node:test');
const { PasswordlessClient, RegisterOptions } = require('@passwordlessdev/passwordless-nodejs');
const { chain } = require('../harness/steps');
const { assertAccessible } = require('../harness/axe');
const { callClient } = require('../harness/browser');
const { checkWidths } = require('../harness/layout');
const { startReceiver, waitFor } = require('./webhooks');

function define(env) {
  describe('admin console: application pages', () => {
    const step = chain();
    const appId = `apps${Date.now().toString(36)}`;
    const email = 'owner@e2e.test'; // console.js's owner
    const keys = {};
    let page;
    const go = (sub) => page.goto(`${env.server.url}/console/apps/${appId}${sub}`);
    /** Submits the form holding selector and waits for the page it answers with. */
    const submit = (selector) => Promise.all([page.waitForLoadState('load'), page.click(selector)]);
    after(() => env.browser.page.goto(`${env.pageServer.origin}/`));

    step('the owner is signed in (with the passkey when the session ended)', async () => {
      page = env.browser.page;
      await page.goto(`${env.server.url}/console/apps`);
      if (new URL(page.url()).pathname === '/console/signin') {
        await page.fill('#email', email);
        await Promise.all([page.waitForURL('**/console/apps', { timeout: 20_000 }), page.click('button[type=submit]')]);
      }
      assert.equal(new URL(page.url()).pathname, '/console/apps');
    });

    step('a new application\'s get-started page has SDK snippets with its keys and working copy buttons', async () => {
      await page.fill('#appId', appId);
      await submit('text=Create application');
      keys.secret = await page.textContent('#api-secret-1');
      keys.public = await page.textContent('#api-key-1');
      assert.ok((await page.textContent('#snippet-node')).includes(keys.secret), 'the Node snippet lacks the secret');
      assert.ok((await page.textContent('#snippet-browser')).includes(keys.public), 'the browser snippet lacks the public key');
      const copy = page.locator('button[data-copy="snippet-node"]');
      assert.ok(await copy.isVisible(), 'copy.js did not show the copy button');
      await copy.click();
      await page.waitForFunction(() => /Copied|Selected/.test(document.querySelector('button[data-copy="snippet-node"]').textContent));
      await assertAccessible(page, 'the get-started page with snippets');
      await go('/get-started');
      assert.ok(!(await page.content()).includes(keys.secret), 'the secret is shown again');
      await assertAccessible(page, 'the later get-started page');
    });

    step('the settings forms save magic links, the prompt window and the limits', async () => {
      await go('/settings');
      await assertAccessible(page, 'the settings page');
      await page.uncheck('#magicLinks');
      await page.fill('#promptSkipSignIns', '4');
      await page.fill('#allowedOrigins', `${env.pageServer.origin}\n${env.server.url}`);
      await submit('text=Save sign-in features');
      await page.fill('#maxUsers', '50');
      await page.fill('#maxCredentialsPerUser', '3');
      await submit('text=Save event logging and limits');
      assert.equal(await page.isChecked('#magicLinks'), false);
      assert.equal(await page.inputValue('#promptSkipSignIns'), '4');
      assert.equal(await page.inputValue('#maxUsers'), '50');
      assert.match(await page.inputValue('#allowedOrigins'), new RegExp(env.pageServer.origin.replace(/[.:/]/g, '\\$&')));
      await page.fill('#promptSkipSignIns', '0');
      await page.evaluate(() => document.querySelector('#promptSkipSignIns').removeAttribute('min'));
      await submit('text=Save sign-in features');
      assert.match(await page.textContent('[role=alert]'), /between 1 and 100/);
    });

    step('purposes: add one, edit it, delete it', async () => {
      await go('/purposes');
      await assertAccessible(page, 'the purposes page');
      await page.fill('#purpose', 'payment');
      await page.selectOption('#userVerification', 'required');
      await page.fill('#timeToLive', '00:05:00');
      await page.check('input[name=hint][value=hybrid]');
      await submit('text=Add purpose');
      assert.match(await page.textContent('tbody'), /payment[\s\S]*required[\s\S]*00:05:00[\s\S]*Hybrid/);
      await submit('a:has-text("payment")');
      await assertAccessible(page, 'a purpose\'s page');
      await page.selectOption('#userVerification', 'discouraged');
      await submit('text=Save payment');
      assert.match(await page.textContent('tbody'), /payment[\s\S]*discouraged/);
      await submit('text=Delete payment');
      assert.match(await page.textContent('main'), /its settings: user verification/);
      await assertAccessible(page, 'the confirm page');
      await checkWidths(page, null, 'confirm-purpose');
      await submit('form.confirm button');
      assert.match(await page.textContent('[role=status]'), /Saved/);
      assert.doesNotMatch(await page.textContent('tbody'), /payment/);
    });

    step('a user registered with the SDK and the browser client: its page, then the confirm pages of deleting its passkey and the user', async () => {
      const sdk = new PasswordlessClient(keys.secret, { baseUrl: env.server.internalUrl });
      const options = Object.assign(new RegisterOptions(), { userId: 'apps-user', username: 'apps-user@e2e.test' });
      const { token } = await sdk.createRegisterToken(options);
      await page.goto(`${env.pageServer.origin}/`);
      const registered = await callClient(page, { apiUrl: env.server.url, apiKey: keys.public }, 'register', token, 'apps passkey');
      assert.ok(registered.token, `register: ${JSON.stringify(registered.error)}`);
      await go('/users');
      assert.match(await page.textContent('main'), /1 users with passkeys \(at most 50\)/);
      await submit('a:has-text("apps-user")');
      await assertAccessible(page, 'a user\'s page');
      await checkWidths(page, null, 'user');
      await submit('text=Delete passkey');
      assert.match(await page.textContent('main'), /their last passkey/);
      await checkWidths(page, null, 'confirm-passkey');
      await page.goBack();
      await submit('button:has-text("Delete user apps-user")');
      assert.match(await page.textContent('main'), /1 passkey \(/);
      await checkWidths(page, null, 'confirm-user');
      await submit('form.confirm button');
      assert.match(await page.textContent('[role=status]'), /User deleted/);
      assert.doesNotMatch(await page.textContent('main'), /apps-user<|>apps-user/);
    });

    step('the event log filters by type and by user', async () => {
      await go('/events');
      await page.selectOption('#type', { label: 'AdminAppLimitsChanged' });
      await submit('text=Filter');
      const log = await page.textContent('table.events');
      assert.match(log, /max users 50/);
      assert.match(log, new RegExp(email.replace('.', '\\.')));
      assert.doesNotMatch(log, /ApiManagementAppCreated/);
      await assertAccessible(page, 'the filtered event log');
      await page.selectOption('#type', '');
      await page.fill('#user', 'apps-user');
      await submit('text=Filter');
      assert.match(await page.textContent('table.events'), /ApiUserDeleted/);
    });

    step('the reports, passkey-health and authenticators pages are accessible', async () => {
      await go('/reports');
      assert.equal(await page.locator('svg#chart-credentials title').textContent(), 'Users and credentials');
      await assertAccessible(page, 'the reports page');
      await go('/health');
      // The KPIs of issue 21 §3: one SVG per chart (the passkey login rate and
      // the success rate per platform), the segment table, the grouping switch.
      assert.equal(await page.locator('svg#chart-login-rate').count(), 1);
      assert.equal(await page.locator('svg#chart-success-platform').count(), 1);
      assert.match(await page.textContent('#kpi-values'), /Passkey login rate[\s\S]*Enrollment rate/);
      assert.equal(await page.locator('#segments-table').count(), 1);
      await assertAccessible(page, 'the passkey-health page');
      await page.selectOption('#groupBy', 'browser');
      await submit('#groupby button');
      assert.equal(await page.locator('svg#chart-success-browser').count(), 1);
      await assertAccessible(page, 'the passkey-health page by browser');
      await go('/authenticators');
      await assertAccessible(page, 'the authenticators page');
    });

    step('webhooks: add an endpoint (its secret shown once), send a test event that verifies, delete it', async () => {
      const receiver = await startReceiver();
      try {
        await go('/webhooks');
        await assertAccessible(page, 'the webhooks page');
        await page.fill('#url', receiver.url);
        await page.check('input[name=event][value="user.deleted"]');
        await page.fill('#description', 'e2e receiver');
        await submit('text=Add endpoint');
        const secret = await page.textContent('#webhook-secret');
        assert.match(secret, /^whsec_/);
        await assertAccessible(page, 'the new endpoint\'s secret');
        receiver.trust([secret]);
        await submit('text=Go to the endpoint');
        assert.ok(!(await page.content()).includes(secret), 'the secret is shown again');
        await assertAccessible(page, 'an endpoint\'s page');
        await submit('text=Send a test event');
        const msg = await waitFor(receiver, (m) => m.body.type === 'webhook.test', 'webhook.test message');
        assert.deepEqual(msg.verifiedBy, [secret]);
        // The attempt's outcome is written just after the receiver answers.
        for (let i = 0; i < 50 && !/delivered/.test(await page.textContent('main')); i++) {
          await new Promise((r) => setTimeout(r, 100));
          await page.reload();
        }
        assert.match(await page.textContent('#deliveries'), /webhook\.test[\s\S]*delivered[\s\S]*204/);
        await assertAccessible(page, 'an endpoint\'s page with a delivery');
        // Both webhook tables at 390 px (cards) and 1280 px, while they have rows.
        const endpoint = page.url();
        await checkWidths(page, null, 'webhook');
        await checkWidths(page, `${env.server.url}/console/apps/${appId}/webhooks`, 'webhook-endpoints');
        await page.goto(endpoint);
        await submit('text=Delete endpoint');
        assert.match(await page.textContent('main'), /Delete the webhook endpoint[\s\S]*pending deliver[\s\S]*delivery history/);
        await assertAccessible(page, 'the endpoint\'s confirm page');
        await submit('form.confirm button');
        assert.match(await page.textContent('main'), /No endpoints yet/);
      } finally {
        await receiver.close();
      }
    });

    step('every console page fits the screen at 390 and 1280 px', async () => {
      const base = `${env.server.url}/console`;
      const pages = {
        apps: '/apps', app: `/apps/${appId}`, 'get-started': `/apps/${appId}/get-started`,
        settings: `/apps/${appId}/settings`, purposes: `/apps/${appId}/purposes`, purpose: `/apps/${appId}/purposes/sign-in`,
        authenticators: `/apps/${appId}/authenticators`, users: `/apps/${appId}/users`, events: `/apps/${appId}/events`,
        reports: `/apps/${appId}/reports`, health: `/apps/${appId}/health`, webhooks: `/apps/${appId}/webhooks`,
        org: '/org', 'org-events': '/org/events', profile: '/profile', 'not-found': '/nothing-here',
      };
      for (const [name, sub] of Object.entries(pages)) {
        await checkWidths(page, base + sub, name);
      }
    });

    step('an active key cannot be deleted; locked, it is deleted after the confirm page', async () => {
      await go('');
      const id = keys.public.slice(-4);
      const row = page.locator(`#key-${id}`);
      assert.equal(await row.locator('button:has-text("Delete")').count(), 0, 'an active key offers Delete');
      assert.match(await row.textContent(), /Lock it to delete it/);
      await submit(`form[action$="/keys/${id}/lock"] button`);
      assert.match(await page.textContent('[role=status]'), /Key locked/);
      await submit(`form[action$="/keys/${id}/delete"] button`);
      assert.match(await page.textContent('main'), new RegExp(`Delete the API key …${id}`));
      await assertAccessible(page, 'the key\'s confirm page');
      await checkWidths(page, null, 'confirm-key');
      await submit('form.confirm button');
      assert.match(await page.textContent('[role=status]'), /Key deleted/);
      assert.equal(await page.locator(`#key-${id}`).count(), 0, 'the key is still listed');
    });

    step('deleting the application (young: at once) removes it from the list', async () => {
      await go('/settings');
      await page.check('#confirmDelete');
      await submit('text=Delete application');
      assert.match(await page.textContent('main'), /has been deleted/);
      await page.goto(`${env.server.url}/console/apps`);
      assert.doesNotMatch(await page.textContent('main'), new RegExp(appId));
    });
  });
}

module.exports = { define };
