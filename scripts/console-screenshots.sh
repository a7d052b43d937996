#!/usr/bin/env bash
# Refreshes docs/console/<page>-390.png and <page>-1280.png: runs the e2e
# suite's console scenarios (e2e/tests/console*.js) with SCREENSHOTS=1, so
# every page the layout check walks is also photographed at both widths.
# Needs what e2e/run.sh needs (node >= 20, go, chromium; TEST_DATABASE_URL
# and TEST_REDIS_URL optional).
set -euo pipefail
cd "$(dirname "$0")/../e2e"
npm ci --no-audit --no-fund --loglevel=error
rm -f ../docs/console/*.png
SCREENSHOTS=1 node --test --test-reporter=spec --test-name-pattern='admin console' tests/e2e.test.js
ls ../docs/console
