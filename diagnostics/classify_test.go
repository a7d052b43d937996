package diagnostics

import (
	"encoding/json"
	"strconv"
	"strings"
	"testing"

	"passwordless/problems"
)

// report builds a report from the error's JSON as a client sends it.
func report(t *testing.T, ceremony Ceremony, errJSON string) Report {
	t.Helper()
	var m map[string]any
	dec := json.NewDecoder(strings.NewReader(errJSON))
	dec.UseNumber()
	if err := dec.Decode(&m); err != nil {
		t.Fatalf("bad test JSON %s: %v", errJSON, err)
	}
	return Report{Ceremony: ceremony, Error: m}
}

type want struct {
	code     problems.Code
	severity Severity
	action   Action
}

func check(t *testing.T, r Report, w want) Classification {
	t.Helper()
	got := Classify(r)
	if got.ErrorCode != w.code || (w.severity != "" && got.Severity != w.severity) || (w.action != "" && got.Action != w.action) {
		t.Errorf("Classify = %s/%s/%s, want %s/%s/%s", got.ErrorCode, got.Severity, got.Action, w.code, w.severity, w.action)
	}
	if got.Title == "" || got.Detail == "" {
		t.Errorf("classification %s has no title or detail", got.ErrorCode)
	}
	return got
}

func TestClassify_ApplePublicCodes(t *testing.T) {
	tests := map[int]want{
		1000: {problems.PasskeyPlatformError, PlatformFault, Fallback},
		1001: {problems.PasskeyCancelled, Expected, Fallback},
		1002: {problems.PasskeyPlatformError, PlatformFault, Fallback},
		1003: {problems.PasskeyMisconfigured, Configuration, FixConfiguration},
		1004: {problems.PasskeyPlatformError, PlatformFault, Fallback},
		1005: {problems.PasskeyNoCredentials, Expected, Fallback},
		1006: {problems.PasskeyAlreadyRegistered, Expected, SignInInstead},
		1007: {problems.PasskeyPlatformError, PlatformFault, Fallback},
		1008: {problems.PasskeyPlatformError, PlatformFault, Fallback},
		1009: {problems.PasskeyPreferSignInWithApple, Expected, Fallback},
		1010: {problems.PasskeyDeviceNotConfigured, Environmental, SuppressPrompts},
		1011: {problems.PasskeyUnknown, Unknown, Fallback},
		999:  {problems.PasskeyUnknown, Unknown, Fallback},
	}
	for code, w := range tests {
		for _, domain := range []string{"com.apple.AuthenticationServices.AuthorizationError", "ASAuthorizationErrorDomain"} {
			r := report(t, SignIn, `{"domain":"`+domain+`","code":`+itoa(code)+`,"localizedDescription":"x"}`)
			got := check(t, r, w)
			if got.Source.Platform != IOS || got.Source.Code == nil || *got.Source.Code != int64(code) {
				t.Errorf("%d: source = %+v", code, got.Source)
			}
		}
	}
}

func TestClassify_ASCCodesInsideFailed(t *testing.T) {
	tests := map[int]want{
		0:  {problems.PasskeyPlatformError, PlatformFault, Fallback},
		1:  {problems.PasskeyPlatformError, PlatformFault, Fallback},
		2:  {problems.PasskeyCancelled, Expected, Fallback},
		3:  {problems.PasskeyUnknown, Unknown, Fallback},
		4:  {problems.SecurityKeyMultiple, Transient, Retry},
		5:  {problems.PasskeyNoCredentials, Environmental, Fallback},
		6:  {problems.PasskeyPlatformError, PlatformFault, Fallback},
		7:  {problems.PasskeyAlreadyRegistered, Expected, SignInInstead},
		8:  {problems.SecurityKeyPinInvalid, Transient, Retry},
		9:  {problems.SecurityKeyLocked, Transient, Retry},
		10: {problems.SecurityKeyLocked, Environmental, Fallback},
		11: {problems.PasskeyPlatformError, PlatformFault, Fallback},
		12: {problems.PasskeyCancelled, Expected, Fallback},
		13: {problems.SecurityKeyFull, Environmental, Fallback},
		14: {problems.PasskeyPlatformError, PlatformFault, Fallback},
		15: {problems.PasskeyUnknown, Unknown, Fallback},
		16: {problems.PasskeyUnknown, Unknown, Fallback},
		17: {problems.PasskeyDeviceNotConfigured, Environmental, SuppressPrompts},
		18: {problems.PasskeyUnknown, Unknown, Fallback},
		19: {problems.PasskeyUnknown, Unknown, Fallback},
		20: {problems.SecurityKeyPinInvalid, Transient, Retry},
		21: {problems.SecurityKeyPinInvalid, Transient, Retry},
		22: {problems.PasskeyDeviceNotConfigured, Environmental, SuppressPrompts},
	}
	for code, w := range tests {
		r := report(t, SignIn, `{"domain":"com.apple.AuthenticationServices.AuthorizationError","code":1004,
			"underlying":{"domain":"ASCAuthorizationErrorDomain","code":`+itoa(code)+`}}`)
		if code == 3 || code == 15 || code == 16 || code == 18 || code == 19 {
			// an unknown ASC code inside 1004 stays unknown, but 1004 itself is the platform's failure
			w = want{problems.PasskeyPlatformError, PlatformFault, Fallback}
		}
		got := check(t, r, w)
		if code == 5 && (got.Source.Underlying == nil || got.Source.Underlying.Domain != "ASCAuthorizationErrorDomain") {
			t.Errorf("ASC 5: source does not name the underlying error: %+v", got.Source)
		}
	}
}

func TestClassify_LAErrorAnywhereInTheChain(t *testing.T) {
	tests := map[int]want{
		-1:    {problems.PasskeyVerificationFailed, Transient, Retry},
		-2:    {problems.PasskeyCancelled, Expected, Fallback},
		-3:    {problems.PasskeyCancelled, Expected, Fallback},
		-4:    {problems.PasskeyInterrupted, Transient, Retry},
		-5:    {problems.PasskeyDeviceNotConfigured, Environmental, SuppressPrompts},
		-6:    {problems.PasskeyBiometryUnavailable, Environmental, Fallback},
		-7:    {problems.PasskeyBiometryUnavailable, Environmental, Fallback},
		-8:    {problems.PasskeyBiometryLockout, Transient, Retry},
		-9:    {problems.PasskeyInterrupted, Transient, Retry},
		-10:   {problems.PasskeyPlatformError, PlatformFault, Fallback},
		-11:   {problems.PasskeyBiometryUnavailable, Environmental, Fallback},
		-12:   {problems.PasskeyBiometryUnavailable, Environmental, Fallback},
		-14:   {problems.PasskeyBiometryUnavailable, Environmental, Fallback},
		-1004: {problems.PasskeyPlatformError, PlatformFault, Fallback},
	}
	for code, w := range tests {
		la := `{"domain":"com.apple.LocalAuthentication","code":` + itoa(code) + `}`
		shapes := []string{
			la,
			`{"domain":"com.apple.AuthenticationServices.AuthorizationError","code":1004,"underlying":` + la + `}`,
			`{"domain":"ASAuthorizationErrorDomain","code":1004,"underlying":{"domain":"ASCAuthorizationErrorDomain","code":1,"underlying":` + la + `}}`,
			`{"domain":"ASAuthorizationErrorDomain","code":1004,"underlyingMultiple":[{"domain":"NSCocoaErrorDomain","code":4},` + la + `]}`,
			`{"domain":"ASAuthorizationErrorDomain","code":1004,"userInfo":{"NSUnderlyingError":` + la + `}}`,
		}
		for _, s := range shapes {
			check(t, report(t, SignIn, s), w)
		}
	}
}

func TestClassify_CancelUnderImmediateMediationIsAmbiguous(t *testing.T) {
	for _, s := range []string{
		`{"domain":"ASAuthorizationErrorDomain","code":1001}`,
		`{"type":"androidx.credentials.exceptions.GetCredentialCancellationException"}`,
	} {
		r := report(t, SignIn, s)
		r.Immediate = true
		check(t, r, want{problems.PasskeyNotAllowed, Expected, Fallback})
	}
	// 1005, the clean "no credentials" signal, stays what it is.
	r := report(t, SignIn, `{"domain":"ASAuthorizationErrorDomain","code":1005}`)
	r.Immediate = true
	check(t, r, want{code: problems.PasskeyNoCredentials})
}

// Under conditional mediation (autofill) an abort is the page replacing
// the request (SimpleWebAuthn's WebAuthnAbortService aborts the autofill
// request when a modal sign-in starts, MasterKale/SimpleWebAuthn#371), so
// Firefox's "The operation was aborted." is interrupted there, while the
// same text from a modal prompt stays a cancel, and a NotAllowedError
// from a passkey picked in the autofill list keeps its usual answer.
func TestClassify_AbortUnderConditionalMediationIsInterrupted(t *testing.T) {
	tests := []struct {
		name        string
		error       string
		conditional bool
		want        problems.Code
	}{
		{"Firefox abort, autofill", `{"name":"AbortError","message":"The operation was aborted."}`, true, problems.PasskeyInterrupted},
		{"Firefox abort as a bare message, autofill", `{"message":"AbortError: The operation was aborted."}`, true, problems.PasskeyInterrupted},
		{"Firefox abort, modal prompt", `{"name":"AbortError","message":"The operation was aborted."}`, false, problems.PasskeyCancelled},
		{"NotAllowedError after a pick from the autofill list", `{"name":"NotAllowedError","message":"The operation either timed out or was not allowed."}`, true, problems.PasskeyNotAllowed},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := report(t, SignIn, tt.error)
			r.Conditional = tt.conditional
			if got := Classify(r).ErrorCode; got != tt.want {
				t.Errorf("Classify = %s, want %s", got, tt.want)
			}
		})
	}
}

func TestClassify_CancelledRegistrationNeedsNoFallback(t *testing.T) {
	check(t, report(t, Register, `{"domain":"ASAuthorizationErrorDomain","code":1001}`),
		want{problems.PasskeyCancelled, Expected, None})
}

func TestClassify_ChainDepthIsBounded(t *testing.T) {
	deep := `{"domain":"com.apple.LocalAuthentication","code":-8}`
	for i := 0; i < maxDepth; i++ {
		deep = `{"domain":"ASAuthorizationErrorDomain","code":1004,"underlying":` + deep + `}`
	}
	// The LAError sits at depth 8 (reachable) …
	check(t, report(t, SignIn, deep), want{code: problems.PasskeyBiometryLockout})
	// … one level more and it is out of reach: 1004 alone is the platform's failure.
	deeper := `{"domain":"ASAuthorizationErrorDomain","code":1004,"underlying":` + deep + `}`
	check(t, report(t, SignIn, deeper), want{code: problems.PasskeyPlatformError})
}

func TestClassify_FailedWithDomainAssociationReason(t *testing.T) {
	check(t, report(t, SignIn, `{"domain":"com.apple.AuthenticationServices.AuthorizationError","code":1004,
		"failureReason":"Application with identifier A.b.c is not associated with domain example.com"}`),
		want{problems.PasskeyMisconfigured, Configuration, FixConfiguration})
	// A cause inside wins over the reason text.
	check(t, report(t, SignIn, `{"domain":"ASAuthorizationErrorDomain","code":1004,"failureReason":"is not associated with domain x",
		"underlying":{"domain":"ASCAuthorizationErrorDomain","code":9}}`), want{code: problems.SecurityKeyLocked})
}

func TestClassify_WebKitDuplicate(t *testing.T) {
	check(t, report(t, Register, `{"domain":"WKErrorDomain","code":8}`), want{code: problems.PasskeyAlreadyRegistered})
}

func itoa(i int) string { return strconv.Itoa(i) }

func quote(s string) string {
	b, _ := json.Marshal(s)
	return string(b)
}

func TestClassify_UnrecognisedIsUnknownNeverCancelled(t *testing.T) {
	for _, s := range []string{
		`{}`,
		`{"foo":"bar"}`,
		`{"message":"Benutzer hat abgebrochen"}`,
		`{"code":"Native error","message":"Error: [34000]"}`,
		`{"error":"RequestFailed","message":"The request failed. No Credentials were returned."}`,
		`{"domain":"NSCocoaErrorDomain","code":3072}`,
		`{"name":12,"code":{"deep":[1,2,3]},"underlying":"x","underlyingMultiple":"y","type":[],"domError":5}`,
		"{\"name\":\"Not\\u0000AllowedError\",\"message\":\"\\u0000\"}",
	} {
		got := Classify(report(t, SignIn, s))
		if got.ErrorCode != problems.PasskeyUnknown {
			t.Errorf("%s → %s, want passkey_unknown", s, got.ErrorCode)
		}
	}
	if got := Classify(Report{Ceremony: SignIn}); got.ErrorCode != problems.PasskeyUnknown || got.Severity != Unknown {
		t.Errorf("no error at all → %+v", got)
	}
}

func TestClassify_WrappersAndMessages(t *testing.T) {
	tests := []struct {
		name string
		json string
		want problems.Code
	}{
		{"react native native error with NSError text", `{"error":"Native error","message":"Error: The operation couldn’t be completed. (com.apple.AuthenticationServices.AuthorizationError error 1001.)"}`, problems.PasskeyCancelled},
		{"react native alias", `{"error":"UserCancelled","message":"The user cancelled the request."}`, problems.PasskeyCancelled},
		{"react native no credentials", `{"error":"NoCredentials","message":"No viable credential is available for the user."}`, problems.PasskeyNoCredentials},
		{"flutter numeric code as string", `{"code":"1005","message":"x","details":null}`, problems.PasskeyNoCredentials},
		{"flutter corbado code", `{"code":"android-no-credential","message":"x"}`, problems.PasskeyNoCredentials},
		{"prefix in a message", `{"message":"Registration failed: InvalidStateError: The user attempted to register an authenticator"}`, problems.PasskeyAlreadyRegistered},
		{"NSError description string", `{"message":"Error Domain=com.apple.AuthenticationServices.AuthorizationError Code=1004 \"(null)\" UserInfo={NSUnderlyingError=0x1 {Error Domain=ASCAuthorizationErrorDomain Code=5}}"}`, problems.PasskeyNoCredentials},
		{"android class in a logged message", `{"message":"androidx.credentials.exceptions.NoCredentialException: During begin sign in, failure response from one tap: 16: [28433] Cannot find a matching credential."}`, problems.PasskeyNoCredentials},
		{"flutter PlatformException text", `{"message":"PlatformException(cancelled, The operation couldn’t be completed., , null)"}`, problems.PasskeyCancelled},
		{"structured beats text", `{"name":"SecurityError","message":"NotAllowedError: nope"}`, problems.PasskeyMisconfigured},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			check(t, report(t, Register, tt.json), want{code: tt.want})
		})
	}
}

func TestClassify_CancellationYieldsToASpecificCauseInside(t *testing.T) {
	check(t, report(t, SignIn, `{"domain":"ASAuthorizationErrorDomain","code":1001,"underlying":{"domain":"ASCAuthorizationErrorDomain","code":5}}`),
		want{code: problems.PasskeyNoCredentials})
}

func TestClassify_HostileReportsStayBounded(t *testing.T) {
	wide := map[string]any{}
	list := make([]any, 10000)
	for i := range list {
		list[i] = map[string]any{"domain": "ASCAuthorizationErrorDomain", "code": float64(1)}
	}
	wide["underlyingMultiple"] = list
	if n := len(walk(wide)); n > maxNodes {
		t.Errorf("walk visited %d nodes, bound is %d", n, maxNodes)
	}
	deep := map[string]any{}
	cur := deep
	for i := 0; i < 10000; i++ {
		next := map[string]any{}
		cur["underlying"] = next
		cur = next
	}
	if got := Classify(Report{Ceremony: SignIn, Error: deep}); got.ErrorCode != problems.PasskeyUnknown {
		t.Errorf("deep empty chain → %s", got.ErrorCode)
	}
}
