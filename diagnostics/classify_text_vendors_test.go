package diagnostics

import (
	"testing"

	"passwordless/problems"
)

// The texts of corpus_stop27g (help pages, blogs and forums) reach one
// answer in every shape a client sends them in.
func TestClassify_VendorTextsInEveryShape(t *testing.T) {
	checkTextShapes(t, moreShapes, []textCase{
		{"there aren't any passkeys on this device", "NotAllowedError", SignIn, problems.PasskeyNoCredentials},
		{"There aren’t any passkeys on this device.", "Error", SignIn, problems.PasskeyNoCredentials},
		{"The incoming request cannot be validated.", "Error", Register, problems.PasskeyMisconfigured},
		{"This security key is not allowed", "Error", Register, problems.PasskeyNotSupported},
		{"This security key isn't recognized.", "NotAllowedError", SignIn, problems.PasskeyNoCredentials},
		{"This security key isn’t recognized.", "Error", SignIn, problems.PasskeyNoCredentials},
		{"We couldn't verify your device.", "Error", Register, problems.PasskeyNotAllowed},
		{"Operation timed out", "Error", Register, problems.PasskeyTimeout},
		{"Already registered", "Error", Register, problems.PasskeyAlreadyRegistered},
		{"passkey already exists", "Error", Register, problems.PasskeyAlreadyRegistered},
		{"No Matching Credentials", "Error", SignIn, problems.PasskeyNoCredentials},
		{"Sign in another way. We couldn't use your device to verify your identity", "Error", SignIn, problems.PasskeyNoCredentials},
		{"We couldn’t use your device to verify your identity", "NotAllowedError", SignIn, problems.PasskeyNoCredentials},
		{"This passkey can no longer be used", "Error", SignIn, problems.PasskeyNoCredentials},
		{"This passkey is no longer valid.", "Error", SignIn, problems.PasskeyNoCredentials},
		{"That passkey signature could not be verified. Try signing in again.", "Error", SignIn, problems.PasskeyMisconfigured},
		{"この認証器は登録を許可されていません。", "Error", Register, problems.PasskeyNotSupported},
		{"Microsoft Authenticator unterstützt diesen Passkey nicht", "Error", SignIn, problems.PasskeyNotSupported},
		{"there are no passkeys for in my iCloud Keychain", "Error", SignIn, problems.PasskeyNoCredentials},
		{"Your device must verify it's you (PIN, biometric) to use this passkey.", "Error", SignIn, problems.PasskeyDeviceNotConfigured},
		{"The authenticator signed in without user verification.", "Error", SignIn, problems.PasskeyDeviceNotConfigured},
		{"Required parameters missing", "TypeError", Register, problems.PasskeyMisconfigured},
		{"Missing required parameter: challenge", "Error", Register, problems.PasskeyMisconfigured},
		{"Secure context required", "SecurityError", Register, problems.PasskeyMisconfigured},
		{"WebAuthn::RpIdVerificationError", "Error", Register, problems.PasskeyMisconfigured},
		{"WebAuthn::ChallengeVerificationError: Challenge mismatch", "Error", SignIn, problems.PasskeyMisconfigured},
		{"A passkey couldn't be created for this device or you canceled creating a passkey.", "NotAllowedError", Register, problems.PasskeyNotAllowed},
		{"A passkey couldn’t be created for this device.", "Error", Register, problems.PasskeyNotAllowed},
		{"WebAuthn requires a secure context (HTTPS).", "Error", SignIn, problems.PasskeyMisconfigured},
		{"A passkey already exists on this device", "InvalidStateError", Register, problems.PasskeyAlreadyRegistered},
		{"Challenge expired", "Error", SignIn, problems.PasskeyTimeout},
	})
}

// Wrappers' codes (testdata/corpus_stop27g.json) give their answer in each shape a
// wrapper sends a code in.
func TestClassify_WrapperErrorCodesInEveryShape(t *testing.T) {
	checkShapes(t, []shapeCase{
		{"Transmit errorCode", map[string]any{"errorCode": "username_already_registered"}, Register, problems.PasskeyAlreadyRegistered},
		{"Transmit code", map[string]any{"code": "username_already_registered", "message": "Registration failed"}, Register, problems.PasskeyAlreadyRegistered},
		{"Transmit autofill abort", map[string]any{"errorCode": "autofill_authentication_aborted"}, SignIn, problems.PasskeyInterrupted},
		{"Authsignal errorCode cancel", map[string]any{"errorCode": "user_canceled", "error": "The operation couldn’t be completed."}, SignIn, problems.PasskeyCancelled},
		{"Authsignal cancel under code", map[string]any{"code": "user_canceled"}, SignIn, problems.PasskeyCancelled},
		{"Authsignal token_not_set", map[string]any{"errorCode": "token_not_set"}, SignIn, problems.PasskeyMisconfigured},
		{"an Apple code beside the cancel label wins", map[string]any{"errorCode": "user_canceled", "error": "The operation couldn’t be completed. (com.apple.AuthenticationServices.AuthorizationError error 1005.)"}, SignIn, problems.PasskeyNoCredentials},
		{"our own errorCode keeps its code", map[string]any{"errorCode": "expired_token"}, SignIn, "expired_token"},
		{"Exa plain string", "Authentication cancelled", SignIn, problems.PasskeyNotAllowed},
		{"as a wrapper code", map[string]any{"code": "AUTHENTICATION_CANCELED"}, SignIn, problems.PasskeyNotAllowed},
		{"as a message", map[string]any{"message": "Authentication cancelled"}, SignIn, problems.PasskeyNotAllowed},
		{"Transmit autofill abort as name", map[string]any{"name": "autofill_authentication_aborted", "message": "aborted"}, SignIn, problems.PasskeyInterrupted},
	})
}
