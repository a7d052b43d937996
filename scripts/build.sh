#!/bin/sh
# The release build: a static binary (pure-Go SQLite, so no cgo), no local
# paths, version stamped. CI runs this script; the Dockerfile runs the same
# go build line, and a test (deploy_test.go) keeps the two identical.
#   VERSION  version to stamp (default: git describe, else "dev")
#   OUT      output path (default: bin/passwordless)
set -eu
cd "$(dirname "$0")/.."
VERSION="${VERSION:-$(git describe --tags --always --dirty 2>/dev/null || echo dev)}"
OUT="${OUT:-bin/passwordless}"
CGO_ENABLED=0 go build -trimpath -ldflags "-s -w -X main.version=${VERSION}" -o "$OUT" ./cmd/passwordless
