package diagnostics

import (
	"testing"

	"passwordless/problems"
)

// The texts of corpus_stop27f (web front-ends, RP libraries, non-English
// texts) reach one answer in every shape a client sends them in.
func TestClassify_WebTextsInEveryShape(t *testing.T) {
	checkTextShapes(t, moreShapes, []textCase{
		{"failed to validate attestation", "Error", Register, problems.PasskeyMisconfigured},
		{"Registration Failed. Error: Authenticator did not provide a credential public key", "Error", Register, problems.PasskeyMisconfigured},
		{"Bad request for passkey creation: missing field `rk` at line 1 column 814", "Error", Register, problems.PasskeyMisconfigured},
		{"[vaultwarden::api::core::two_factor::webauthn][ERROR] Can't recover login challenge", "Error", SignIn, problems.PasskeyMisconfigured},
		{"由于资源链接缺失，通行密钥操作失败", "Error", SignIn, problems.PasskeyMisconfigured},
		{"Web Authn is not supporting to this browser", "Error", Register, problems.PasskeyNotSupported},
		{"Invalid credential", "Error", SignIn, problems.PasskeyNoCredentials},
		{"Passkey is invalid", "Error", SignIn, problems.PasskeyNoCredentials},
		{"Uncaught Reference Error: registerSecurityKey is not defined", "ReferenceError", Register, problems.PasskeyMisconfigured},
		{"java.lang.IllegalArgumentException: Cannot convert unknown credential type org.springframework.security.web.webauthn.api.PublicKeyCredentialType@4cfbb790 to webauthn4j", "Error", Register, problems.PasskeyMisconfigured},
		{"err.failed_to_finish_webauthn_registration", "Error", Register, problems.PasskeyMisconfigured},
		{"ValueError: Invalid origin in CollectedClientData.", "Error", Register, problems.PasskeyMisconfigured},
		{"Could not request passkey challenge", "Error", SignIn, problems.PasskeyMisconfigured},
		{"Passkey initialization code check failed", "Error", Register, problems.PasskeyMisconfigured},
		{"MFA verification is disabled for WebAuthn", "Error", SignIn, problems.PasskeyMisconfigured},
		{"Error: registration failed: packed attestation: self attestation not implemented", "Error", Register, problems.PasskeyMisconfigured},
		{"self attestation is not supported", "Error", Register, problems.PasskeyMisconfigured},
		{"Passkey registration could not be verified. Please try again.", "Error", Register, problems.PasskeyMisconfigured},
		{"Only exactly one of 'password', 'federated', and 'publicKey' credential types are currently supported.", "TypeError", Register, problems.PasskeyMisconfigured},
		{"Error: Public key parameters { kty: 2, alg: -7, crv: 1 } did not match any of the following metadata algorithms:", "Error", Register, problems.PasskeyMisconfigured},
		{"Passkey-Vorgang wegen fehlender Asset-Links fehlgeschlagen", "Error", SignIn, problems.PasskeyMisconfigured},
		{"WebAuthn wird von diesem Browser nicht unterstützt", "Error", Register, problems.PasskeyNotSupported},
		{"WebAuthn n'est pas pris en charge par ce navigateur", "Error", Register, problems.PasskeyNotSupported},
		{"Este navegador no es compatible con llaves de acceso", "Error", Register, problems.PasskeyNotSupported},
		{"この端末ではパスキーはサポートされていません", "Error", Register, problems.PasskeyNotSupported},
		{"当前浏览器不支持通行密钥", "Error", Register, problems.PasskeyNotSupported},
		{"Zeitüberschreitung bei der Anmeldung mit Passkey", "Error", SignIn, problems.PasskeyTimeout},
		{"Se agotó el tiempo de espera de la llave de acceso", "Error", SignIn, problems.PasskeyTimeout},
		{"パスキーの認証がタイムアウトしました", "Error", SignIn, problems.PasskeyTimeout},
		{"通行密钥验证超时", "Error", SignIn, problems.PasskeyTimeout},
	})
}

// These web readings stay the weakest: a DOMException name, a browser's
// own WebAuthn-missing text or an extension's mark beside them still wins,
// and none of them answers passkey_cancelled.
func TestClassify_WebReadingsYieldToStructuredCauses(t *testing.T) {
	checkShapes(t, []shapeCase{
		{"a browser without WebAuthn stays not supported", "ReferenceError: PublicKeyCredential is not defined", Register, problems.PasskeyNotSupported},
		{"an extension's sandbox stays the extension's", "AuthenticatorAssertionResponse is not defined", SignIn, problems.PasskeyProviderInterference},
		{"an InvalidStateError on create stays already registered", map[string]any{"name": "InvalidStateError", "message": "invalid credential"}, Register, problems.PasskeyAlreadyRegistered},
		{"a SecurityError name beside 'not supporting'", map[string]any{"name": "SecurityError", "message": "not supporting"}, Register, problems.PasskeyMisconfigured},
		{"an RP's VALIDATION_ERROR code", map[string]any{"code": "VALIDATION_ERROR", "message": "The given data was invalid."}, SignIn, problems.PasskeyMisconfigured},
		{"better-auth's CHALLENGE_NOT_FOUND", map[string]any{"code": "CHALLENGE_NOT_FOUND", "message": "Challenge not found"}, SignIn, problems.PasskeyMisconfigured},
		{"better-auth's PASSKEY_NOT_FOUND", map[string]any{"code": "PASSKEY_NOT_FOUND", "message": "Passkey not found"}, SignIn, problems.PasskeyNoCredentials},
		{"Supabase's error_code beside a numeric code", map[string]any{"code": 422, "error_code": "mfa_webauthn_verify_not_enabled", "msg": "MFA verification is disabled for WebAuthn"}, SignIn, problems.PasskeyMisconfigured},
		{"Misskey's envelope with the server's error under info.e", map[string]any{"error": map[string]any{"message": "Internal error occurred. Please contact us if the error persists.", "code": "INTERNAL_ERROR", "kind": "server", "info": map[string]any{"e": map[string]any{"message": "self attestation is not supported", "code": "Error"}}}}, Register, problems.PasskeyMisconfigured},
		{"an AbortError superseded by a newer request, modal prompt", map[string]any{"name": "AbortError", "message": "A new passkey request superseded this one."}, SignIn, problems.PasskeyInterrupted},
		{"a NotAllowedError name outranks 'invalid passkey' (no cancel)", map[string]any{"name": "NotAllowedError", "message": "invalid passkey"}, SignIn, problems.PasskeyNotAllowed},
	})
}
