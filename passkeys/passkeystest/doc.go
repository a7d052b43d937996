// Package passkeystest is a software authenticator for tests: it plays the
// part of the browser and the authenticator in WebAuthn ceremonies, really
// signing with ES256 or Ed25519 keys, with attestation "none" or "packed"
// (self attestation), and produces exactly the JSON the published browser
// client posts to /register/complete and /signin/complete (clients.md §2.4:
// unpadded base64url, "AttestationObject" and "clientDataJson" spelled as
// the client spells them, no userHandle unless asked).
//
// It also refuses creation and request options that a browser refuses
// (clients.md §2.5: null lists, null or missing timeout, null rpId, missing
// rp.name), so a test that completes a ceremony with it has also shown that
// the options would work in Chromium.
//
// Test hooks: a credential's signature counter can be set (to act out a
// cloned authenticator), counters can be left at zero (as synced passkeys
// do), and the user handle sent with an assertion can be chosen.
package passkeystest
