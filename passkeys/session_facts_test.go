package passkeys

import (
	"context"
	"testing"
	"time"

	"github.com/go-webauthn/webauthn/webauthn"
	"gorm.io/gorm"

	"passwordless/events"
	"passwordless/storage/storagetest"
)

// TestService_SessionFactsTellNoPasskeyOnlyForAKnownUser: a sign-in whose
// offered passkeys are all for another RP ID, or deleted, could find none;
// a decoy list, a discoverable sign-in, another tenant's session and a
// registration tell nothing.
func TestService_SessionFactsTellNoPasskeyOnlyForAKnownUser(t *testing.T) {
	storagetest.Each(t, func(t *testing.T, db *gorm.DB) {
		ctx := context.Background()
		at := time.Now().UTC()
		s := New(Options{Events: events.Discard{}})
		s.store = &store{db: db}
		for _, c := range []Credential{testCredential("t1", "u1", 1, at), testCredential("t1", "u1", 2, at)} {
			if err := s.store.register(ctx, c, nil, limits{}, at); err != nil {
				t.Fatal(err)
			}
		}
		sessionOf := func(tenant, rpID string, kind ceremony, st session, ids ...byte) string {
			st.Data = webauthn.SessionData{RelyingPartyID: rpID}
			for _, id := range ids {
				st.Data.AllowedCredentialIDs = append(st.Data.AllowedCredentialIDs, testCredential("", "", id, at).ID)
			}
			v, _, err := s.saveSession(ctx, tenant, kind, &st)
			if err != nil {
				t.Fatal(err)
			}
			return v
		}
		tests := []struct {
			name, tenant, kind, value string
			user                      string
			noPasskey                 bool
		}{
			{"passkeys for this RP ID", "t1", "signin", sessionOf("t1", "example.com", signinCeremony, session{}, 1, 2), "u1", false},
			{"passkeys for another RP ID only", "t1", "signin", sessionOf("t1", "login.example.org", signinCeremony, session{}, 1, 2), "u1", true},
			{"a known user with an empty allow list", "t1", "signin", sessionOf("t1", "example.com", signinCeremony, session{UserID: "u3"}), "u3", true},
			{"decoys", "t1", "signin", sessionOf("t1", "example.com", signinCeremony, session{}, 7, 8), "", false},
			{"discoverable", "t1", "signin", sessionOf("t1", "example.com", signinCeremony, session{}), "", false},
			{"another tenant's session", "t2", "signin", sessionOf("t1", "login.example.org", signinCeremony, session{}, 1), "", false},
			{"a registration", "t1", "register", sessionOf("t1", "example.com", registerCeremony, session{UserID: "u1"}), "", false},
			{"malformed", "t1", "signin", "nonsense", "", false},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				user, none, err := s.SessionFacts(ctx, tt.tenant, tt.kind, tt.value)
				if err != nil || user != tt.user || none != tt.noPasskey {
					t.Errorf("SessionFacts = %q, %v, %v; want %q, %v", user, none, err, tt.user, tt.noPasskey)
				}
			})
		}
		// Deleted since the ceremony began: the offered passkeys are gone.
		value := sessionOf("t1", "example.com", signinCeremony, session{}, 1, 2)
		if _, err := s.store.deleteCredential(ctx, "t1", testCredential("", "", 2, at).ID); err != nil {
			t.Fatal(err)
		}
		if user, none, _ := s.SessionFacts(ctx, "t1", "signin", value); user != "u1" || none {
			t.Errorf("one offered passkey left: %q %v", user, none)
		}
		if _, err := s.store.deleteCredential(ctx, "t1", testCredential("", "", 1, at).ID); err != nil {
			t.Fatal(err)
		}
		if user, none, _ := s.SessionFacts(ctx, "t1", "signin", value); user != "" || none {
			t.Errorf("every offered passkey deleted: %q %v (the first id now names nobody)", user, none)
		}
	})
}
