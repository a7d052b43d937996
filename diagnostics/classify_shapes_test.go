package diagnostics

import (
	"encoding/json"
	"testing"

	"passwordless/problems"
)

// shapes wraps one text in every shape a client sends it in: the stock
// client's title, a DOMException's message, a bare {message}, an unknown
// name's message, and a plain string.
func shapes(text, domName string) map[string]any {
	return map[string]any{
		"stock client title":   map[string]any{"from": "client", "errorCode": "unknown", "title": text},
		"DOMException message": map[string]any{"name": domName, "message": text},
		"bare message":         map[string]any{"message": text},
		"unknown name":         map[string]any{"name": "WebAuthnError", "message": text},
		"plain string":         text,
	}
}

func TestClassify_EveryShapeReachesTheSameTable(t *testing.T) {
	checkTextShapes(t, shapes, []textCase{
		{"A request is already pending.", "OperationError", SignIn, problems.PasskeyInterrupted},
		{"The operation is not allowed at this time because the page does not have focus.", "NotAllowedError", SignIn, problems.PasskeyInterrupted},
		{"The document is not focused.", "NotAllowedError", SignIn, problems.PasskeyInterrupted},
		{"This is an invalid domain.", "SecurityError", Register, problems.PasskeyMisconfigured},
		{"The relying party ID is not a registrable domain suffix of, nor equal to the current domain.", "SecurityError", SignIn, problems.PasskeyMisconfigured},
		{"WebAuthn is not supported on sites with TLS certificate errors.", "NotAllowedError", SignIn, problems.PasskeyMisconfigured},
		{"The 'publickey-credentials-get' feature is not enabled in this document. Permissions Policy may be used to delegate Web Authentication capabilities to cross-origin child frames.", "NotAllowedError", SignIn, problems.PasskeyMisconfigured},
		{"The origin of the document is not the same as its ancestors.", "NotAllowedError", Register, problems.PasskeyMisconfigured},
		{"The operation was aborted.", "AbortError", SignIn, problems.PasskeyCancelled},
		{"The operation either timed out or was not allowed. See: https://www.w3.org/TR/webauthn-2/#sctn-privacy-considerations-client.", "NotAllowedError", SignIn, problems.PasskeyNotAllowed},
		{"Invalid 'sameOriginWithAncestors' value", "Error", Register, problems.PasskeyProviderInterference},
		{"The operation couldn’t be completed. Request already in progress for specified application identifier.", "Error", SignIn, problems.PasskeyInterrupted},
		{"No create options available.", "Error", Register, problems.PasskeyDeviceNotConfigured},
		{"Cannot create a passkey. iCloud Keychain is off.", "Error", Register, problems.PasskeyDeviceNotConfigured},
		{"At least one credential matches an entry of the excludeCredentials list in the platform attached authenticator.", "InvalidStateError", Register, problems.PasskeyAlreadyRegistered},
		// Reports gathered for issue 21 (testdata/corpus_stop26.json).
		{"User gesture is not detected. To use the WebAuthn API, call 'navigator.credentials.create' within user activated events.", "NotAllowedError", Register, problems.PasskeyMisconfigured},
		{"No entry in pubKeyCredParams was of type \"public-key\"", "NotSupportedError", Register, problems.PasskeyMisconfigured},
		{"The object is in an invalid state.", "InvalidStateError", Register, problems.PasskeyAlreadyRegistered},
		{"Your device doesn't support credential manager", "Error", Register, problems.PasskeyNotSupported},
		{"An unknown error occurred while talking to the credential manager.", "NotReadableError", Register, problems.PasskeyPlatformError},
		{"Device not configured for passkey requests: Error Domain=com.apple.LocalAuthentication Code=-7 \"(null)\"", "Error", Register, problems.PasskeyDeviceNotConfigured},
		{"Cannot find credential in local KeyStore or Database", "Error", SignIn, problems.PasskeyNoCredentials},
		{"Unknown error: uid 10307 does not have android.permission.CREDENTIAL_MANAGER_SET_ORIGIN", "Error", SignIn, problems.PasskeyMisconfigured},
		{"AttestationCancelled: The credentials creation was not completed.", "Error", Register, problems.PasskeyNotAllowed},
		{"Origin and RP ID do not match.", "Error", Register, problems.PasskeyProviderInterference},
		{"Credential is excluded.", "Error", Register, problems.PasskeyAlreadyRegistered},
		{"Illegal invocation", "TypeError", Register, problems.PasskeyProviderInterference},
		{"Cannot read properties of null (reading 'rawId')", "TypeError", Register, problems.PasskeyProviderInterference},
		{"AuthenticatorAssertionResponse is not defined", "ReferenceError", SignIn, problems.PasskeyProviderInterference},
		{"unsupported passkey algorithm requested", "Error", Register, problems.PasskeyProviderInterference},
		// WebKit's and @simplewebauthn/browser's own words.
		{"No credentials from the allowCredentials list is found in the authenticator.", "NotAllowedError", SignIn, problems.PasskeyNoCredentials},
		{"Operation timed out.", "NotAllowedError", SignIn, problems.PasskeyTimeout},
		{"The authenticator was previously registered", "InvalidStateError", Register, problems.PasskeyAlreadyRegistered},
		{"No available authenticator recognized any of the allowed credentials", "NotAllowedError", SignIn, problems.PasskeyNotAllowed},
		{"User verification was required but no available authenticator supported it", "ConstraintError", Register, problems.PasskeyNotSupported},
		{"Domain / RP ID mismatch.", "Error", Register, problems.PasskeyProviderInterference},
		// Reports gathered for testdata/corpus_stop27.json.
		{"Passkeys not supported for this app", "Error", Register, problems.PasskeyProviderInterference},
		{"Passkey operation failed because browser isn't privileged", "Error", SignIn, problems.PasskeyProviderInterference},
		{"passkey authentication failed because user could not be verified", "Error", SignIn, problems.PasskeyProviderInterference},
		{"Passkey operation failed because app not found in asset links", "Error", Register, problems.PasskeyMisconfigured},
		{"Anmeldeinformationen sind ausgeschlossen.", "Error", Register, problems.PasskeyAlreadyRegistered},
		{"ログイン情報が見つかりません。", "Error", SignIn, problems.PasskeyNoCredentials},
		{"L’origine et RP ID ne correspondent pas", "Error", Register, problems.PasskeyProviderInterference},
		{"No logins found.", "Error", SignIn, problems.PasskeyNoCredentials},
		{"Biometry is locked out.", "Error", SignIn, problems.PasskeyBiometryLockout},
		{"Operation is not supported", "NotSupportedError", Register, problems.PasskeyNotSupported},
		{"The following credential operations can only occur in a document which is same-origin with all of its ancestors: storage/retrieval of 'PasswordCredential' and 'FederatedCredential', storage of 'PublicKeyCredential'.", "NotAllowedError", Register, problems.PasskeyMisconfigured},
		{"The operation couldn’t be completed. \"ASAuthorizationSecurityKeyPublicKeyCredentialAssertionRequest\" does not support AutoFill assistance.", "Error", SignIn, problems.PasskeyMisconfigured},
		{"com.apple.authenticationservices.authorizationerror error 1006", "Error", Register, problems.PasskeyAlreadyRegistered},
		{"Instance of 'DeviceNotSupportedException'", "Error", Register, problems.PasskeyNotSupported},
		{"ERROR_AUTHENTICATOR_PREVIOUSLY_REGISTERED", "Error", Register, problems.PasskeyAlreadyRegistered},
		// NSError descriptions localized by the device: the domain and the
		// number survive in every language, in either order.
		{"L’opération n’a pas pu s’achever. (erreur com.apple.AuthenticationServices.AuthorizationError 1001.)", "Error", SignIn, problems.PasskeyCancelled},
		{"Der Vorgang konnte nicht abgeschlossen werden. (com.apple.AuthenticationServices.AuthorizationError-Fehler 1006.)", "Error", Register, problems.PasskeyAlreadyRegistered},
		{"操作を完了できませんでした。(com.apple.AuthenticationServices.AuthorizationError エラー 1001。)", "Error", SignIn, problems.PasskeyCancelled},
		{"操作无法完成。（com.apple.AuthenticationServices.AuthorizationError错误1006。）", "Error", Register, problems.PasskeyAlreadyRegistered},
		{"Операция не может быть завершена. (com.apple.AuthenticationServices.AuthorizationError, ошибка 1005.)", "Error", SignIn, problems.PasskeyNoCredentials},
		{"No se ha podido completar la operación. (Error com.apple.AuthenticationServices.AuthorizationError 1010.)", "Error", Register, problems.PasskeyDeviceNotConfigured},
		{"PlatformException(cancelled, None of the allowed credentials can be authenticated, , null)", "Error", SignIn, problems.PasskeyNotAllowed},
		{"[28436] Caller has been temporarily blocked due to too many canceled sign-in prompts.", "Error", SignIn, problems.PasskeyNotAllowed},
		// Reports gathered for testdata/corpus_stop27c.json.
		{"This Security key does not look familiar. Please try a different one", "NotAllowedError", SignIn, problems.PasskeyNoCredentials},
		{"This security key doesn't look familiar, please try a different one.", "Error", SignIn, problems.PasskeyNoCredentials},
		{"you are using a security key thats not registered with this site", "NotAllowedError", SignIn, problems.PasskeyNoCredentials},
		{"no credentials found", "Error", SignIn, problems.PasskeyNoCredentials},
		{"Passkey is not registered for login", "Error", SignIn, problems.PasskeyNoCredentials},
		{"Impossibile accedere con la passkey. Assicuratevi che sia ancora disponibile in Gestione passkey o provate un altro metodo di accesso.", "Error", SignIn, problems.PasskeyNoCredentials},
		{"The selected passkey provider (KeePassDX) isn\"t supported.", "Error", Register, problems.PasskeyNotSupported},
		{"String contains an invalid character", "InvalidCharacterError", Register, problems.PasskeyMisconfigured},
		{"user not verified during authentication", "Error", Register, problems.PasskeyMisconfigured},
		{"Security error: App is not authorized to access passkeys for x.com.", "Error", SignIn, problems.PasskeyMisconfigured},
		{"Security key error:  OTHER", "Error", SignIn, problems.PasskeyProviderInterference},
		{"Security key error: INVALID_PARAMETER", "Error", Register, problems.PasskeyProviderInterference},
		{"auth cancelled", "Error", SignIn, problems.PasskeyNotAllowed},
		{"No passkeys available", "Error", SignIn, problems.PasskeyNoCredentials},
		{"Passkey operation failed because app not found in assets links", "Error", Register, problems.PasskeyMisconfigured},
		{"Error: Invalid key for curve: \"Public key is not a point\"\n    at e.verifySignature (async-vendor.js:73:28917)\n    at e.verifyAuthenticationResponse (async-v", "Error", SignIn, problems.PasskeyMisconfigured},
		{"The authenticator timed out", "Error", SignIn, problems.PasskeyNotAllowed},
		{"The authenticator timed out. Please try to sign in again.", "NotAllowedError", SignIn, problems.PasskeyNotAllowed},
		{"PRF salt 'first' must be 32 bytes, but was 26", "Error", Register, problems.PasskeyProviderInterference},
		{"PRF salt 'second' must be 32 bytes, but was 16", "Error", SignIn, problems.PasskeyProviderInterference},
		{"err.failed_to_finish_webauthn_login", "Error", SignIn, problems.PasskeyMisconfigured},
		{"Failed to finish WebAuthn registration", "Error", Register, problems.PasskeyMisconfigured},
		{"Device removed from account", "Error", SignIn, problems.PasskeyNoCredentials},
		{"This passkey was removed from your account.", "Error", SignIn, problems.PasskeyNoCredentials},
		{"Invalid Passkey. Please try again.", "Error", SignIn, problems.PasskeyNoCredentials},
		{"Passkey is invalid", "Error", SignIn, problems.PasskeyNoCredentials},
		{"Something went wrong. There was a problem saving your passkey.", "Error", Register, problems.PasskeyPlatformError},
	})
}

// TestClassify_WrapperCodesAsCodeOrWholeMessage holds SDK wrappers' own
// codes to one answer whether they arrive as a code member or as the whole
// message.
func TestClassify_WrapperCodesAsCodeOrWholeMessage(t *testing.T) {
	tests := []struct {
		code string
		want problems.Code
	}{
		{"NO_CREDENTIAL", problems.PasskeyNoCredentials},
		{"no_credential", problems.PasskeyNoCredentials},
		{"RP_ID_MISMATCH", problems.PasskeyMisconfigured},
		{"RPID_VALIDATION_ERROR", problems.PasskeyMisconfigured},
		{"PASSKEYS_NOT_SUPPORTED", problems.PasskeyNotSupported},
		{"UNSUPPORTED_ERROR", problems.PasskeyNotSupported},
		{"network_error", problems.PasskeyNetworkError},
		{"ERROR_AUTHENTICATOR_PREVIOUSLY_REGISTERED", problems.PasskeyAlreadyRegistered},
		{"AUTH_CANCELLED", problems.PasskeyNotAllowed}, // better-auth's catch-all
		{"REGISTRATION_CANCELLED", problems.PasskeyNotAllowed},
		{"PREVIOUSLY_REGISTERED", problems.PasskeyAlreadyRegistered},
		// Clerk's passkey codes; Auth0's web SDK shares the first.
		{"passkey_not_supported", problems.PasskeyNotSupported},
		{"passkeys_pa_not_supported", problems.PasskeyNotSupported},
		{"passkey_invalid_rpID_or_domain", problems.PasskeyMisconfigured},
		{"passkey_already_exists", problems.PasskeyAlreadyRegistered},
		{"passkey_operation_aborted", problems.PasskeyInterrupted},
		{"passkey_retrieval_cancelled", problems.PasskeyNotAllowed},
		{"passkey_registration_cancelled", problems.PasskeyNotAllowed},
		{"UnsupportedOperation", problems.PasskeyNotSupported},
		{"passkey_retrieval_failed", problems.PasskeyUnknown}, // a catch-all names no cause
		// AWS Amplify's PasskeyErrorCode and Hanko's error classes.
		{"PasskeyAuthenticationCanceled", problems.PasskeyNotAllowed},
		{"PasskeyRegistrationCanceled", problems.PasskeyNotAllowed},
		{"RelyingPartyMismatch", problems.PasskeyMisconfigured},
		{"InvalidPasskeyRegistrationOptions", problems.PasskeyMisconfigured},
		{"PasskeyAlreadyExists", problems.PasskeyAlreadyRegistered},
		{"WebauthnRequestCancelledError", problems.PasskeyNotAllowed},
		{"InvalidWebauthnCredentialError", problems.PasskeyNoCredentials},
		// An RP's finish-step codes (naiba/bonds' INTERNAL_ERROR carries one).
		{"err.failed_to_finish_webauthn_login", problems.PasskeyMisconfigured},
		{"failed_to_finish_webauthn_registration", problems.PasskeyMisconfigured},
	}
	for _, tt := range tests {
		for shape, js := range map[string]string{
			"code member":   `{"code":"` + tt.code + `","message":"Passkey operation failed"}`,
			"whole message": `{"message":"` + tt.code + `"}`,
		} {
			t.Run(shape+"/"+tt.code, func(t *testing.T) {
				check(t, report(t, SignIn, js), want{code: tt.want})
			})
		}
	}
}

// SDKs that name their error class in the name member (Amplify's
// PasskeyError, Hanko's errors) get the same answer as their code; a cause
// beside it still says more.
func TestClassify_SDKErrorClassAsName(t *testing.T) {
	tests := []struct {
		name, json string
		want       problems.Code
	}{
		{"Amplify's cancel pair is every NotAllowedError", `{"name":"PasskeyAuthenticationCanceled","message":"Passkey authentication ceremony has been canceled."}`, problems.PasskeyNotAllowed},
		{"Amplify's RP mismatch", `{"name":"RelyingPartyMismatch","message":"Relying party does not match current domain."}`, problems.PasskeyMisconfigured},
		{"Amplify's catch-all names no cause", `{"name":"PasskeyRetrievalFailed","message":"Device failed to retrieve passkey."}`, problems.PasskeyUnknown},
		{"Hanko's wrapper alone", `{"name":"WebauthnRequestCancelledError","message":"Webauthn request cancelled error"}`, problems.PasskeyNotAllowed},
		{"Hanko's wrapper with its cause", `{"name":"WebauthnRequestCancelledError","message":"Webauthn request cancelled error","cause":{"name":"SecurityError","message":"This is an invalid domain."}}`, problems.PasskeyMisconfigured},
		{"a DOMException name stays domRule's", `{"name":"AbortError","message":"x"}`, problems.PasskeyInterrupted},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			check(t, report(t, SignIn, tt.json), want{code: tt.want})
		})
	}
}

func TestClassify_AndroidAssetLinksAndDOMErrors(t *testing.T) {
	tests := []struct {
		name, json string
		want       problems.Code
	}{
		{"50152 in a DOM exception", `{"type":"androidx.credentials.exceptions.publickeycredential.GetPublicKeyCredentialDomException","message":"[50152] RP ID cannot be validated."}`, problems.PasskeyMisconfigured},
		{"incoming request under an unknown type", `{"type":"androidx.credentials.exceptions.CreateCredentialUnknownException","message":"The incoming request cannot be validated"}`, problems.PasskeyMisconfigured},
		{"bare domError member", `{"domError":"androidx.credentials.TYPE_SECURITY_ERROR"}`, problems.PasskeyMisconfigured},
		{"bare domError not allowed", `{"domError":"androidx.credentials.TYPE_NOT_ALLOWED_ERROR"}`, problems.PasskeyNotAllowed},
		{"DataError is the request the app built", `{"type":"CreatePublicKeyCredentialDomException","domError":"androidx.credentials.TYPE_DATA_ERROR"}`, problems.PasskeyMisconfigured},
		{"Flutter android-unhandled split into its parts", `{"code":"android-unhandled: androidx.credentials.TYPE_CREATE_PUBLIC_KEY_CREDENTIAL_DOM_EXCEPTION/androidx.credentials.TYPE_INVALID_STATE_ERROR","message":"x"}`, problems.PasskeyAlreadyRegistered},
		{"type/domError quoted in a message", `{"message":"v1=androidx.credentials.TYPE_GET_PUBLIC_KEY_CREDENTIAL_DOM_EXCEPTION/androidx.credentials.TYPE_NOT_ALLOWED_ERROR: [50162] Unsuccessful result from folsom activity."}`, problems.PasskeyNotAllowed},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			check(t, report(t, Register, tt.json), want{code: tt.want})
		})
	}
}

func TestClassify_Apple1001ThatSaysNoCredentialsIsNotACancel(t *testing.T) {
	for _, js := range []string{
		`{"domain":"com.apple.AuthenticationServices.AuthorizationError","code":1001,"localizedDescription":"No credentials available for login."}`,
		`{"domain":"ASAuthorizationErrorDomain","code":1001,"failureReason":"Found no credentials on this device."}`,
		`{"domain":"ASAuthorizationErrorDomain","code":1001,"userInfo":{"NSLocalizedFailureReason":"No credentials were found."}}`,
	} {
		check(t, report(t, SignIn, js), want{code: problems.PasskeyNoCredentials})
	}
	immediate := report(t, SignIn, `{"domain":"ASAuthorizationErrorDomain","code":1001}`)
	immediate.Immediate = true
	check(t, immediate, want{code: problems.PasskeyNotAllowed})
	check(t, report(t, SignIn, `{"domain":"ASAuthorizationErrorDomain","code":1001,"localizedDescription":"The operation couldn’t be completed."}`),
		want{code: problems.PasskeyCancelled})
}

func TestClassify_ProviderInterference(t *testing.T) {
	for _, js := range []string{
		`{"name":"NotAllowedError","message":"Unknown passkeys error."}`,
		`{"name":"TypeError","message":"Cannot read properties of undefined (reading 'authenticatorAttachment')","stack":"TypeError: x\n    at chrome-extension://nngceckbapebfimnlniiiahkandclblb/content/fido2/page-script.js:16891:171"}`,
		`{"name":"Error","message":"The operation either timed out or was not allowed.","stack":"Error: x\n    at Messenger.<anonymous> (fido2-page-script.js:304:35)"}`,
		`{"message":"'getPublicKeyAlgorithm' called on an object that does not implement interface AuthenticatorAttestationResponse."}`,
		`{"name":"Error","message":"Permission denied to access object"}`,
	} {
		got := check(t, report(t, SignIn, js), want{problems.PasskeyProviderInterference, Environmental, Fallback})
		if got.Source.Platform != Web {
			t.Errorf("%s: platform %q", js, got.Source.Platform)
		}
	}
	// A page's own TypeError stays the page's configuration.
	check(t, report(t, Register, `{"name":"TypeError","message":"Cannot read properties of undefined (reading 'challenge')"}`),
		want{code: problems.PasskeyMisconfigured})
}

func TestClassify_SDKLabelIsShownAndYieldsToARawCause(t *testing.T) {
	got := check(t, report(t, SignIn, `{"error":"UserCancelled","message":"The user cancelled the request."}`), want{code: problems.PasskeyCancelled})
	if got.Source.SDKLabel != "UserCancelled" {
		t.Errorf("source = %+v, want the SDK's label", got.Source)
	}
	got = check(t, report(t, SignIn, `{"error":"UserCancelled","message":"androidx.credentials.exceptions.domerrors.SecurityError@1469d41"}`),
		want{code: problems.PasskeyMisconfigured})
	if got.Source.SDKLabel != "UserCancelled" {
		t.Errorf("source = %+v, want the SDK's label kept", got.Source)
	}
	got = check(t, report(t, SignIn, `{"error":"NotAllowedError: The document is not focused for tatastail@gmail.com"}`), want{code: problems.PasskeyInterrupted})
	if got.Source.SDKLabel != "" || got.Source.ErrorCode != "" {
		t.Errorf("a message in the SDK's member is echoed: %+v", got.Source)
	}
	check(t, report(t, SignIn, `{"code":"cancelled","message":"x","details":{"domain":"ASAuthorizationErrorDomain","code":1001,"localizedDescription":"No credentials available for login."}}`),
		want{code: problems.PasskeyNoCredentials})
}

func TestErrorValue_AcceptsAnObjectOrAPlainString(t *testing.T) {
	var body struct {
		Error ErrorValue `json:"error"`
	}
	if err := json.Unmarshal([]byte(`{"error":"A request is already pending."}`), &body); err != nil || body.Error["message"] != "A request is already pending." {
		t.Errorf("string: %v %v", body.Error, err)
	}
	if err := json.Unmarshal([]byte(`{"error":{"code":1001}}`), &body); err != nil || body.Error["code"] != json.Number("1001") {
		t.Errorf("object: %v %v", body.Error, err)
	}
	for _, bad := range []string{`{"error":[1]}`, `{"error":12}`, `{"error":true}`} {
		if err := json.Unmarshal([]byte(bad), &body); err == nil {
			t.Errorf("%s accepted", bad)
		}
	}
}

// Structured words inside a string are read whatever case or glue a wrapper
// gave them, and a page's own misuse of the API is not an extension's mark.
func TestClassify_StructuredWordsInsideStrings(t *testing.T) {
	checkShapes(t, []shapeCase{
		{"old Edge's lowercase DOMException name and legacy code", "securityError code:18", Register, problems.PasskeyMisconfigured},
		{"a page's TypeError glued to a log prefix", "FAILTypeError: getAssert.allowCredentials is undefined", SignIn, problems.PasskeyMisconfigured},
		{"a detached method is the page's misuse, not a proxy", map[string]any{"name": "TypeError", "message": "Failed to execute 'get' on 'CredentialsContainer': Illegal invocation"}, SignIn, problems.PasskeyMisconfigured},
		{"a bare Illegal invocation is an extension's proxy", map[string]any{"name": "TypeError", "message": "Illegal invocation"}, Register, problems.PasskeyProviderInterference},
		{"a wrapper that cannot tell cancel from timeout", "AttestationCancelled: The credentials creation was cancelled by the user or a timeout.", Register, problems.PasskeyNotAllowed},
		{"Safari's InvalidStateError text on sign-in", map[string]any{"message": "The object is in an invalid state."}, SignIn, problems.PasskeyNoCredentials},
		{"an SDK's code alone", map[string]any{"name": "WebAuthnError", "code": "ERROR_AUTHENTICATOR_NO_SUPPORTED_PUBKEYCREDPARAMS_ALG"}, Register, problems.PasskeyNotSupported},
		{"a Credential Manager type constant without its package", "TYPE_USER_CANCELED", SignIn, problems.PasskeyCancelled},
		{"an SDK code as the whole message", "Error: NotSupported", Register, problems.PasskeyNotSupported},
		{"a bare cancel word is not a structured cancel", "Error: Cancelled", SignIn, problems.PasskeyUnknown},
		{"an SDK code spelt out in words", "No credentials", SignIn, problems.PasskeyNoCredentials},
		{"WebKit's bare TypeError text is the page's options", "Type error", SignIn, problems.PasskeyMisconfigured},
		{"a WebExtension API's type error is an extension's", "Type error for parameter updateProperties (Property \"highlighted\" is unsupported by Firefox) for tabs.update", SignIn, problems.PasskeyProviderInterference},
		{"an RP's own user-verification refusal is its configuration", "Error: User verification required, but user could not be verified", Register, problems.PasskeyMisconfigured},
		{"a provider's own user-verification refusal stays the provider's", "Passkey operation failed because user could not be verified", SignIn, problems.PasskeyProviderInterference},
		{"an RP's origin check passed on by the page", "Unexpected registration response origin \"http://localhost:33032\", expected \"http://localhost:32902\"", Register, problems.PasskeyMisconfigured},
		{"an RP ID that does not fit the origin, in a wrapper's words", map[string]any{"code": "UNKNOWN_ERROR", "message": "'rp.id' cannot be used with the current origin"}, Register, problems.PasskeyMisconfigured},
		{"a cancel spelt out in words is still only a word", "User cancelled", SignIn, problems.PasskeyUnknown},
		{"words that only contain a code are not one", "The request failed. No Credentials were returned.", SignIn, problems.PasskeyUnknown},
		{"a page decoding its options with atob, the name alone", map[string]any{"name": "InvalidCharacterError", "message": "Failed to execute 'atob' on 'Window': The string to be decoded is not correctly encoded."}, Register, problems.PasskeyMisconfigured},
		{"a page decoding its options, the name in a log line", "Uncaught DOMException: InvalidCharacterError: x", Register, problems.PasskeyMisconfigured},
		{"Hanko's catch-all code for every create() failure names no cause", map[string]any{"code": "webauthn_credential_already_exists", "message": "Webauthn credential already exists"}, Register, problems.PasskeyUnknown},
		{"an RP's UV-flag check (webauthn-rs) is its configuration", "Webauthn registration error: The user verified bit is not set, and required by policy", Register, problems.PasskeyMisconfigured},
		{"a security-key error in words is not a provider's status code", "Security key error: the key was removed", SignIn, problems.PasskeyUnknown},
		{"Play services' sync-account fault, as its text", "createPasskey failed with exception: Unable to get sync account.", Register, problems.PasskeyPlatformError},
		{"the same fault, as corbado's Flutter exception", "Instance of 'SyncAccountNotAvailableException'", Register, problems.PasskeyPlatformError},
	})
}

// textCase is one error text, the name or exception it comes with, and the
// code it must get in every shape a generator makes of the two.
type textCase struct {
	text, name string
	ceremony   Ceremony
	want       problems.Code
}

// checkTextShapes classifies every shape gen makes of each case.
func checkTextShapes(t *testing.T, gen func(text, name string) map[string]any, tests []textCase) {
	t.Helper()
	for _, tt := range tests {
		for shape, errValue := range gen(tt.text, tt.name) {
			t.Run(shape+"/"+tt.text, func(t *testing.T) {
				obj, ok := errorObject(errValue)
				if !ok {
					t.Fatal("not an error value")
				}
				check(t, Report{Ceremony: tt.ceremony, Error: obj}, want{code: tt.want})
			})
		}
	}
}

// shapeCase is one error value (an object or a plain string, as clients
// send it) and the code it must get.
type shapeCase struct {
	name     string
	err      any
	ceremony Ceremony
	want     problems.Code
}

func checkShapes(t *testing.T, tests []shapeCase) {
	t.Helper()
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			obj, ok := errorObject(tt.err)
			if !ok {
				t.Fatal("not an error value")
			}
			check(t, Report{Ceremony: tt.ceremony, Error: obj}, want{code: tt.want})
		})
	}
}

// A message in a wording no table holds still names its cause by its
// words, in any shape; a code, name or known text beside the words wins,
// a cancel in words is never a cancel, and the catch-alls stay unknown.
func TestClassify_KeywordsNameACauseInAnUnseenWording(t *testing.T) {
	checkShapes(t, []shapeCase{
		{"a timeout, bare message", map[string]any{"message": "Authenticator request timed out after 60s"}, SignIn, problems.PasskeyTimeout},
		{"a timeout, plain string", "Passkey login timeout, please retry", SignIn, problems.PasskeyTimeout},
		{"already registered, wrapper code beside it", map[string]any{"code": "E_FAILED", "message": "This device is already registered for your account"}, Register, problems.PasskeyAlreadyRegistered},
		{"no passkey, plain string", "No passkey for this account on this device", SignIn, problems.PasskeyNoCredentials},
		{"biometry locked, bare message", map[string]any{"message": "Biometrics are locked, enter your passcode"}, SignIn, problems.PasskeyBiometryLockout},
		{"RP ID, in a wrapper's words", map[string]any{"error": "Native error", "message": "RP ID does not match the app's domain"}, Register, problems.PasskeyMisconfigured},
		{"origin mismatch, plain string", "Origin mismatch: expected https://example.com", SignIn, problems.PasskeyMisconfigured},
		{"not supported, plain string", "Passkeys are not supported on this Android version", Register, problems.PasskeyNotSupported},
		{"offline", map[string]any{"message": "The device appears to be offline"}, SignIn, problems.PasskeyNetworkError},
		{"a resident key the authenticator cannot make, its name lost", "DOMException: A resident key was required but the authenticator doesn't support it", Register, problems.PasskeyNotSupported},
		{"Firefox's timeout, its name lost", "DOMException: lifetimeTimer has expired", SignIn, problems.PasskeyTimeout},
		{"an extension's proxy, its name lost", "DOMException: Illegal invocation", Register, problems.PasskeyProviderInterference},
		{"a DOMException name beside the words wins", map[string]any{"name": "InvalidStateError", "message": "not supported here"}, Register, problems.PasskeyAlreadyRegistered},
		{"a cancel in words stays unknown", "User canceled the passkey sheet", SignIn, problems.PasskeyUnknown},
		{"a wrapper's catch-all stays unknown", map[string]any{"error": "RequestFailed", "message": "The request failed. No Credentials were returned."}, SignIn, problems.PasskeyUnknown},
		{"NSURLError's timeout stays unknown", "The request timed out.", Register, problems.PasskeyUnknown},
	})
}
