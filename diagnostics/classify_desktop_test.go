package diagnostics

import (
	"testing"

	"passwordless/problems"
)

// moreShapes adds the wrappers' shapes to shapes(): React Native's
// {error, message}, Flutter's {code, message, details} and a console's
// "Uncaught (in promise) …" line.
func moreShapes(text, domName string) map[string]any {
	m := shapes(text, domName)
	m["React Native"] = map[string]any{"error": "Native error", "message": text}
	m["Flutter"] = map[string]any{"code": "failed", "message": text, "details": nil}
	m["console line"] = "Uncaught (in promise) " + domName + ": " + text
	return m
}

// The texts of corpus_stop27e (Apple and desktop reports) reach one answer
// in every shape a client sends them in, typographic apostrophes included.
func TestClassify_AppleAndDesktopTextsInEveryShape(t *testing.T) {
	checkTextShapes(t, moreShapes, []textCase{
		{"This request has been voided by a new request.", "NotAllowedError", SignIn, problems.PasskeyInterrupted},
		{"request is already pending.", "DOMException", SignIn, problems.PasskeyInterrupted},
		{"The Passkey operation was not allowed or timed out. You may have cancelled the request, taken too long to respond, or the operation may not be permitted in this context. Please try again.", "Error", SignIn, problems.PasskeyNotAllowed},
		{"To save a passkey, you need to enable iCloud Keychain in the Apple ID panel of System Settings", "Error", Register, problems.PasskeyDeviceNotConfigured},
		{"There are no matching passkeys", "Error", SignIn, problems.PasskeyNoCredentials},
		{"You don’t have any keys set up.", "Error", SignIn, problems.PasskeyNoCredentials},
		{"Unable to find the credential for the returned credential ID (invalid_request)", "Error", SignIn, problems.PasskeyNoCredentials},
		{"Your device can't be used with this site. login.microsoft.com may require a newer or different kind of device.", "NotAllowedError", Register, problems.PasskeyNotSupported},
		{"Your device can’t be used with this site.", "Error", Register, problems.PasskeyNotSupported},
		{"This browser or device is reporting partial passkey support.", "Error", SignIn, problems.PasskeyNotSupported},
		{"com.webauthn4j.validator.exception.BadChallengeException: The actual challenge does not match the expected challenge", "Error", SignIn, problems.PasskeyMisconfigured},
		{"We couldn't verify your device. Try again later or use a different browser, device, or operating system.", "Error", Register, problems.PasskeyNotAllowed},
		{"Your identity could not be verified. This device doesn’t support the type of security key requested by this website", "Error", SignIn, problems.PasskeyNotSupported},
		{"The user verification function in your security key is blocked. This is likely due to too many failed authentication attempts.", "Error", SignIn, problems.PasskeyBiometryLockout},
		{"FIDO_ERR_UV_BLOCKED", "Error", SignIn, problems.PasskeyBiometryLockout},
		{"Looks like your browser is not compatible with WebAuthn", "Error", Register, problems.PasskeyNotSupported},
		{"This passkey prompt has expired. Try again.", "Error", SignIn, problems.PasskeyTimeout},
		{"The WebAuthn challenge has expired", "Error", SignIn, problems.PasskeyTimeout},
		{"A security error occurred during the Passkey operation. Please ensure you are on the correct site and try again.", "Error", SignIn, problems.PasskeyMisconfigured},
		{"This security key is not allowed", "Error", Register, problems.PasskeyNotSupported},
		{"This security key model is not allowed. Please use a different security key.", "Error", Register, problems.PasskeyNotSupported},
		{"Your organization requires a different type of security key. Please use the correct type.", "Error", Register, problems.PasskeyNotSupported},
		{"Error Domain=NSOSStatusErrorDomain Code=-25300 \"no matching items found\" UserInfo={NSDescription=no matching items found}", "Error", SignIn, problems.PasskeyNoCredentials},
		{"Insert your security key into the USB port.", "NotAllowedError", SignIn, problems.PasskeyNoCredentials},
		{"Error: Cannot find native module 'ExpoPasskeyModule'", "Error", Register, problems.PasskeyMisconfigured},
		{"Windows Hello can only be used on Windows Edge with Windows 10. Contact your admin for assistance.", "Error", SignIn, problems.PasskeyNotSupported},
		{"Unknown user authenticated by the Passkey.", "Error", SignIn, problems.PasskeyNoCredentials},
		{"java.lang.SecurityException: Permission Denial: starting Intent { act=android.bluetooth.adapter.action.REQUEST_ENABLE } requires android.permission.BLUETOOTH_CONNECT", "Error", Register, problems.PasskeyPlatformError},
	})
}

// The new readings stay the weakest that name a cause: a DOMException name,
// an Apple code or a provider's mark beside them still wins, and a cancel
// stays a cancel only when structured.
func TestClassify_AppleAndDesktopReadingsYieldToStructuredCauses(t *testing.T) {
	checkShapes(t, []shapeCase{
		{"a SecurityError name beside 'not compatible'", map[string]any{"name": "SecurityError", "message": "not compatible"}, Register, problems.PasskeyMisconfigured},
		{"Apple 1006 beside 'challenge expired'", map[string]any{"domain": "com.apple.AuthenticationServices.AuthorizationError", "code": 1006, "message": "challenge expired"}, Register, problems.PasskeyAlreadyRegistered},
		{"an extension's stack beside 'partial passkey support'", "Error: partial passkey support\n    at chrome-extension://abc/page.js:1:1", SignIn, problems.PasskeyProviderInterference},
		{"Chrome's 'timed out or was not allowed' stays not allowed", "NotAllowedError: The operation either timed out or was not allowed.", SignIn, problems.PasskeyNotAllowed},
		{"Expo's NotConfigured, as code", map[string]any{"code": "NotConfigured", "message": "NotConfigured"}, Register, problems.PasskeyMisconfigured},
		{"Expo's NotConfigured, as the message", "Error: NotConfigured", SignIn, problems.PasskeyMisconfigured},
		{"a typographic apostrophe in a known Apple text", "The operation couldn’t be completed. Request already in progress for specified application identifier.", SignIn, problems.PasskeyInterrupted},
	})
}
