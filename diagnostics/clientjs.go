package diagnostics

import _ "embed"

// ClientJS is the browser helper served at /diagnostics/client.js: a
// dependency-free ES module that reports failures with the DOMException's
// name, the ceremony session and the elapsed time, and calls the WebAuthn
// Signal API where the browser has it.
//
//go:embed client.js
var ClientJS []byte
