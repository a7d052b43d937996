package diagnostics

import (
	"strings"

	"passwordless/problems"
)

// appleDesktopTexts are the known texts of the Apple and desktop reports
// gathered from Apple and desktop reports (testdata/corpus_stop27e.json), appended to
// knownTexts so that the two tables grow without touching each other's rows.
var appleDesktopTexts = []knownTextRow{
	// WebKit's text when a second
	// request replaces a pending one; Chromium's pending-request text
	// without its article, as pages quote it; Keycloak's rewording of
	// Chrome's NotAllowedError (its "not allowed or timed out", before the
	// keyword reading takes "timed out" for a measured timeout).
	{text: "voided by a new request", code: problems.PasskeyInterrupted},
	{text: "request is already pending", code: problems.PasskeyInterrupted},
	{text: "not allowed or timed out", dom: "NotAllowedError"},
	// macOS's sheet when iCloud Keychain is off ("To save a passkey, you
	// need to enable iCloud Keychain …"), Apple's sheet with no passkey for
	// the site, Okta Desktop MFA's "You don't have any keys set up".
	{text: "need to enable icloud keychain", code: problems.PasskeyDeviceNotConfigured},
	{text: "no matching passkeys", code: problems.PasskeyNoCredentials},
	{text: "don't have any keys set up", code: problems.PasskeyNoCredentials},
	// An RP (go-webauthn, Authelia) that has no record of the credential ID
	// the authenticator returned: no usable passkey here.
	{text: "unable to find the credential for the returned credential id", code: problems.PasskeyNoCredentials},
	// The browser's dialog when the authenticator cannot do what the RP's
	// options require (resident keys, UV); GitHub's words for a WebAuthn
	// that is exposed but cannot work (an un-entitled WKWebView).
	{text: "can't be used with this site", code: problems.PasskeyNotSupported},
	{text: "newer or different kind of device", code: problems.PasskeyNotSupported},
	{text: "partial passkey support", code: problems.PasskeyNotSupported},
	// The RP's own verification refusing the response (webauthn4j's
	// exceptions, a stale or lost challenge): the site's side.
	{text: "badchallengeexception", code: problems.PasskeyMisconfigured},
	{text: "badoriginexception", code: problems.PasskeyMisconfigured},
	{text: "badrpidexception", code: problems.PasskeyMisconfigured},
	{text: "challenge does not match", code: problems.PasskeyMisconfigured},
	// SecureAuth's message for a registration the page cancelled, closed or
	// lost (its NotAllowedError family).
	{text: "couldn't verify your device", dom: "NotAllowedError"},
	// An RP's or tenant's policy refusing the authenticator model or type
	// (Entra's and Keycloak's AAGUID and attachment checks): this
	// authenticator is not supported there, as Samsung account's refusal of
	// the provider chosen.
	{text: "security key is not allowed", code: problems.PasskeyNotSupported},
	{text: "security key model is not allowed", code: problems.PasskeyNotSupported},
	{text: "requires a different type of security key", code: problems.PasskeyNotSupported},
	{text: "requires verified security keys", code: problems.PasskeyNotSupported},
	// Android refusing one OS component's intent to another (sandboxed Play
	// Services starting the Bluetooth prompt of the hybrid flow without the
	// permission): the platform's failure.
	{text: "permission denial: starting intent", code: problems.PasskeyPlatformError},
	// The keychain's errSecItemNotFound (-25300) as iOS describes it: no
	// credential stored for the request.
	{text: "no matching items found", code: problems.PasskeyNoCredentials},
	// Windows' dialog asking for a security key because no Windows Hello
	// credential matched allowCredentials (like "doesn't look familiar").
	{text: "insert your security key", code: problems.PasskeyNoCredentials},
	// A React Native / Expo app whose native build lacks the passkey module:
	// the app's own integration.
	{text: "cannot find native module", code: problems.PasskeyMisconfigured},
	{text: "native module cannot be null", code: problems.PasskeyMisconfigured},
	// Keycloak's webauthn-error-user-not-found: the passkey's user handle
	// names no account the RP knows, no usable passkey here.
	{text: "unknown user authenticated by the", code: problems.PasskeyNoCredentials},
}

func init() { knownTexts = append(knownTexts, appleDesktopTexts...) }

// straightened is s with typographic apostrophes as ASCII ones: Apple's and
// Windows' own texts say "couldn’t", "doesn’t", users retype them "couldn't";
// the tables hold the ASCII form.
func straightened(s string) string {
	return strings.NewReplacer("\u2019", "'", "\u2018", "'").Replace(s)
}
