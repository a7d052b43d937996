package diagnostics

import (
	"testing"

	"passwordless/problems"
)

func TestClassify_DOMExceptionNames(t *testing.T) {
	tests := []struct {
		name     string
		ceremony Ceremony
		want     want
	}{
		{"NotAllowedError", SignIn, want{problems.PasskeyNotAllowed, Expected, Fallback}},
		{"NotAllowedError", Register, want{problems.PasskeyNotAllowed, Expected, Fallback}},
		{"InvalidStateError", Register, want{problems.PasskeyAlreadyRegistered, Expected, SignInInstead}},
		{"InvalidStateError", SignIn, want{problems.PasskeyNoCredentials, Expected, Fallback}},
		{"NotSupportedError", SignIn, want{problems.PasskeyNotSupported, Environmental, SuppressPrompts}},
		{"ConstraintError", Register, want{problems.PasskeyNotSupported, Environmental, SuppressPrompts}},
		{"AbortError", SignIn, want{problems.PasskeyInterrupted, Transient, Retry}},
		{"SecurityError", SignIn, want{problems.PasskeyMisconfigured, Configuration, FixConfiguration}},
		{"TimeoutError", SignIn, want{problems.PasskeyTimeout, Transient, Retry}},
		{"UnknownError", SignIn, want{problems.PasskeyPlatformError, PlatformFault, Fallback}},
		{"NotReadableError", SignIn, want{problems.PasskeyPlatformError, PlatformFault, Fallback}},
		{"TypeError", Register, want{problems.PasskeyMisconfigured, Configuration, FixConfiguration}},
		{"SomeFutureError", SignIn, want{problems.PasskeyUnknown, Unknown, Fallback}},
	}
	for _, tt := range tests {
		t.Run(tt.name+"/"+string(tt.ceremony), func(t *testing.T) {
			got := check(t, report(t, tt.ceremony, `{"name":"`+tt.name+`","message":"anything, in any language"}`), tt.want)
			if got.Source.Platform != Web {
				t.Errorf("platform = %q, want web", got.Source.Platform)
			}
		})
	}
}

func TestClassify_NotAllowedPastTheTimeoutIsATimeout(t *testing.T) {
	r := report(t, SignIn, `{"name":"NotAllowedError"}`)
	r.ElapsedMs, r.TimeoutMs = 61234, 60000
	check(t, r, want{problems.PasskeyTimeout, Transient, Retry})
	r.ElapsedMs = 1200
	check(t, r, want{code: problems.PasskeyNotAllowed})
}

// The stock client's messages (spec/clients.md §2.7), as it returns them.
func TestClassify_StockClientTitles(t *testing.T) {
	tests := []struct {
		title    string
		ceremony Ceremony
		want     problems.Code
	}{
		{"The operation either timed out or was not allowed. See: https://www.w3.org/TR/webauthn-2/#sctn-privacy-considerations-client.", SignIn, problems.PasskeyNotAllowed},
		{"The user attempted to register an authenticator that contains one of the credentials already registered with the relying party.", Register, problems.PasskeyAlreadyRegistered},
		{"signal is aborted without reason", SignIn, problems.PasskeyInterrupted},
		{"This is an invalid domain.", SignIn, problems.PasskeyMisconfigured},
		{"The relying party ID is not a registrable domain suffix of, nor equal to the current domain. Subsequently, an attempt to fetch the .well-known/webauthn resource of the claimed RP ID failed.", Register, problems.PasskeyMisconfigured},
		{"Failed to fetch", SignIn, problems.PasskeyNetworkError},
		{"Load failed", SignIn, problems.PasskeyNetworkError},
		{"Unexpected token 'N', \"Not Found \"... is not valid JSON", SignIn, problems.PasskeyUnknown},
		{"Unexpected end of JSON input", SignIn, problems.PasskeyUnknown},
		{"This request has been cancelled by the user.", SignIn, problems.PasskeyNotAllowed},
		{"Autofill authentication (conditional meditation) is not supported in this browser", SignIn, problems.PasskeyNotSupported},
		{"Ein unbekannter Fehler", SignIn, problems.PasskeyUnknown},
	}
	for _, tt := range tests {
		t.Run(tt.title, func(t *testing.T) {
			check(t, report(t, tt.ceremony, `{"from":"client","errorCode":"unknown","title":`+quote(tt.title)+`}`), want{code: tt.want})
		})
	}
	check(t, report(t, Register, `{"from":"client","errorCode":"failed_create_credential","title":"x"}`), want{code: problems.PasskeyPlatformError})
}

func TestClassify_OurOwnProblemsReportedBack(t *testing.T) {
	tests := []struct {
		code problems.Code
		want want
	}{
		{problems.MaxCredentialsPerUserExceeded, want{problems.MaxCredentialsPerUserExceeded, Expected, RemovePasskey}},
		{problems.SessionExpired, want{problems.SessionExpired, Transient, Retry}},
		{problems.ExpiredToken, want{problems.ExpiredToken, Transient, Retry}},
		{problems.ServiceUnavailable, want{problems.ServiceUnavailable, Transient, Retry}},
		{problems.UnknownCredential, want{problems.UnknownCredential, Environmental, OfferNewPasskey}},
		{problems.InvalidAPIKey, want{problems.InvalidAPIKey, Configuration, FixConfiguration}},
		{problems.InternalError, want{problems.InternalError, Transient, Retry}},
	}
	for _, tt := range tests {
		t.Run(string(tt.code), func(t *testing.T) {
			check(t, report(t, SignIn, `{"from":"server","errorCode":"`+string(tt.code)+`","status":400,"title":"t",
				"type":"https://docs.passwordless.dev/guide/errors.html#x"}`), tt.want)
		})
	}
	check(t, report(t, SignIn, `{"from":"server","errorCode":"made_up_code","status":400}`), want{code: problems.PasskeyUnknown})
}

// Seed 004's result codes.
func TestClassify_SeedResultCodes(t *testing.T) {
	tests := []struct {
		status, message string
		want            problems.Code
	}{
		{"error-1000", "Invalid credentialCreationOptions.", problems.PasskeyMisconfigured},
		{"error-1001", "Error while trying to create new credential. NotAllowedError: The operation either timed out or was not allowed. See:", problems.PasskeyNotAllowed},
		{"error-1001", "Error while trying to create new credential. InvalidStateError: x", problems.PasskeyAlreadyRegistered},
		{"error-1001", "Failed to create WebAuthn credential.", problems.PasskeyPlatformError},
		{"error-1002", "Error while registering the new credential on server", problems.PasskeyNetworkError},
		{"error-1003", "Missing statusToken.", problems.PasskeyMisconfigured},
		{"error-1004", "WebAuthn is not supported by this browser.", problems.PasskeyNotSupported},
		{"error-1099", "Unknown error while registration.", problems.PasskeyUnknown},
		{"error-1099", "Unknown error. AbortError: x", problems.PasskeyInterrupted},
		{"error-1050", "", problems.PasskeyUnknown},
	}
	for _, tt := range tests {
		t.Run(tt.status+" "+tt.message, func(t *testing.T) {
			check(t, report(t, Register, `{"statusCode":"`+tt.status+`","message":`+quote(tt.message)+`}`), want{code: tt.want})
			// The full result object of seed 004 nests the code.
			check(t, report(t, Register, `{"success":false,"code":{"statusCode":"`+tt.status+`","message":"m"},"message":`+quote(tt.message)+`}`), want{code: tt.want})
		})
	}
}
