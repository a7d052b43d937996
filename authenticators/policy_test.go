package authenticators

import (
	"errors"
	"testing"

	"gorm.io/gorm"

	"passwordless/problems"
	"passwordless/storage/storagetest"
)

func TestService_Check(t *testing.T) {
	storagetest.Each(t, func(t *testing.T, db *gorm.DB) {
		s, _ := newService(t, db, testCatalog(t))
		ctx := t.Context()
		// app1: zeta allowed, alpha blocked. app2: alpha blocked only.
		if err := s.Add(ctx, "app1", []string{zeta.String()}, true); err != nil {
			t.Fatal(err)
		}
		for _, app := range []string{"app1", "app2"} {
			if err := s.Add(ctx, app, []string{alpha.String()}, false); err != nil {
				t.Fatal(err)
			}
		}
		tests := []struct {
			name      string
			tenant    string
			aaguid    []byte
			none      bool
			want      problems.Code
			wantTitle string
		}{
			{"on the allow list", "app1", zeta[:], false, "", ""},
			{"blocked", "app1", alpha[:], false, problems.AuthenticatorNotAllowed, titleBlocked},
			{"blocked even with attestation none", "app2", alpha[:], true, problems.AuthenticatorNotAllowed, titleBlocked},
			{"not on the allow list", "app1", other[:], false, problems.AuthenticatorNotAllowed, titleNotAllowed},
			{"not on the allow list, attestation none", "app1", other[:], true, problems.AttestationRequired, ""},
			{"zero AAGUID with an allow list", "app1", make([]byte, 16), true, problems.AttestationRequired, ""},
			{"missing AAGUID with an allow list", "app1", nil, false, problems.AuthenticatorNotAllowed, titleNotAllowed},
			{"block list only lets others through", "app2", other[:], true, "", ""},
			{"no lists at all", "app3", other[:], true, "", ""},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				err := s.Check(ctx, tt.tenant, tt.aaguid, tt.none)
				var p *problems.Error
				errors.As(err, &p)
				if codeOf(err) != tt.want || (p != nil && p.Title != tt.wantTitle) {
					t.Errorf("Check = %v, want %q %q", err, tt.want, tt.wantTitle)
				}
			})
		}
	})
}
