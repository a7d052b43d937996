'use strict';
// Scenario steps depend on each other (no sign-in without a registration), so
// once one fails the rest are skipped with the name of the step that broke the
// chain: the report then names the first real failure instead of a cascade.
const { it } = require('node:test');

/** Returns step(name, fn): an `it` that is skipped once an earlier step of the chain failed. */
function chain() {
  let broken = null;
  return function step(name, fn, options = {}) {
    it(name, { timeout: 30_000, ...options }, async (t) => {
      if (broken) {
        t.skip(`earlier step failed: ${broken}`);
        return;
      }
      try {
        await fn(t);
      } catch (err) {
        broken = name;
        throw err;
      }
    });
  };
}

module.exports = { chain };
