'use strict';
// axe-core's accessibility check of a page, shared by the console suites.
const assert = require('node:assert/strict');
const fs = require('node:fs');

const axeSource = fs.readFileSync(require.resolve('axe-core'), 'utf8');

/**
 * axe-core's check of the page as it stands: no serious or critical
 * violation. The script is evaluated through the DevTools protocol, which
 * the console's Content-Security-Policy (no inline scripts) does not cover.
 */
async function assertAccessible(page, what) {
  await page.evaluate(axeSource);
  const { violations } = await page.evaluate(() => globalThis.axe.run(document, { resultTypes: ['violations'] }));
  const bad = violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  assert.deepEqual(bad.map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join('; ')})`), [],
    `accessibility violations on ${what}`);
}

module.exports = { assertAccessible };
