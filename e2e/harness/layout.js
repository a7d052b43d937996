'use strict';
// The console's layout check: a page at a phone's width (390 px) and at a
// laptop's (1280 px) is never wider than the viewport (a table scrolls in
// its own box or reads as cards, the header wraps) and passes axe-core.
// With SCREENSHOTS=1 each check also writes docs/console/<name>-<width>.png
// (scripts/console-screenshots.sh).
const assert = require('node:assert/strict');
const fs = require('node:fs');
const path = require('node:path');
const { assertAccessible } = require('./axe');

const widths = [390, 1280];
const height = { 390: 844, 1280: 800 };
const screenshotDir = path.resolve(__dirname, '..', '..', 'docs', 'console');

/**
 * Loads url (or keeps the page as it is when url is null) at each width and
 * asserts that documentElement.scrollWidth <= innerWidth and that Sign out
 * is visible when signed in; leaves the page at 1280 px.
 */
async function checkWidths(page, url, name) {
  for (const width of widths) {
    await page.setViewportSize({ width, height: height[width] });
    if (url) await page.goto(url);
    const { scroll, inner, signOut } = await page.evaluate(() => {
      const button = [...document.querySelectorAll('header button')].find((b) => b.textContent.trim() === 'Sign out');
      const box = button && button.getBoundingClientRect();
      return {
        scroll: document.documentElement.scrollWidth,
        inner: window.innerWidth,
        signOut: button ? box.width > 0 && box.right <= window.innerWidth : null,
      };
    });
    assert.ok(scroll <= inner, `${name} at ${width} px is ${scroll} px wide (viewport ${inner})`);
    assert.notEqual(signOut, false, `${name} at ${width} px: Sign out is not reachable`);
    // The phone layout restyles the tables as cards (console.css): axe
    // checks the page at each width, not only at the suite's default one.
    await assertAccessible(page, `${name} at ${width} px`);
    if (process.env.SCREENSHOTS === '1') {
      fs.mkdirSync(screenshotDir, { recursive: true });
      await page.screenshot({ path: path.join(screenshotDir, `${name}-${width}.png`), fullPage: true });
    }
  }
}

module.exports = { checkWidths, widths };
