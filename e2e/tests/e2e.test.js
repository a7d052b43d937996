'use strict';
// One process, one server, one browser for the whole suite: building and
// starting them dominates the run time, and the scenario steps share state.
const { before, after } = require('node:test');
const { setup, teardown } = require('../harness/environment');

const env = {};

before(() => setup(env), { timeout: 300_000 });
after(() => teardown(env), { timeout: 60_000 });

require('./ceremonies').define(env);
require('./client-errors').define(env);
require('./sdk').define(env);
require('./example').define(env); // the guide's example app, on a page and authenticator of its own
require('./console').define(env);
require('./console-apps').define(env);
require('./diagnostics').define(env); // after the browser tests: it clears the virtual authenticator
require('./webhooks').define(env); // last: it restarts the server (kill -9)
