package orgs

import (
	"context"
	"errors"
	"net/url"
	"testing"
	"time"

	"passwordless/events"
	"passwordless/problems"
	"passwordless/storage/storagetest"
)

type noUsers struct{ deleted []string }

func (u *noUsers) DeleteUser(_ context.Context, _, userID string) error {
	u.deleted = append(u.deleted, userID)
	return nil
}

func (u *noUsers) CountUsers(context.Context, string) (int64, error) { return 0, nil }

// newService is the service over a fresh SQLite database, at isolationAt.
func newService(t *testing.T) (*Service, *noUsers) {
	t.Helper()
	users := &noUsers{}
	s, err := New(Options{DB: storagetest.SQLite(t), Users: users, EventLog: events.Discard{},
		PublicURL: "https://console.test/", Secret: []byte("secret"), Now: func() time.Time { return isolationAt }})
	if err != nil {
		t.Fatal(err)
	}
	return s, users
}

// setup runs a setup link to the end: org created, email its owner.
func setup(t *testing.T, s *Service, org, email string) *Admin {
	t.Helper()
	link, err := s.SetupLink(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	u, _ := url.Parse(link)
	token := u.Query().Get("token")
	id, err := s.BeginSetup(t.Context(), token, org, email)
	if err != nil {
		t.Fatalf("BeginSetup: %v", err)
	}
	owner, err := s.CompleteSetup(t.Context(), token, func(context.Context) (string, error) { return id, nil })
	if err != nil {
		t.Fatalf("CompleteSetup: %v", err)
	}
	if _, err := s.CompleteSetup(t.Context(), token, func(context.Context) (string, error) { return id, nil }); !errors.Is(err, ErrSetupLinkInvalid) {
		t.Errorf("a second CompleteSetup = %v, want ErrSetupLinkInvalid (single-use)", err)
	}
	return owner
}

func TestCompleteSetup_RefusesARegistrationOfSomeoneElse(t *testing.T) {
	s, _ := newService(t)
	link, _ := s.SetupLink(t.Context())
	u, _ := url.Parse(link)
	token := u.Query().Get("token")
	if _, err := s.BeginSetup(t.Context(), token, "Acme", "owner@acme.test"); err != nil {
		t.Fatal(err)
	}
	_, err := s.CompleteSetup(t.Context(), token, func(context.Context) (string, error) { return "someone-else", nil })
	if !errors.Is(err, ErrSetupLinkInvalid) {
		t.Fatalf("CompleteSetup with another user's registration = %v, want ErrSetupLinkInvalid", err)
	}
	if open, err := s.SetupLinkOpen(t.Context(), token); err != nil || !open {
		t.Errorf("after the refused completion the link is open = %v, %v; want it still usable (rolled back)", open, err)
	}
}

// A different organization sees nothing: an owner of b names a's admin
// and a's invitation and reaches neither.
func TestService_DifferentOrganizationSeesNothing(t *testing.T) {
	s, users := newService(t)
	ownerA := setup(t, s, "A", "owner@a.test")
	ownerB := setup(t, s, "B", "owner@b.test")
	orgB := &Org{ID: ownerB.OrgID, Name: "B"}
	if err := s.store.createAdmin(t.Context(), &Admin{ID: "second-a", OrgID: ownerA.OrgID, Email: "second@a.test",
		Role: RoleAdmin, CreatedAt: isolationAt}); err != nil {
		t.Fatal(err)
	}
	if err := s.store.insertInvite(t.Context(), &Invite{ID: "invite-a", OrgID: ownerA.OrgID, Email: "new@a.test",
		InvitedBy: ownerA.ID, ExpiresAt: isolationAt.Add(InviteTTL), CreatedAt: isolationAt}); err != nil {
		t.Fatal(err)
	}
	if a, err := s.OrgAdmin(t.Context(), orgB.ID, "second-a"); err != nil || a != nil {
		t.Errorf("OrgAdmin(b, a's admin) = %v, %v; want none", a, err)
	}
	second, _ := s.Admin(t.Context(), "second-a")
	if err := s.RemoveAdmin(t.Context(), orgB.ID, second); problems.From(err).Code != problems.NotFound {
		t.Errorf("RemoveAdmin(b, a's admin) = %v, want not_found", err)
	}
	if found, err := s.RevokeInvite(t.Context(), orgB.ID, "invite-a"); err != nil || found {
		t.Errorf("RevokeInvite(b, a's invitation) = %v, %v; want not found", found, err)
	}
	admins, _ := s.Admins(t.Context(), ownerA.OrgID)
	invites, _ := s.PendingInvites(t.Context(), ownerA.OrgID)
	if len(admins) != 2 || len(invites) != 1 || len(users.deleted) != 0 {
		t.Errorf("a has %d admins, %d invitations, %d passkey users deleted; want 2, 1, 0", len(admins), len(invites), len(users.deleted))
	}
}

func TestRemoveAdmin_KeepsTheLastOwner(t *testing.T) {
	s, users := newService(t)
	owner := setup(t, s, "Acme", "owner@acme.test")
	if err := s.RemoveAdmin(t.Context(), owner.OrgID, owner); !errors.Is(err, ErrLastAdmin) {
		t.Fatalf("removing the only admin = %v, want ErrLastAdmin", err)
	}
	second := &Admin{ID: "second", OrgID: owner.OrgID, Email: "second@acme.test", Role: RoleAdmin, CreatedAt: isolationAt}
	if err := s.store.createAdmin(t.Context(), second); err != nil {
		t.Fatal(err)
	}
	if err := s.RemoveAdmin(t.Context(), owner.OrgID, owner); !errors.Is(err, ErrLastAdmin) {
		t.Errorf("removing the last owner beside an admin = %v, want ErrLastAdmin", err)
	}
	if err := s.RemoveAdmin(t.Context(), owner.OrgID, second); err != nil || len(users.deleted) != 1 || users.deleted[0] != "second" {
		t.Errorf("removing the admin = %v (passkey users deleted %v), want removed with their passkeys", err, users.deleted)
	}
}
