package diagnostics

import "passwordless/problems"

// credmanKnownTexts continue knownTexts (classify_text.go; appended at
// init, the longest known text a string holds decides) with the texts
// real Android reports brought (testdata/corpus_stop27d.json): Google
// Password Manager's and Play services' own words, Credential Manager's
// misuse texts, providers' and RPs' words as Android users meet them.
var credmanKnownTexts = []knownTextRow{
	// Google Password Manager failing inside Play services: its sync account
	// unreachable (a fault Google fixed in the platform; a restart or a
	// network toggle worked around it; GrapheneOS's sandboxed Play never
	// gets one) or a synced passkey it cannot decrypt. The platform's fault
	// in every report, whatever exception carries the text.
	{text: "unable to get sync account", code: problems.PasskeyPlatformError},
	{text: "failed to decrypt credential", code: problems.PasskeyPlatformError},
	// An RP refusing the security key or passkey offered (Cloudflare's
	// dashboard): no usable passkey here, like "Passkey is invalid".
	{text: "invalid security key", code: problems.PasskeyNoCredentials},
	// Credential Manager handed a non-Activity context by the app
	// ("Failed to launch the selector UI. Hint: ensure the `context`
	// parameter is an Activity-based context."): the app's integration.
	{text: "failed to launch the selector ui", code: problems.PasskeyMisconfigured},
	// microG's FIDO service checking the caller against the RP's asset links
	// ("Package x does not match facet https://…"): the app is not listed.
	{text: "does not match facet", code: problems.PasskeyMisconfigured},
	// A hybrid (phone as authenticator) link that never came up: Windows'
	// and Android's "Devices cannot connect" when the phone has no data
	// connection for the tunnel. Retry on a network.
	{text: "devices cannot connect", code: problems.PasskeyNetworkError},
	{text: "devices can't connect", code: problems.PasskeyNetworkError},
	{text: "devices couldn't connect", code: problems.PasskeyNetworkError},
	// Chrome on Android's sheet when the device holds no passkey for the
	// site ("There aren't any passkeys for example.com on this device.").
	{text: "aren't any passkeys for", code: problems.PasskeyNoCredentials},
	{text: "aren’t any passkeys for", code: problems.PasskeyNoCredentials},
	// A React Native app built without the passkey module's native side
	// ("Cannot find native module 'ExpoPasskeyModule'"): the app's build.
	{text: "cannot find native module", code: problems.PasskeyMisconfigured},
	// Play services refusing a caller that passes an origin without being on
	// its privileged allowlist ("[28442] Invalid calling package."): the
	// calling app's integration.
	{text: "invalid calling package", code: problems.PasskeyMisconfigured},
	// A wrapper reading a member the platform's answer lacks ("JSONException:
	// No value for transports", "… for userHandle": Xiaomi's provider, a
	// hybrid sign-in): the ceremony went through, the platform's response
	// did not.
	{text: "jsonexception: no value for", code: problems.PasskeyPlatformError},
	// A security key refusing the PIN ("Incorrect PIN, 8 times remaining"
	// through Authnkey; Chrome's "Incorrect PIN"): retry with the right one.
	{text: "incorrect pin", code: problems.SecurityKeyPinInvalid},
	// Android's security-key sheet failing to read a key over NFC ("Something
	// went wrong. Try inserting your security key in your phone's USB port
	// …"): the platform's transport.
	{text: "try inserting your security key", code: problems.PasskeyPlatformError},
	// A site's words for the NotAllowedError it got when a provider (Bitwarden
	// in Firefox for Android) came back without a credential: "Passkey
	// verification was canceled." — a refusal at most, never a sure cancel
	// (like better-auth's "auth cancelled").
	{text: "passkey verification was canceled", dom: "NotAllowedError"},
	{text: "passkey verification was cancelled", dom: "NotAllowedError"},
	// passkeys.io's catch-all ("The request either timed out, was canceled or
	// the device is already registered."): its list of what a NotAllowedError
	// may mean, neither a measured timeout nor a sure cancel.
	{text: "either timed out, was canceled", dom: "NotAllowedError"},
	{text: "either timed out, was cancelled", dom: "NotAllowedError"},
	// 1Password as Android provider refusing a request it cannot use ("The
	// website or service failed to send required details to 1Password"): the
	// request the app or site built.
	{text: "failed to send required details", code: problems.PasskeyMisconfigured},
}

// ctapProtocolStatuses are CTAP status names, lowercased, that say the
// client mishandled the key's protocol (a PIN it never asked for, a request
// the key could not parse), not that the user or the site did anything.
var ctapProtocolStatuses = map[string]struct{}{
	"pin_required": {}, "pin_auth_invalid": {}, "invalid_parameter": {}, "invalid_cbor": {},
	"invalid_length": {}, "unsupported_option": {}, "missing_parameter": {},
}

func init() { knownTexts = append(knownTexts, credmanKnownTexts...) }
