package orgs

import (
	"context"
	"strings"
	"testing"
	"time"

	"passwordless/events"
	"passwordless/mail"
	"passwordless/problems"
	"passwordless/storage"
	"passwordless/storage/storagetest"
)

// sentMail records what the queue hands the mailer.
type sentMail struct{ out []mail.Message }

func (m *sentMail) Send(_ context.Context, msg mail.Message) error {
	m.out = append(m.out, msg)
	return nil
}

// eachDB runs fn with the service over SQLite and, when TEST_DATABASE_URL
// is set, over PostgreSQL (which refuses NUL and invalid UTF-8 outright).
func eachDB(t *testing.T, limits Limits, fn func(t *testing.T, s *Service, sent *sentMail)) {
	for name, open := range map[string]func(testing.TB) *storage.DB{"sqlite": storagetest.SQLite, "postgres": storagetest.Postgres} {
		t.Run(name, func(t *testing.T) {
			db := open(t)
			s, err := New(Options{DB: db, Users: &noUsers{}, EventLog: events.Discard{}, PublicURL: "https://console.test/",
				Secret: []byte("secret"), Now: func() time.Time { return isolationAt }, Limits: limits})
			if err != nil {
				t.Fatal(err)
			}
			sent := &sentMail{}
			s.UseMail(mail.NewQueue(db, sent, func() time.Time { return isolationAt }, nil))
			fn(t, s, sent)
		})
	}
}

// Names that broke every later invitation (a quote, CR/LF, BEL) or were a
// 500 on PostgreSQL (NUL, invalid UTF-8) are refused, as a field error,
// at setup and on rename.
func TestOrgName_RefusesControlsNulAndInvalidUTF8(t *testing.T) {
	eachDB(t, Limits{}, func(t *testing.T, s *Service, _ *sentMail) {
		owner := setup(t, s, `Acme "Corp"`, "owner@acme.test") // a quote is a fine name
		org, _ := s.store.org(t.Context(), owner.OrgID)
		for _, name := range []string{"Acme\r\nBcc: x@example.com", "Acme\nCorp", "Acme\aCorp", "Acme\x00Corp",
			"Acme\xffCorp", "Acme\u202eproC", "", strings.Repeat("a", 101)} {
			err := s.Rename(t.Context(), org, name)
			if p := problems.From(err); p.Code != problems.ValidationFailed || len(p.Errors["name"]) == 0 {
				t.Errorf("Rename(%q) = %v, want a validation error of name", name, err)
			}
			if err := ValidOwner(name, "owner@acme.test"); problems.From(err).Code != problems.ValidationFailed {
				t.Errorf("ValidOwner(%q) = %v, want validation_failed", name, err)
			}
		}
		if err := s.SendInvite(t.Context(), org, owner, "new\x00@acme.test"); problems.From(err).Code != problems.ValidationFailed {
			t.Errorf("SendInvite to an address with NUL = %v, want validation_failed", err)
		}
		if got, _ := s.store.org(t.Context(), org.ID); got.Name != `Acme "Corp"` {
			t.Errorf("name after refused renames = %q", got.Name)
		}
	})
}

// The invitation's subject is the service's words; the organization's
// name (even one stored before the rule) is in the body only, quoted and
// marked as the organization's own, with its controls defused.
func TestInviteMail_KeepsTheOrganizationsNameOutOfTheSubject(t *testing.T) {
	eachDB(t, Limits{}, func(t *testing.T, s *Service, sent *sentMail) {
		owner := setup(t, s, "Acme", "owner@acme.test")
		phish := "Call +1 555 0100 now\r\nhttps://evil.example/\a \"urgent\""
		if err := s.store.renameOrg(t.Context(), owner.OrgID, phish); err != nil {
			t.Fatal(err)
		}
		org, _ := s.store.org(t.Context(), owner.OrgID)
		if err := s.SendInvite(t.Context(), org, owner, "new@acme.test"); err != nil {
			t.Fatalf("SendInvite: %v", err)
		}
		if len(sent.out) != 1 {
			t.Fatalf("%d mails sent, want 1", len(sent.out))
		}
		m := sent.out[0]
		if m.Subject != inviteSubject || strings.Contains(m.Subject, "evil") {
			t.Errorf("subject = %q, want %q", m.Subject, inviteSubject)
		}
		want := "The organization's name, as it chose it: “Call +1 555 0100 now\uFFFD\uFFFDhttps://evil.example/\uFFFD \"urgent\"”"
		if !strings.Contains(m.Text, want+"\n") {
			t.Errorf("text body lacks the quoted name %q:\n%s", want, m.Text)
		}
		if !strings.Contains(m.HTML, "as it chose it: <strong>“Call &#43;1 555 0100 now") || !strings.Contains(m.HTML, "&#34;urgent&#34;”</strong>") || strings.Contains(m.HTML, "\a") {
			t.Errorf("html body does not show the name quoted and escaped:\n%s", m.HTML)
		}
	})
}

// An organization sends at most InvitesPerDay invitations in any 24 hours,
// revoked ones included; another organization is not limited by it.
func TestSendInvite_CappedPerOrganizationPerDay(t *testing.T) {
	eachDB(t, Limits{InvitesPerDay: 3}, func(t *testing.T, s *Service, sent *sentMail) {
		owner := setup(t, s, "Acme", "owner@acme.test")
		other := setup(t, s, "Other", "owner@other.test")
		org, _ := s.store.org(t.Context(), owner.OrgID)
		for i := range 3 {
			if err := s.SendInvite(t.Context(), org, owner, "n"+string(rune('a'+i))+"@acme.test"); err != nil {
				t.Fatalf("invitation %d: %v", i+1, err)
			}
		}
		pending, _ := s.PendingInvites(t.Context(), org.ID)
		if _, err := s.RevokeInvite(t.Context(), org.ID, pending[0].ID); err != nil {
			t.Fatal(err)
		}
		err := s.SendInvite(t.Context(), org, owner, "late@acme.test")
		if p := problems.From(err); p.Code != problems.RateLimited || !strings.Contains(p.Title, "3 invitations") {
			t.Errorf("fourth invitation = %v, want rate_limited naming the cap", err)
		}
		if len(sent.out) != 3 {
			t.Errorf("%d mails sent, want 3", len(sent.out))
		}
		otherOrg, _ := s.store.org(t.Context(), other.OrgID)
		if err := s.SendInvite(t.Context(), otherOrg, other, "new@other.test"); err != nil {
			t.Errorf("another organization's invitation = %v, want sent", err)
		}
	})
}
