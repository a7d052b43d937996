#!/usr/bin/env bash
# End-to-end tests: the published Passwordless.dev client libraries (browser
# client in headless Chromium, Node SDK) against this repository's server.
# Usage: bash e2e/run.sh   (from anywhere; needs node >= 20, go, chromium)
# Optional: TEST_DATABASE_URL (PostgreSQL; a fresh database per run),
# TEST_REDIS_URL, CHROMIUM_PATH (default /usr/bin/chromium); with both URLs
# and haproxy (HAPROXY_PATH, default /usr/sbin/haproxy) the load-balancer
# scenario runs too, on ports 21040-21043 (E2E_LB_PORT moves them).
# E2E_SERVER_BIN runs a binary built already (.ci/run: the release build)
# instead of `go build ./cmd/passwordless`.
set -uo pipefail
cd "$(dirname "$0")"

step() {
  local name="$1"; shift
  echo "== e2e: $name"
  if ! "$@"; then
    echo "e2e: FAILED at step: $name" >&2
    exit 1
  fi
}

check_tools() {
  local missing=0
  for tool in node npm go; do
    command -v "$tool" >/dev/null || { echo "missing: $tool" >&2; missing=1; }
  done
  if command -v node >/dev/null && [ "$(node -p 'process.versions.node.split(".")[0]')" -lt 20 ]; then
    echo "node $(node --version) is too old: need >= 20 (playwright-core, node --test)" >&2; missing=1
  fi
  local chromium="${CHROMIUM_PATH:-/usr/bin/chromium}"
  [ -x "$chromium" ] || { echo "missing: $chromium (apt-get install chromium, or set CHROMIUM_PATH)" >&2; missing=1; }
  [ -z "${TEST_DATABASE_URL:-}" ] || command -v psql >/dev/null || { echo "missing: psql (needed with TEST_DATABASE_URL)" >&2; missing=1; }
  return "$missing"
}

step "check tools" check_tools
step "npm ci" npm ci --no-audit --no-fund --loglevel=error
step "suite (node --test)" node --test --test-reporter=spec tests/e2e.test.js
# Three instances behind HAProxy on one PostgreSQL and one Redis; it skips
# itself (saying why) without TEST_DATABASE_URL, TEST_REDIS_URL or haproxy.
step "load balancer (3 instances behind HAProxy)" node --test --test-reporter=spec tests/loadbalancer.test.js
echo "e2e: all steps passed"
