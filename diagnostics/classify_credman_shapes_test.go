package diagnostics

import (
	"testing"

	"passwordless/problems"
)

// androidShapes wraps one Android text in the shapes Android clients send
// it in, on top of the generic ones (shapes): the exception's type beside
// its message, React Native's {error, message}, Flutter's {code, message,
// details}, and a log line naming the exception class.
func androidShapes(text, exception string) map[string]any {
	s := shapes(text, "Error")
	s["exception type"] = map[string]any{"type": "androidx.credentials.exceptions." + exception, "message": text}
	s["React Native"] = map[string]any{"error": "Native error", "message": "Error: " + text}
	s["Flutter"] = map[string]any{"code": "android-unhandled", "message": text, "details": nil}
	s["log line"] = "androidx.credentials.exceptions." + exception + ": " + text
	return s
}

// Reports gathered for testdata/corpus_stop27d.json: every shape of the
// same Android error gets the answer its text names, not the generic one
// of the exception class around it.
func TestClassify_AndroidTextsInEveryShape(t *testing.T) {
	checkTextShapes(t, androidShapes, []textCase{
		{"Unable to get sync account.", "publickeycredential.CreatePublicKeyCredentialDomException", Register, problems.PasskeyPlatformError},
		{"Failed to decrypt credential.", "publickeycredential.GetPublicKeyCredentialDomException", SignIn, problems.PasskeyPlatformError},
		{"Failed to launch the selector UI. Hint: ensure the `context` parameter is an Activity-based context.", "GetCredentialUnknownException", SignIn, problems.PasskeyMisconfigured},
		{"Package com.example.app does not match facet https://example.com (NOT_ALLOWED_ERR)", "GetCredentialUnknownException", SignIn, problems.PasskeyMisconfigured},
		{"At least one fingerprint must be enrolled to create keys requiring user authentication for every use", "CreateCredentialUnknownException", Register, problems.PasskeyBiometryUnavailable},
		{"17: API: Fido.FIDO2_API is not available on this device.", "GetCredentialUnknownException", SignIn, problems.PasskeyNotSupported},
		{"Invalid security key used. Please use a security key registered to this account", "GetCredentialUnknownException", SignIn, problems.PasskeyNoCredentials},
		{"Devices cannot connect", "GetCredentialUnknownException", SignIn, problems.PasskeyNetworkError},
		{"Passkey for `12345` not found.", "GetCredentialUnknownException", SignIn, problems.PasskeyNoCredentials},
		{"Credential with id AbC not found", "GetCredentialUnknownException", SignIn, problems.PasskeyNoCredentials},
		{"Authentication failed: Could not verify authentication signature", "GetCredentialUnknownException", SignIn, problems.PasskeyMisconfigured},
		{"Failed to authorize a request", "GetCredentialUnknownException", SignIn, problems.PasskeyProviderInterference},
		{"Wrong signature for app.vanadium.browser", "GetCredentialUnknownException", SignIn, problems.PasskeyProviderInterference},
		{"Anmeldeinformationen nicht auffindbar oder ungültig.", "GetCredentialUnknownException", SignIn, problems.PasskeyNoCredentials},
		{"There aren't any passkeys for example.com on this device.", "GetCredentialUnknownException", SignIn, problems.PasskeyNoCredentials},
		{"Error: Cannot find native module 'ExpoPasskeyModule'", "CreateCredentialUnknownException", Register, problems.PasskeyMisconfigured},
		{"[28442] Invalid calling package.", "CreateCredentialUnknownException", Register, problems.PasskeyMisconfigured},
		{"org.json.JSONException: No value for userHandle", "GetCredentialUnknownException", SignIn, problems.PasskeyPlatformError},
		{"Incorrect PIN, 8 times remaining", "GetCredentialUnknownException", SignIn, problems.SecurityKeyPinInvalid},
		{"Passkey verification was canceled.", "GetCredentialUnknownException", SignIn, problems.PasskeyNotAllowed},
		{"Passkey operation failed because the browser is not privileged.", "GetCredentialUnknownException", SignIn, problems.PasskeyProviderInterference},
		{"Unrecognized browser", "GetCredentialUnknownException", SignIn, problems.PasskeyProviderInterference},
		{"The website or service failed to send required details to 1Password", "CreateCredentialUnknownException", Register, problems.PasskeyMisconfigured},
		{"The request either timed out, was canceled or the device is already registered. Please try again or try using another device.", "CreateCredentialUnknownException", Register, problems.PasskeyNotAllowed},
		{"Something went wrong.  Try inserting your security key in your phone's USB port or connect it with a USB cable or adaptor", "GetCredentialUnknownException", SignIn, problems.PasskeyPlatformError},
		{"Failed to lookup Client-side Discoverable Credential: record not found", "GetCredentialUnknownException", SignIn, problems.PasskeyNoCredentials},
	})
}

// Expo's react-native-passkeys names a *ProviderConfigurationException
// "NotConfigured": as its code, its whole message or the class itself, one
// answer.
func TestClassify_ExpoNotConfiguredReadsLikeTheException(t *testing.T) {
	for name, errValue := range map[string]any{
		"whole message":   "Error: NotConfigured",
		"code member":     map[string]any{"code": "NotConfigured", "message": "Passkey Create"},
		"React Native":    map[string]any{"error": "NotConfigured", "message": "NotConfigured"},
		"exception class": map[string]any{"type": "androidx.credentials.exceptions.CreateCredentialProviderConfigurationException"},
	} {
		t.Run(name, func(t *testing.T) {
			obj, ok := errorObject(errValue)
			if !ok {
				t.Fatal("not an error value")
			}
			check(t, Report{Ceremony: Register, Error: obj}, want{code: problems.PasskeyMisconfigured})
		})
	}
}

// A CTAP status as the whole message reaches a page only through a provider
// bridging security keys (Authnkey's "PIN_REQUIRED"), in the shapes a page
// passes a message on.
func TestClassify_BareCTAPStatusIsAProvidersWord(t *testing.T) {
	for shape, errValue := range shapes("PIN_REQUIRED", "Error") {
		t.Run(shape, func(t *testing.T) {
			obj, ok := errorObject(errValue)
			if !ok {
				t.Fatal("not an error value")
			}
			check(t, Report{Ceremony: Register, Error: obj}, want{code: problems.PasskeyProviderInterference})
		})
	}
}
