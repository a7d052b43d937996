#!/bin/sh
# Release binaries for every supported platform, built by scripts/build.sh
# (so with the Dockerfile's flags: static, no cgo, -trimpath, version
# stamped), plus a SHA256SUMS file to check downloads against.
#   VERSION  version to stamp and name the files with (default: git describe, else "dev")
#   DIST     output directory (default: dist/); emptied of earlier builds of VERSION
#   TARGETS  space-separated GOOS/GOARCH pairs (default: the four below)
# Produces DIST/passwordless-VERSION-GOOS-GOARCH and DIST/SHA256SUMS.
set -eu
cd "$(dirname "$0")/.."
VERSION="${VERSION:-$(git describe --tags --always --dirty 2>/dev/null || echo dev)}"
DIST="${DIST:-dist}"
TARGETS="${TARGETS:-linux/amd64 linux/arm64 darwin/amd64 darwin/arm64}"
export VERSION
mkdir -p "$DIST"
rm -f "$DIST"/passwordless-"$VERSION"-* "$DIST/SHA256SUMS"
for target in $TARGETS; do
  os=${target%/*} arch=${target#*/}
  name="passwordless-$VERSION-$os-$arch"
  echo "building $name"
  GOOS=$os GOARCH=$arch OUT="$DIST/$name" scripts/build.sh
done
# Names only in SHA256SUMS, so `sha256sum -c SHA256SUMS` works in DIST.
cd "$DIST"
if command -v sha256sum >/dev/null 2>&1; then
  sha256sum passwordless-"$VERSION"-* >SHA256SUMS
else
  shasum -a 256 passwordless-"$VERSION"-* >SHA256SUMS # macOS
fi
cat SHA256SUMS
