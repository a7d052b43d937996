package api_test

import (
	"fmt"
	"strings"
	"testing"

	"passwordless/api/apitest"
)

// TestSignin_BackupEligibilityMayChange: a passkey whose backup
// eligibility (BE) differs from the one stored at registration still signs
// in — a synced provider may report it differently over time — and the
// stored flags follow the authenticator; the event says what changed.
// BE=0 with BS=1 stays invalid. go-webauthn alone refuses any BE change.
func TestSignin_BackupEligibilityMayChange(t *testing.T) {
	tests := []struct {
		name                     string
		registerBE, registerBS   bool
		signinBE, signinBS       bool
		wantStatus               int
		wantEligible, wantBackup bool
		wantNote                 string
	}{
		{"device-bound becomes synced", false, false, true, true, 200, true, true,
			"backup eligibility changed from false to true"},
		{"synced becomes device-bound", true, true, false, false, 200, false, false,
			"backup eligibility changed from true to false"},
		{"eligible, not yet backed up, then backed up", true, false, true, true, 200, true, true, ""},
		{"backed up without eligibility is invalid", false, false, false, true, 400, false, false, ""},
	}
	eachDatabase(t, func(t *testing.T, h *apitest.Harness) {
		for i, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				b := loggedApp(t, h, fmt.Sprintf("backupflags%d", i))
				b.auth.BackupEligible, b.auth.BackedUp = tt.registerBE, tt.registerBS
				b.register(t, "u1", nil)
				b.auth.BackupEligible, b.auth.BackedUp = tt.signinBE, tt.signinBS
				r := b.signin(t, map[string]any{"userId": "u1"})
				if tt.wantStatus != 200 {
					wantProblem(t, r, tt.wantStatus, "signin_complete_error")
					if c := credentialsOf(t, b, "u1")[0]; c["isBackupEligible"] != tt.registerBE || c["backupState"] != tt.registerBS {
						t.Errorf("a refused sign-in changed the flags: %v", c)
					}
					return
				}
				b.verify(t, tokenOf(t, r, "verify_"))
				c := credentialsOf(t, b, "u1")[0]
				if c["isBackupEligible"] != tt.wantEligible || c["backupState"] != tt.wantBackup {
					t.Errorf("stored isBackupEligible=%v backupState=%v, want %v %v",
						c["isBackupEligible"], c["backupState"], tt.wantEligible, tt.wantBackup)
				}
				var msg string
				for _, e := range readEvents(t, h, b.app.Secret(), "?pageNumber=1&numberOfResults=100").Events {
					if strings.Contains(e.Message, "signed in") {
						msg = e.Message
					}
				}
				if msg == "" || !strings.Contains(msg, tt.wantNote) || (tt.wantNote == "" && strings.Contains(msg, "changed")) {
					t.Errorf("sign-in event %q, want it to note %q", msg, tt.wantNote)
				}
			})
		}
	})
}
