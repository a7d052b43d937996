#!/bin/sh
# Vendors the Swagger UI files that /docs serves into apidocs/assets, so the
# reference page works offline and loads nothing from a CDN. The version and
# the registry's integrity hash are pinned here: bumping the version means
# updating both, running this script and committing the result.
set -eu

VERSION=5.35.0
INTEGRITY=sha512-U06rpMtW9V3XPGOBeamTUSr0Z09jMX4IJuANpE/EZbAhw0G8CgwrzU4YmXkn/h0wCDNsXdGarTNNHC3sU8yVUQ==

dest=$(cd "$(dirname "$0")" && pwd)/assets
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

cd "$tmp"
npm pack --silent "swagger-ui-dist@$VERSION" >/dev/null
tarball=swagger-ui-dist-$VERSION.tgz
got="sha512-$(openssl dgst -sha512 -binary "$tarball" | base64 | tr -d '\n')"
if [ "$got" != "$INTEGRITY" ]; then
	echo "integrity mismatch for $tarball: got $got, want $INTEGRITY" >&2
	exit 1
fi
tar xzf "$tarball"

# Only the bundle and its stylesheet are needed (no standalone preset, no
# source maps), plus the licence files Apache-2.0 asks us to keep.
mkdir -p "$dest"
cp package/swagger-ui-bundle.js package/swagger-ui.css "$dest/"
cp package/LICENSE "$dest/swagger-ui.LICENSE"
cp package/NOTICE "$dest/swagger-ui.NOTICE"
echo "swagger-ui-dist $VERSION" >"$dest/VERSION"
echo "vendored swagger-ui-dist $VERSION into $dest"
