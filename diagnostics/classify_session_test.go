package diagnostics

import (
	"context"
	"testing"

	"passwordless/passkeys"
	"passwordless/problems"
)

// The server wires passkeys.Service as the resolver: it must be an inspector.
var _ SessionInspector = (*passkeys.Service)(nil)

// fakeSessions resolves one session value of tenant "t1" to user "u1",
// and knows nothing of the passkeys its ceremony could find.
type fakeSessions struct{ calls int }

func (f *fakeSessions) SessionOwner(_ context.Context, tenant, _, value, _ string) (string, bool, error) {
	f.calls++
	if tenant == "t1" && value == "session_u1" {
		return "u1", true, nil
	}
	return "", false, nil
}

// fakeInspector also knows which sessions could have found no passkey.
type fakeInspector struct {
	fakeSessions
	none map[string]bool
}

func (f *fakeInspector) SessionFacts(_ context.Context, tenant, _, value string) (string, bool, error) {
	f.calls++
	if tenant != "t1" {
		return "", false, nil
	}
	return "u1", f.none[value], nil
}

func TestService_SessionTellsNoPasskeyFromCancelled(t *testing.T) {
	notAllowed := map[string]any{"name": "NotAllowedError", "message": "The operation either timed out or was not allowed."}
	apple1001 := map[string]any{"domain": "com.apple.AuthenticationServices.AuthorizationError", "code": 1001}
	inspector := &fakeInspector{none: map[string]bool{"session_none": true}}
	tests := []struct {
		name     string
		sessions SessionResolver
		tenant   string
		session  string
		ceremony Ceremony
		err      map[string]any
		want     problems.Code
		lookedAt bool
	}{
		{"inspector: no passkey for the RP ID", inspector, "t1", "session_none", SignIn, notAllowed, problems.PasskeyNoCredentials, true},
		{"inspector: Apple cancel, no passkey", inspector, "t1", "session_none", SignIn, apple1001, problems.PasskeyNoCredentials, true},
		{"inspector: the user has a usable passkey", inspector, "t1", "session_some", SignIn, apple1001, problems.PasskeyCancelled, true},
		{"inspector: another tenant learns nothing", inspector, "t2", "session_none", SignIn, notAllowed, problems.PasskeyNotAllowed, true},
		{"a resolver that cannot inspect tells nothing", &fakeSessions{}, "t1", "session_u1", SignIn, notAllowed, problems.PasskeyNotAllowed, false},
		{"no session", inspector, "t1", "", SignIn, notAllowed, problems.PasskeyNotAllowed, false},
		{"a registration is never no passkey", inspector, "t1", "session_none", Register, notAllowed, problems.PasskeyNotAllowed, false},
		{"a specific cause needs no session", inspector, "t1", "session_none", SignIn,
			map[string]any{"name": "SecurityError"}, problems.PasskeyMisconfigured, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := New(Options{Sessions: tt.sessions})
			before := callsOf(tt.sessions)
			got := s.classify(context.Background(), tt.tenant, Report{Ceremony: tt.ceremony, Error: tt.err}, tt.session)
			if got.ErrorCode != tt.want {
				t.Errorf("%s, want %s", got.ErrorCode, tt.want)
			}
			if looked := callsOf(tt.sessions) > before; looked != tt.lookedAt {
				t.Errorf("session looked at = %v, want %v", looked, tt.lookedAt)
			}
		})
	}
}

func callsOf(r SessionResolver) int {
	switch f := r.(type) {
	case *fakeInspector:
		return f.calls
	case *fakeSessions:
		return f.calls
	}
	return 0
}
