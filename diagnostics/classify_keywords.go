package diagnostics

import (
	"strings"

	"passwordless/problems"
)

// The known texts (classify_text.go) are whole phrases a platform or a
// provider writes; every round of real reports still found wordings no
// table held, and each came back passkey_unknown. keywords is the last
// reading of a message: the few words that name a cause in any wording
// ("…timed out", "…is not supported on …", "no credentials for …"). It
// is the weakest reading that names a cause: any code, name, label or
// known text beside it wins. It never answers passkey_cancelled — a
// message saying "cancel" may be the SDK's name for every refusal.
var keywords = []struct {
	all  []string // every one must be in the message
	code problems.Code
}{
	{[]string{"timed out"}, problems.PasskeyTimeout},
	{[]string{"timeout"}, problems.PasskeyTimeout},
	{[]string{"already registered"}, problems.PasskeyAlreadyRegistered},
	{[]string{"already been registered"}, problems.PasskeyAlreadyRegistered},
	{[]string{"credential already exists"}, problems.PasskeyAlreadyRegistered},
	{[]string{"passkey already exists"}, problems.PasskeyAlreadyRegistered},
	{[]string{"no credential"}, problems.PasskeyNoCredentials},
	{[]string{"no passkey"}, problems.PasskeyNoCredentials},
	{[]string{"no matching credential"}, problems.PasskeyNoCredentials},
	{[]string{"credential not found"}, problems.PasskeyNoCredentials},
	{[]string{"passkey not found"}, problems.PasskeyNoCredentials},
	{[]string{"biometr", "locked"}, problems.PasskeyBiometryLockout},
	{[]string{"biometr", "not enrolled"}, problems.PasskeyBiometryUnavailable},
	{[]string{"biometr", "not available"}, problems.PasskeyBiometryUnavailable},
	{[]string{"biometr", "unavailable"}, problems.PasskeyBiometryUnavailable},
	{[]string{"screen lock"}, problems.PasskeyDeviceNotConfigured},
	{[]string{"passcode", "not set"}, problems.PasskeyDeviceNotConfigured},
	{[]string{"rp id"}, problems.PasskeyMisconfigured},
	{[]string{"rpid"}, problems.PasskeyMisconfigured},
	{[]string{"relying party"}, problems.PasskeyMisconfigured},
	{[]string{"origin", "not allowed"}, problems.PasskeyMisconfigured},
	{[]string{"origin", "mismatch"}, problems.PasskeyMisconfigured},
	{[]string{"origin", "does not match"}, problems.PasskeyMisconfigured},
	{[]string{"origin", "invalid"}, problems.PasskeyMisconfigured},
	{[]string{"asset link"}, problems.PasskeyMisconfigured},
	{[]string{"assetlinks"}, problems.PasskeyMisconfigured},
	{[]string{"apple-app-site-association"}, problems.PasskeyMisconfigured},
	{[]string{"not supported"}, problems.PasskeyNotSupported},
	{[]string{"unsupported"}, problems.PasskeyNotSupported},
	{[]string{"isn't supported"}, problems.PasskeyNotSupported},
	{[]string{"doesn't support"}, problems.PasskeyNotSupported},
	{[]string{"does not support"}, problems.PasskeyNotSupported},
	{[]string{"cannot support"}, problems.PasskeyNotSupported},
	{[]string{"network"}, problems.PasskeyNetworkError},
	{[]string{"offline"}, problems.PasskeyNetworkError},
	{[]string{"internet connection"}, problems.PasskeyNetworkError},
	// Apple and desktop reports (testdata/corpus_stop27e.json): a security key's built-in verification blocked after
	// failed attempts (CTAP2_ERR_UV_BLOCKED, as tools word it); a browser or
	// device "not compatible with WebAuthn"; a ceremony whose challenge or
	// prompt expired; the SecurityError spelled out.
	{[]string{"user verification", "blocked"}, problems.PasskeyBiometryLockout},
	{[]string{"uv_blocked"}, problems.PasskeyBiometryLockout},
	{[]string{"not compatible"}, problems.PasskeyNotSupported},
	{[]string{"prompt has expired"}, problems.PasskeyTimeout},
	{[]string{"challenge", "expired"}, problems.PasskeyTimeout},
	{[]string{"security error"}, problems.PasskeyMisconfigured},
	// "X can only be used on Windows …" (Okta's widget on macOS): this
	// platform or browser is not supported there.
	{[]string{"can only be used on", "windows"}, problems.PasskeyNotSupported},
	// Android KeyStore's "At least one fingerprint must be enrolled to
	// create keys requiring user authentication for every use" (microG).
	{[]string{"must be enrolled"}, problems.PasskeyBiometryUnavailable},
	{[]string{"fingerprint", "not enrolled"}, problems.PasskeyBiometryUnavailable},
	// Play services' ApiException 17 ("API: Fido.FIDO2_PRIVILEGED_API is
	// not available on this device"), and any API so worded.
	{[]string{"not available on this device"}, problems.PasskeyNotSupported},
	// An RP that cannot find the passkey or credential named ("Passkey for
	// `12345` not found.", webauthn.io): no usable passkey here.
	{[]string{"passkey", "not found"}, problems.PasskeyNoCredentials},
	{[]string{"credential", "not found"}, problems.PasskeyNoCredentials},
	// An RP's own signature check failing ("Could not verify authentication
	// signature"): the site's side, like its other verification failures.
	{[]string{"verify", "signature"}, problems.PasskeyMisconfigured},
	{[]string{"signature", "verification failed"}, problems.PasskeyMisconfigured},
	// The same "not found" in German, as Android shows it in a German app
	// ("Anmeldeinformationen nicht auffindbar oder ungültig.").
	{[]string{"nicht auffindbar"}, problems.PasskeyNoCredentials},
	{[]string{"anmeldeinformationen", "nicht gefunden"}, problems.PasskeyNoCredentials},
	{[]string{"passkey", "nicht gefunden"}, problems.PasskeyNoCredentials},
	// Help pages and forums (testdata/corpus_stop27g.json): an RP's signature check worded in the passive ("That
	// passkey signature could not be verified"), like "verify", "signature"
	// above; a passkey the account no longer accepts ("is no longer
	// valid").
	{[]string{"signature", "not be verified"}, problems.PasskeyMisconfigured},
	{[]string{"signature", "not verified"}, problems.PasskeyMisconfigured},
	{[]string{"passkey", "no longer valid"}, problems.PasskeyNoCredentials},
	// The site's own request options refused before any prompt ("Required
	// parameters missing", "missing required parameter").
	{[]string{"parameters missing"}, problems.PasskeyMisconfigured},
	{[]string{"missing required parameter"}, problems.PasskeyMisconfigured},
	// An authenticator that signed in "without user verification" where the
	// site requires it: no PIN or biometric set up on it.
	{[]string{"without user verification"}, problems.PasskeyDeviceNotConfigured},
	// A page served outside a secure context (plain HTTP): the site's
	// deployment ("Secure context required").
	{[]string{"secure context"}, problems.PasskeyMisconfigured},
	// Web front-ends' and RP libraries' wordings, and the timeout in other
	// languages (testdata/corpus_stop27f.json).
	// "Web Authn is not supporting to this browser" (Hanko elements).
	{[]string{"not supporting"}, problems.PasskeyNotSupported},
	// An RP saying the passkey or credential presented is invalid (Hanko's
	// "Invalid credential", Bitwarden's "Invalid Passkey"): it knows no such
	// passkey, as "invalid security key" already answers.
	{[]string{"invalid credential"}, problems.PasskeyNoCredentials},
	{[]string{"invalid passkey"}, problems.PasskeyNoCredentials},
	{[]string{"passkey is invalid"}, problems.PasskeyNoCredentials},
	// The RP's own attestation check, a lost challenge, a 400 for the
	// passkey request: the site's side.
	{[]string{"validate", "attestation"}, problems.PasskeyMisconfigured},
	{[]string{"verify", "attestation"}, problems.PasskeyMisconfigured},
	{[]string{"challenge", "recover"}, problems.PasskeyMisconfigured},
	{[]string{"challenge", "not found"}, problems.PasskeyMisconfigured},
	{[]string{"could not", "challenge"}, problems.PasskeyMisconfigured},
	{[]string{"registration could not be verified"}, problems.PasskeyMisconfigured},
	{[]string{"authentication could not be verified"}, problems.PasskeyMisconfigured},
	{[]string{"couldn't", "challenge"}, problems.PasskeyMisconfigured},
	{[]string{"disabled for webauthn"}, problems.PasskeyMisconfigured},
	{[]string{"bad request", "passkey"}, problems.PasskeyMisconfigured},
	{[]string{"bad request", "webauthn"}, problems.PasskeyMisconfigured},
	// A page whose own script is missing ("registerSecurityKey is not
	// defined"): the site's code. A browser without WebAuthn
	// ("PublicKeyCredential is not defined") and an extension's sandbox are
	// known texts and provider marks, read before this.
	{[]string{"is not defined"}, problems.PasskeyMisconfigured},
	// Any exception of webauthn4j, the RP library (Spring Security's
	// "Cannot convert unknown credential type … to webauthn4j", Keycloak's
	// validators): the site's server, like its named exceptions above.
	{[]string{"webauthn4j"}, problems.PasskeyMisconfigured},
	// "Asset-Links" hyphenated, as German and Dutch texts write it.
	{[]string{"asset-link"}, problems.PasskeyMisconfigured},
	// "Not supported" and "timed out" in the languages pages report them in
	// (de, fr, es, pt, it, ru, ja, zh).
	{[]string{"nicht unterstützt"}, problems.PasskeyNotSupported},
	{[]string{"pas pris en charge"}, problems.PasskeyNotSupported},
	{[]string{"non pris en charge"}, problems.PasskeyNotSupported},
	{[]string{"no es compatible"}, problems.PasskeyNotSupported},
	{[]string{"no compatible"}, problems.PasskeyNotSupported},
	{[]string{"não é compatível"}, problems.PasskeyNotSupported},
	{[]string{"não suportad"}, problems.PasskeyNotSupported},
	{[]string{"non supportat"}, problems.PasskeyNotSupported},
	{[]string{"non è supportat"}, problems.PasskeyNotSupported},
	{[]string{"не поддерживается"}, problems.PasskeyNotSupported},
	{[]string{"サポートされていません"}, problems.PasskeyNotSupported},
	{[]string{"不支持"}, problems.PasskeyNotSupported},
	{[]string{"zeitüberschreitung"}, problems.PasskeyTimeout},
	{[]string{"délai d'attente"}, problems.PasskeyTimeout},
	{[]string{"tiempo de espera"}, problems.PasskeyTimeout},
	{[]string{"tempo limite"}, problems.PasskeyTimeout},
	{[]string{"тайм-аут"}, problems.PasskeyTimeout},
	{[]string{"время ожидания"}, problems.PasskeyTimeout},
	{[]string{"タイムアウト"}, problems.PasskeyTimeout},
	{[]string{"超时"}, problems.PasskeyTimeout},
	{[]string{"逾時"}, problems.PasskeyTimeout},
}

// ambiguousTexts are whole messages whose words look like a cause but are
// a wrapper's catch-all or another layer's error: react-native-passkey
// says "No Credentials were returned" for every failure (a Back press
// included), "The request timed out" is also NSURLError's network
// timeout, and Hanko's frontend says "Webauthn credential already exists"
// (webauthn_credential_already_exists) for every failure of create().
var ambiguousTexts = []string{"no credentials were returned", "the request timed out", "webauthn credential already exists"}

// keywordRule reads a node's strings for keywords (see keywords).
func keywordRule(n *node, _ *Report) verdict {
	for _, t := range n.texts {
		lower := straightened(strings.ToLower(t))
		if containsAny(lower, ambiguousTexts) {
			continue
		}
		for _, k := range keywords {
			if containsAll(lower, k.all) {
				return verdict{code: k.code, kind: kindKeyword}
			}
		}
	}
	return verdict{}
}

func containsAll(s string, words []string) bool {
	for _, w := range words {
		if !strings.Contains(s, w) {
			return false
		}
	}
	return true
}

func containsAny(s string, phrases []string) bool {
	for _, p := range phrases {
		if strings.Contains(s, p) {
			return true
		}
	}
	return false
}
