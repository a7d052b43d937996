package diagnostics

import (
	"crypto/sha256"
	"crypto/sha512"
	"encoding/base64"
	"encoding/hex"

	_ "embed"
)

// ClientJS is the browser helper served at /diagnostics/client.js and at
// ClientJSPath: a dependency-free ES module that instruments one stock
// client instance (watch), reports its failures with their own ceremony's
// session and timing, asks for a decision before a prompt (decide), and
// calls the WebAuthn Signal API where the browser has it.
//
//go:embed client.js
var ClientJS []byte

var (
	// ClientJSVersion names this build of client.js: the first 12 hex digits
	// of its SHA-256. A changed file gets a new URL, so the versioned one can
	// be cached for ever.
	ClientJSVersion = clientJSVersion(ClientJS)
	// ClientJSPath is the immutable, versioned URL path of client.js.
	ClientJSPath = "/diagnostics/client." + ClientJSVersion + ".js"
	// ClientJSIntegrity is its Subresource Integrity value, for a page's
	// `<script integrity>` or import map: "sha384-" and the base64 digest.
	ClientJSIntegrity = clientJSIntegrity(ClientJS)
)

func clientJSVersion(b []byte) string {
	sum := sha256.Sum256(b)
	return hex.EncodeToString(sum[:])[:12]
}

func clientJSIntegrity(b []byte) string {
	sum := sha512.Sum384(b)
	return "sha384-" + base64.StdEncoding.EncodeToString(sum[:])
}
