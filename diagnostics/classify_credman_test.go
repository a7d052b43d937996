package diagnostics

import (
	"testing"

	"passwordless/problems"
)

func TestClassify_AndroidCredentialManager(t *testing.T) {
	tests := []struct {
		name     string
		ceremony Ceremony
		json     string
		want     want
	}{
		{"get cancelled", SignIn, `{"type":"androidx.credentials.exceptions.GetCredentialCancellationException"}`, want{problems.PasskeyCancelled, Expected, Fallback}},
		{"create cancelled", Register, `{"type":"androidx.credentials.exceptions.CreateCredentialCancellationException"}`, want{problems.PasskeyCancelled, Expected, None}},
		{"no credential", SignIn, `{"type":"androidx.credentials.exceptions.NoCredentialException","message":"No credentials available"}`, want{problems.PasskeyNoCredentials, Expected, Fallback}},
		{"get interrupted", SignIn, `{"type":"androidx.credentials.exceptions.GetCredentialInterruptedException"}`, want{problems.PasskeyInterrupted, Transient, Retry}},
		{"create interrupted", Register, `{"type":"androidx.credentials.exceptions.CreateCredentialInterruptedException"}`, want{problems.PasskeyInterrupted, Transient, Retry}},
		{"get unsupported", SignIn, `{"type":"androidx.credentials.exceptions.GetCredentialUnsupportedException"}`, want{problems.PasskeyNotSupported, Environmental, SuppressPrompts}},
		{"create unsupported", Register, `{"type":"androidx.credentials.exceptions.CreateCredentialUnsupportedException"}`, want{problems.PasskeyNotSupported, Environmental, SuppressPrompts}},
		{"provider configuration", SignIn, `{"type":"androidx.credentials.exceptions.GetCredentialProviderConfigurationException"}`, want{problems.PasskeyMisconfigured, Configuration, FixConfiguration}},
		{"create provider configuration", Register, `{"type":"androidx.credentials.exceptions.CreateCredentialProviderConfigurationException"}`, want{problems.PasskeyMisconfigured, Configuration, FixConfiguration}},
		{"no create option", Register, `{"type":"androidx.credentials.exceptions.CreateCredentialNoCreateOptionException"}`, want{problems.PasskeyDeviceNotConfigured, Environmental, SuppressPrompts}},
		{"unknown exception", SignIn, `{"type":"androidx.credentials.exceptions.GetCredentialUnknownException","message":"[16] Cancelled by user."}`, want{problems.PasskeyUnknown, Unknown, Fallback}},
		{"custom exception", SignIn, `{"type":"androidx.credentials.exceptions.GetCredentialCustomException"}`, want{problems.PasskeyUnknown, Unknown, Fallback}},
		{"dom invalid state on create", Register, `{"type":"androidx.credentials.exceptions.publickeycredential.CreatePublicKeyCredentialDomException","domError":"androidx.credentials.TYPE_INVALID_STATE_ERROR"}`, want{problems.PasskeyAlreadyRegistered, Expected, SignInInstead}},
		{"dom not allowed on get", SignIn, `{"type":"androidx.credentials.exceptions.publickeycredential.GetPublicKeyCredentialDomException","domError":{"type":"androidx.credentials.TYPE_NOT_ALLOWED_ERROR"},"message":"[16] Cancelled by user."}`, want{problems.PasskeyNotAllowed, Expected, Fallback}},
		{"dom type constant with slash", Register, `{"type":"androidx.credentials.TYPE_CREATE_PUBLIC_KEY_CREDENTIAL_DOM_EXCEPTION/androidx.credentials.TYPE_INVALID_STATE_ERROR"}`, want{problems.PasskeyAlreadyRegistered, Expected, SignInInstead}},
		{"dom security error", SignIn, `{"type":"GetPublicKeyCredentialDomException","domError":"androidx.credentials.TYPE_SECURITY_ERROR"}`, want{problems.PasskeyMisconfigured, Configuration, FixConfiguration}},
		{"dom without error", SignIn, `{"type":"GetPublicKeyCredentialDomException"}`, want{problems.PasskeyPlatformError, PlatformFault, Fallback}},
		{"framework user canceled", SignIn, `{"type":"android.credentials.GetCredentialException.TYPE_USER_CANCELED"}`, want{problems.PasskeyCancelled, Expected, Fallback}},
		{"framework no credential", SignIn, `{"type":"android.credentials.GetCredentialException.TYPE_NO_CREDENTIAL"}`, want{problems.PasskeyNoCredentials, Expected, Fallback}},
		{"framework interrupted", SignIn, `{"type":"android.credentials.GetCredentialException.TYPE_INTERRUPTED"}`, want{problems.PasskeyInterrupted, Transient, Retry}},
		{"framework no create options", Register, `{"type":"android.credentials.CreateCredentialException.TYPE_NO_CREATE_OPTIONS"}`, want{problems.PasskeyDeviceNotConfigured, Environmental, SuppressPrompts}},
		{"framework unknown", SignIn, `{"type":"android.credentials.GetCredentialException.TYPE_UNKNOWN"}`, want{problems.PasskeyUnknown, Unknown, Fallback}},
		{"Play Services FIDO2 not allowed", SignIn, `{"errorCode":"NOT_ALLOWED_ERR","errorMessage":"Cancelled by user"}`, want{problems.PasskeyNotAllowed, Expected, Fallback}},
		{"Play Services FIDO2 invalid state", Register, `{"errorCode":"INVALID_STATE_ERR"}`, want{problems.PasskeyAlreadyRegistered, Expected, SignInInstead}},
		{"Play Services FIDO2 not supported", Register, `{"errorCode":"NOT_SUPPORTED_ERR"}`, want{problems.PasskeyNotSupported, Environmental, SuppressPrompts}},
		{"androidx type constant", SignIn, `{"type":"androidx.credentials.TYPE_GET_CREDENTIAL_CANCELLATION_EXCEPTION"}`, want{problems.PasskeyCancelled, Expected, Fallback}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := check(t, report(t, tt.ceremony, tt.json), tt.want)
			if got.Source.Platform != Android {
				t.Errorf("platform = %q, want android", got.Source.Platform)
			}
		})
	}
}
