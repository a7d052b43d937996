package passkeys

import (
	"context"
	"testing"
	"time"
)

// TestSessionOwner_OnlyWithTheBeginsNonce: a failure report names its
// ceremony only with the report nonce of the begin answer, for the tenant
// and kind of the ceremony, while it is live, and for sessionGrace after a
// complete that failed with unknown_credential.
func TestSessionOwner_OnlyWithTheBeginsNonce(t *testing.T) {
	now := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	clock := func() time.Time { return now }
	s := &Service{sessions: NewMemorySessions(clock), now: clock}
	ctx := context.Background()
	value, nonce, err := s.saveSession(ctx, "app", registerCeremony, &session{UserID: "alice"})
	if err != nil {
		t.Fatal(err)
	}
	_, other, _ := s.saveSession(ctx, "app", registerCeremony, &session{UserID: "bob"})
	for _, tt := range []struct {
		name, tenant, kind, value, nonce string
		live                             bool
	}{
		{"its own nonce", "app", "register", value, nonce, true},
		{"no nonce", "app", "register", value, "", false},
		{"another ceremony's nonce", "app", "register", value, other, false},
		{"another tenant", "other", "register", value, nonce, false},
		{"another kind", "app", "signin", value, nonce, false},
		{"a malformed value", "app", "register", "session_x", nonce, false},
	} {
		user, live, err := s.SessionOwner(ctx, tt.tenant, tt.kind, tt.value, tt.nonce)
		if err != nil || live != tt.live || (live && user != "alice") || (!live && user != "") {
			t.Errorf("%s: SessionOwner = %q %v %v, want live %v", tt.name, user, live, err, tt.live)
		}
	}

	id, _ := checkSessionValue(value)
	st, err := s.takeSession(ctx, "app", registerCeremony, id)
	if err != nil {
		t.Fatal(err)
	}
	if _, live, _ := s.SessionOwner(ctx, "app", "register", value, nonce); live {
		t.Errorf("a completed session is still live")
	}
	s.keepFailed(ctx, "app", registerCeremony, id, st)
	now = now.Add(CeremonyTimeout + SessionMargin + time.Second) // past the ceremony, within the grace
	if user, live, _ := s.SessionOwner(ctx, "app", "register", value, nonce); !live || user != "alice" {
		t.Errorf("a failed session within its grace = %q %v", user, live)
	}
	if _, live, _ := s.SessionOwner(ctx, "app", "register", value, other); live {
		t.Errorf("a failed session answers another nonce")
	}
	now = now.Add(sessionGrace)
	if _, live, _ := s.SessionOwner(ctx, "app", "register", value, nonce); live {
		t.Errorf("a failed session past its grace is still live")
	}
}
