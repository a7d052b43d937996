package diagnostics

import (
	"regexp"
	"strings"

	"passwordless/problems"
)

// knownTextRow is one known text and what it means.
type knownTextRow struct {
	text string
	dom  string // classify as this DOMException (InvalidStateError depends on the ceremony)
	code problems.Code
}

// knownTexts are the engines' and platforms' own English messages, matched
// lowercased as substrings of any string of an error: the stock client's
// title, a DOMException's message, a bare {message}, a plain string, an
// SDK's text. One table for every shape, so that the same words get the same
// answer whatever carried them. A known text says more than a DOMException
// name (Chrome puts its TLS and Permissions-Policy refusals, Safari its
// focus refusal, in a NotAllowedError), so it outranks the name.
var knownTexts = []knownTextRow{
	{text: "the operation either timed out or was not allowed", dom: "NotAllowedError"},
	{text: "the request is not allowed by the user agent or the platform", dom: "NotAllowedError"},
	{text: "this request has been cancelled by the user", dom: "NotAllowedError"}, // Safari, cancelled or not
	{text: "credential creation was cancelled by the user", dom: "NotAllowedError"},
	{text: "cancelled by the user or a timeout", dom: "NotAllowedError"}, // a wrapper says it cannot tell
	// Laragear webpass names every NotAllowedError so, cancel or not.
	{text: "attestationcancelled", dom: "NotAllowedError"},
	{text: "assertioncancelled", dom: "NotAllowedError"},
	{text: "one of the credentials already registered", dom: "InvalidStateError"},
	{text: "an attempt was made to use an object that is not, or is no longer, usable", dom: "InvalidStateError"},
	{text: "object is in an invalid state", dom: "InvalidStateError"}, // WebKit's InvalidStateError
	{text: "object is in invalid state", dom: "InvalidStateError"},
	{text: "credential is excluded", code: problems.PasskeyAlreadyRegistered}, // KeePassXC's excludeCredentials match
	{text: "one of the excluded credentials exists on the local device", code: problems.PasskeyAlreadyRegistered},
	{text: "matches an entry of the excludecredentials list", code: problems.PasskeyAlreadyRegistered}, // Safari
	{text: "signal is aborted without reason", dom: "AbortError"},
	// Firefox rejects with AbortError "The operation was aborted." when the
	// user dismisses its prompt (Chrome and Safari say NotAllowedError).
	{text: "the operation was aborted", code: problems.PasskeyCancelled},
	// The site's own configuration, whatever DOMException carries it.
	{text: "this is an invalid domain", dom: "SecurityError"},
	{text: "is an invalid domain", dom: "SecurityError"},
	{text: "is invalid for this domain", dom: "SecurityError"},
	{text: "is not a registrable domain suffix", dom: "SecurityError"},
	{text: "is not a valid domain", dom: "SecurityError"},
	{text: "the operation is insecure", dom: "SecurityError"},
	{text: "with tls certificate error", code: problems.PasskeyMisconfigured},
	{text: "publickey-credentials-get", code: problems.PasskeyMisconfigured},
	{text: "publickey-credentials-create", code: problems.PasskeyMisconfigured},
	{text: "is not the same as its ancestors", code: problems.PasskeyMisconfigured},
	{text: "capabilities to cross-origin child frames", code: problems.PasskeyMisconfigured},
	{text: "only available to https origin", code: problems.PasskeyMisconfigured},
	// WebAuthn called outside a user gesture (Safari), options the browser
	// cannot use: the page's doing.
	{text: "user gesture is not detected", code: problems.PasskeyMisconfigured},
	{text: "no entry in pubkeycredparams", code: problems.PasskeyMisconfigured},
	{text: "publickeycredential' is not defined", dom: "NotSupportedError"}, // a browser without WebAuthn
	{text: "publickeycredential is not defined", dom: "NotSupportedError"},
	// Android's Digital Asset Links refusals (Play Services code 50152).
	{text: "rp id cannot be validated", code: problems.PasskeyMisconfigured},
	// An RP's own wording of the same SecurityError (Pocket ID), and a
	// third-party provider refusing an app the RP's asset links do not list
	// (Keyguard: "Failed to verify the relation with the Relaying Party. App
	// package name is not associated with the relying party!").
	{text: "relying party id is invalid", dom: "SecurityError"},
	{text: "cannot be used with the current origin", dom: "SecurityError"}, // "'rp.id' cannot be used …" (Gitea, better-auth)
	// The RP's own verification, when a page passes its refusal on: the
	// origin or RP ID it expects is not the one the browser or app used
	// (SimpleWebAuthn, py_webauthn, go-webauthn), or it demands user
	// verification that its options only asked for as "preferred".
	{text: "unexpected registration response origin", code: problems.PasskeyMisconfigured},
	{text: "unexpected authentication response origin", code: problems.PasskeyMisconfigured},
	{text: "unexpected client data origin", code: problems.PasskeyMisconfigured},
	{text: "unexpected rp id hash", code: problems.PasskeyMisconfigured},
	{text: "unexpectedrpidhash", code: problems.PasskeyMisconfigured},
	{text: "error validating origin", code: problems.PasskeyMisconfigured},
	{text: "but user could not be verified", code: problems.PasskeyMisconfigured},
	// The RP has no record of the passkey the device offered (go-webauthn).
	{text: "failed to lookup client-side discoverable credential", code: problems.PasskeyNoCredentials},
	{text: "not associated with the relying party", code: problems.PasskeyMisconfigured},
	{text: "relation with the relaying party", code: problems.PasskeyMisconfigured},
	{text: "relation with the relying party", code: problems.PasskeyMisconfigured},
	{text: "the incoming request cannot be validated", code: problems.PasskeyMisconfigured},
	{text: "is not supported in this browser", dom: "NotSupportedError"},
	{text: "are not supported at this time", dom: "NotSupportedError"},
	// Apple's: the app's entitlements and associated domains (seed 000).
	{text: "rejecting unentitled process", code: problems.PasskeyMisconfigured},
	{text: "is missing web browser entitlement", code: problems.PasskeyMisconfigured},
	{text: "icloud keychain is off", code: problems.PasskeyDeviceNotConfigured},
	{text: "device not configured for passkey", code: problems.PasskeyDeviceNotConfigured}, // before any LAError beside it
	{text: "icloud keychain has been disabled", code: problems.PasskeyDeviceNotConfigured},
	{text: "request already in progress", code: problems.PasskeyInterrupted}, // Apple's "a request is already pending"
	// androidx.credentials' and Play Services' own messages.
	{text: "no create options available", code: problems.PasskeyDeviceNotConfigured},
	{text: "no credentials available", code: problems.PasskeyNoCredentials},
	{text: "no viable credential is available", code: problems.PasskeyNoCredentials},
	{text: "cannot find a matching credential", code: problems.PasskeyNoCredentials},
	{text: "cannot find credential", code: problems.PasskeyNoCredentials}, // Play Services FIDO2
	// Play Services' cool-down (28436) after several closed prompts: the
	// request is refused, not cancelled by this user action.
	{text: "temporarily blocked due to too many canceled", dom: "NotAllowedError"},
	{text: "support credential manager", code: problems.PasskeyNotSupported},         // "Your device doesn't support credential manager"
	{text: "credential_manager_set_origin", code: problems.PasskeyMisconfigured},     // the app lacks the privileged permission
	{text: "talking to the credential manager", code: problems.PasskeyPlatformError}, // Chrome's NotReadableError text
	{text: "failed for an unknown transient reason", dom: "UnknownError"},            // Firefox's UnknownError text
	// A crash inside Play Services ("[8] UNKNOWN EXCEPTION - java.lang.…"),
	// androidx's text for a framework failure it cannot type, and a
	// provider whose vault must be unlocked first (Google Password
	// Manager's "[11000] Passphrase required").
	{text: "unknown exception - ", code: problems.PasskeyPlatformError},
	{text: "error returned from framework", code: problems.PasskeyPlatformError},
	{text: "passphrase required", code: problems.PasskeyDeviceNotConfigured},
	// Bitwarden for Android as the provider: the RP's Digital Asset Links do
	// not list the app, or the user's passkey is not in the vault. (Its
	// "Passkeys not supported for this app" is its own refusal: a provider
	// mark, see providerTexts.)
	{text: "because of missing asset links", code: problems.PasskeyMisconfigured},
	{text: "app not found in asset links", code: problems.PasskeyMisconfigured},
	{text: "app not found in assets links", code: problems.PasskeyMisconfigured},   // the same, as one release words it
	{text: "does not match the selected app", code: problems.PasskeyMisconfigured}, // 1Password for Android, the same refusal
	{text: "because passkey does not exist", code: problems.PasskeyNoCredentials},
	// Chromium's own messages (credentials_container.cc), read more closely
	// than their DOMException names allow.
	{text: "recognized none of the provided credentials", code: problems.PasskeyNoCredentials},
	{text: "a request is already pending", code: problems.PasskeyInterrupted},
	{text: "because the page does not have focus", code: problems.PasskeyInterrupted},
	{text: "document is not focused", code: problems.PasskeyInterrupted},                    // Safari
	{text: "credentialcontainer request is not allowed", code: problems.PasskeyInterrupted}, // Firefox, tab not active
	{text: "unless the device is secured with a screen lock", code: problems.PasskeyDeviceNotConfigured},
	// Chrome's refusal of create() in a cross-origin frame, whatever name
	// carries it: the embedding is the site's.
	{text: "same-origin with all of its ancestors", code: problems.PasskeyMisconfigured},
	// Firefox's NotSupportedError message, and old Chrome's (before 70).
	{text: "operation is not supported", dom: "NotSupportedError"},
	{text: "not implemented", dom: "NotSupportedError"},
	{text: "are supported by this device", code: problems.PasskeyNotSupported},
	{text: "is not supported on this device", code: problems.PasskeyNotSupported},
	// Apple's description of a 1001 that is not a cancel (seed 000), in
	// English and as a Chinese device words it.
	{text: "no credentials available for login", code: problems.PasskeyNoCredentials},
	{text: "found no credentials on this device", code: problems.PasskeyNoCredentials},
	{text: "没有可用于登录的凭证", code: problems.PasskeyNoCredentials},
	// An AutoFill-assisted (conditional) request built with a request type
	// AutoFill cannot serve (a security-key request): the app's request.
	{text: "does not support autofill assistance", code: problems.PasskeyMisconfigured},
	// LAError -8 as its description, when a wrapper dropped the domain.
	{text: "biometry is locked out", code: problems.PasskeyBiometryLockout},
	// WebKit's own (AuthenticatorManager, the HID/NFC authenticators).
	{text: "no credentials from the allowcredentials list", code: problems.PasskeyNoCredentials},
	// Firefox's own timeout ("NotAllowedError: lifetimeTimer has expired").
	{text: "lifetimetimer has expired", code: problems.PasskeyTimeout},
	{text: "operation timed out", dom: "TimeoutError"},
	// @simplewebauthn/browser's rewordings of the DOMException it caught.
	{text: "the authenticator was previously registered", code: problems.PasskeyAlreadyRegistered},
	{text: "ceremony was sent an abort signal", dom: "AbortError"},
	{text: "but no available authenticator supported it", dom: "NotSupportedError"},
	{text: "no available authenticator supported any of the specified", dom: "NotSupportedError"},
	{text: "user id was not between 1 and 64 characters", code: problems.PasskeyMisconfigured},
	{text: "unable to process the specified options", dom: "UnknownError"},
	{text: "no available authenticator recognized any of the allowed credentials", dom: "NotAllowedError"},
	// Play Services' FIDO2 text, which Flutter passkeys reports under its
	// "cancelled" code ("users skip the fingerprint animation"): cancelled or
	// no usable passkey, never a sure cancel.
	{text: "none of the allowed credentials can be authenticated", dom: "NotAllowedError"},
	{text: "user clicked cancel, or the", dom: "NotAllowedError"},
	{text: "ceremony timed out, please refresh", dom: "TimeoutError"},
	// Windows Security's and Chrome's security-key dialogs, as users copy
	// them: the key holds none of the credentials the site asked for ("This
	// security key doesn't look familiar. Please try a different one.",
	// "… a security key that's not registered with this site").
	{text: "look familiar", code: problems.PasskeyNoCredentials},
	{text: "not registered with this site", code: problems.PasskeyNoCredentials},
	{text: "not registered with this website", code: problems.PasskeyNoCredentials},
	// A plugin's or an RP's words for no usable passkey here (corbado's iOS
	// plugin; an RP that does not know the passkey the device offered;
	// Samsung account asking, in Italian, whether the passkey still exists).
	{text: "no credentials found", code: problems.PasskeyNoCredentials},
	{text: "no passkeys available", code: problems.PasskeyNoCredentials}, // Android's and Chrome's own sheet
	{text: "no passkeys found", code: problems.PasskeyNoCredentials},
	{text: "passkey is not registered", code: problems.PasskeyNoCredentials},
	{text: "sia ancora disponibile in gestione passkey", code: problems.PasskeyNoCredentials},
	// An RP refusing the provider the user chose (Samsung account's AAGUID
	// check): this provider is not supported there.
	{text: "selected passkey provider", code: problems.PasskeyNotSupported},
	// The page's own base64 decoding of its options failing before WebAuthn
	// is called (atob): Firefox's, Safari's and Chrome's words.
	{text: "string contains an invalid character", code: problems.PasskeyMisconfigured},
	{text: "the string contains invalid characters", code: problems.PasskeyMisconfigured},
	{text: "the string to be decoded is not correctly encoded", code: problems.PasskeyMisconfigured},
	// An RP's check of the UV flag its options did not require, passed on:
	// lbuchs/WebAuthn (AzuraCast) and webauthn-rs (Kanidm, Defguard).
	{text: "user not verified during", code: problems.PasskeyMisconfigured},
	{text: "user verified bit is not set", code: problems.PasskeyMisconfigured},
	// The RP's verification functions in a stack (@simplewebauthn/server,
	// py_webauthn): whatever failed there, it failed on the site's side.
	{text: "verifyauthenticationresponse", code: problems.PasskeyMisconfigured},
	{text: "verifyregistrationresponse", code: problems.PasskeyMisconfigured},
	{text: "verify_authentication_response", code: problems.PasskeyMisconfigured},
	{text: "verify_registration_response", code: problems.PasskeyMisconfigured},
	// A third-party Android provider refusing an app the domain's asset
	// links do not name for it (AliasVault), like Bitwarden's and 1Password's.
	{text: "is not authorized to access passkeys", code: problems.PasskeyMisconfigured},
	// better-auth's passkey client returns {code:"AUTH_CANCELLED", message:
	// "auth cancelled"} for every failure of the ceremony (its catch-all):
	// a NotAllowedError at best, never a sure cancel.
	{text: "auth cancelled", dom: "NotAllowedError"},
	// Pocket ID's words for any error whose message says "timed out" (so
	// Chrome's "The operation either timed out or was not allowed"); other
	// pages use them for TimeoutError or NotReadableError: a NotAllowedError
	// at most, never a measured timeout.
	{text: "the authenticator timed out", dom: "NotAllowedError"},
	// An RP refusing the passkey the device offered: the passkey or device
	// is no longer (or never was) the account's (Daimo's "Device removed from
	// account", Bitwarden's invalidPasskeyPleaseTryAgain, nodewarden's
	// "Passkey is invalid"): no usable passkey here.
	{text: "removed from account", code: problems.PasskeyNoCredentials},
	{text: "removed from your account", code: problems.PasskeyNoCredentials},
	{text: "invalid passkey. please try again", code: problems.PasskeyNoCredentials},
	{text: "passkey is invalid", code: problems.PasskeyNoCredentials},
	// An RP's finish step failing on the response (naiba/bonds'
	// "err.failed_to_finish_webauthn_login"): the site's side.
	{text: "failed_to_finish_webauthn", code: problems.PasskeyMisconfigured},
	{text: "failed to finish webauthn", code: problems.PasskeyMisconfigured},
	// Windows' own passkey dialog failing to save (Windows Hello not set
	// up, in the report that brought it): the platform's failure.
	{text: "problem saving your passkey", code: problems.PasskeyPlatformError},
	{text: "failed to fetch", code: problems.PasskeyNetworkError},
	{text: "load failed", code: problems.PasskeyNetworkError},
	{text: "networkerror when attempting to fetch resource", code: problems.PasskeyNetworkError},
}

// providerTexts mark a browser extension or third-party credential provider
// that took the call over: its own messages, its scripts in a stack, or the
// browser refusing the look-alike objects it returns.
var providerTexts = []string{
	"invalid 'sameoriginwithancestors' value", // Bitwarden's page script
	"fido2-page-script",                       // Bitwarden
	"content/fido2/page-script",               // Bitwarden
	"unknown passkeys error",                  // KeePassXC-Browser
	"passkeys-inject.js",                      // KeePassXC-Browser
	"passkeys-utils.js",                       // KeePassXC-Browser
	"chrome-extension://",
	"moz-extension://",
	"safari-web-extension://",
	"permission denied to access object", // Firefox, an extension's object across compartments
	"does not implement interface authenticatorattestationresponse",
	"does not implement interface authenticatorassertionresponse",
	"is not an instance of authenticatorattestationresponse",
	"is not an instance of authenticatorassertionresponse",
	"getauthenticatordata is not a function",
	"getpublickey is not a function",
	"getpublickeyalgorithm is not a function",
	"authenticatorattestationresponse is not defined", // an extension's sandbox (Firefox)
	"authenticatorassertionresponse is not defined",
	// create()/get() never resolve null for a public key; an extension's
	// dialog closed without an answer does.
	"of null (reading 'rawid')",
	"of null (reading 'response')",
	// Providers' own messages: they refuse what the browser accepts.
	"origin and rp id do not match",             // KeePassXC
	"no supported algorithms",                   // KeePassXC, with or without "were provided"
	"domain / rp id mismatch",                   // KeePassXC
	"attestation not supported",                 // KeePassXC
	"[fido2client]",                             // Bitwarden
	"no compatible algorithms found",            // Bitwarden
	"because user could not be verified",        // Bitwarden for Android ("passkey operation/authentication failed …")
	"because the browser is not trusted",        // Bitwarden for Android
	"because browser is not privileged",         // Bitwarden for Android, a browser outside its allowlist
	"because browser isn't privileged",          // the same, as later releases word it
	"not supported for this app",                // Bitwarden for Android refusing an app other providers serve
	"there was a problem reading your passkey",  // Bitwarden for Android
	"there was a problem creating your passkey", // Bitwarden for Android
	"bitwardensdk.",                             // Bitwarden's SDK error types (iOS and Android providers)
	"passkey-save-prompt",                       // 1Password's save prompt
	"unsupported passkey algorithm requested",   // NordPass
	"failed to generate passkey",                // Proton Pass
	"privilegedallowlist",                       // a third-party Android provider reading the browser allowlist
	// androidx's CallingAppInfo.getOrigin, which only a credential provider
	// calls: the browser is missing from the provider's allowlist.
	"did notmatch the privileged allowlist",
	"did not match the privileged allowlist",
	// Firefox's WebExtension API argument check ("Type error for parameter
	// updateProperties (…) for tabs.update"): only an extension calls those.
	"type error for parameter",
	"_b.authenticatorselection is undefined", // Bitwarden's page script (its minified _b), stack or not
	// An RP's check (go-webauthn) that the provider kept the backup-eligible
	// flag it registered with: providers that share or sync one passkey and
	// disagree on it (KeePassXC/KeePassDX/KeePassium, 1Password, iCloud
	// Keychain before and after its sync).
	"backup eligible flag inconsistency",
	"backupeligible flag inconsistency",
	// A provider confusing WebAuthn's prf (salts of any length, hashed by the
	// client) with CTAP's hmac-secret (32-byte salts): KeePassDX 4.5.1.
	"prf salt 'first' must be",
	"prf salt 'second' must be",
	// Android providers refusing a browser missing from their privileged
	// apps: Keyguard's "Failed to authorize a request", KeePassDX's "Wrong
	// signature for <app>" (a browser it stored another signature for).
	"failed to authorize a request",
	"wrong signature for",
	// Bitwarden for Android's refusal worded with "the", and its dialog for a
	// browser it does not recognise.
	"because the browser is not privileged",
	"unrecognized browser",
}

// textRule reads a node's strings against the two tables. A provider's mark
// is the strongest reading of all: whatever the text says next to it, the
// failure went through the extension.
func textRule(n *node, r *Report) verdict {
	var best verdict
	for _, t := range n.texts {
		lower := strings.ToLower(t)
		if providerMark(lower) {
			return verdict{code: problems.PasskeyProviderInterference, kind: kindProvider, platform: Web}
		}
		if best.kind == kindNone {
			best = knownText(lower, r)
		}
		if best.kind == kindNone && straightened(lower) != lower {
			best = knownText(straightened(lower), r) // "doesn’t", "can’t" as macOS and Windows type them
		}
	}
	return best
}

// knownText classifies one lowercased string by the first known text in it.
func knownText(lower string, r *Report) verdict {
	// The longest known text in the string wins: a whole phrase of one
	// library ("self attestation not implemented") is more precise than a
	// platform's words inside it ("not implemented").
	var best *knownTextRow
	for i := range knownTexts {
		s := &knownTexts[i]
		if (best == nil || len(s.text) > len(best.text)) && strings.Contains(lower, s.text) {
			best = s
		}
	}
	if best == nil {
		return verdict{}
	}
	v := specific(best.code, "")
	if best.dom != "" {
		v = domVerdict(best.dom, r)
	}
	v.kind, v.platform = kindText, "" // the words alone do not say which platform
	return v
}

// providerMark reports whether a lowercased string carries an extension's or
// provider's mark. A bare "Illegal invocation" is a native getter called on
// an extension's proxy of the response; the page's own misuse says which
// call failed ("Failed to execute 'get' on 'CredentialsContainer': …").
func providerMark(lower string) bool {
	for _, p := range providerTexts {
		if strings.Contains(lower, p) {
			return true
		}
	}
	if rest, ok := strings.CutPrefix(strings.TrimSpace(lower), "security key error:"); ok && ctapStatus.MatchString(strings.TrimSpace(rest)) {
		// Authnkey, a third-party Android provider bridging security keys,
		// reports its key's CTAP status so ("Security key error: OTHER").
		return true
	}
	if _, ok := ctapProtocolStatuses[strings.TrimSpace(strings.TrimPrefix(strings.TrimSpace(lower), "error:"))]; ok {
		// A CTAP status as the whole message ("PIN_REQUIRED"): only a
		// provider bridging security keys (Authnkey) hands those to a page.
		return true
	}
	for _, prefix := range []string{"uncaught (in promise)", "typeerror:", "domexception:"} {
		lower = strings.TrimSpace(strings.TrimPrefix(lower, prefix))
	}
	return lower == "illegal invocation"
}

// ctapStatus is a CTAP status name, lowercased ("other", "invalid_parameter").
var ctapStatus = regexp.MustCompile(`^[a-z][a-z0-9_]*$`)
