package orgs

import (
	"context"
	"slices"
	"testing"
	"time"

	"gorm.io/gorm"

	"passwordless/storage"
	"passwordless/storage/storagetest"
)

var isolationAt = time.Date(2026, 2, 3, 4, 5, 6, 0, time.UTC)

// TestStore_DifferentOrganizationSeesNothing: the console's tenant is the
// organization. Every org-scoped store method called as organization b,
// after a's organization, admin and application were written, sees and
// changes nothing of a's; the methods keyed by an unguessable id (admins,
// setup links, sessions) or global to the console are exempt, with why.
func TestStore_DifferentOrganizationSeesNothing(t *testing.T) {
	type call = func(ctx context.Context, s *store, b string) (any, error)
	storagetest.Isolation[*store]{
		Recv:   "store",
		Open:   func(db *gorm.DB) *store { return &store{db: db} },
		Seed:   seedOrg,
		Expect: expectOrg,
		Cases: map[string]call{
			"org":     func(ctx context.Context, s *store, b string) (any, error) { return s.org(ctx, b) },
			"orgApps": func(ctx context.Context, s *store, b string) (any, error) { return s.orgApps(ctx, b) },
			"orgOwnsApp": func(ctx context.Context, s *store, b string) (any, error) {
				return s.orgOwnsApp(ctx, b, appOf(orgA(b)))
			},
			"addOrgApp": func(ctx context.Context, s *store, b string) (any, error) {
				// a's application cannot be added to b: its row is a's.
				if err := newOrg(ctx, s, b); err != nil {
					return nil, err
				}
				err := s.addOrgApp(ctx, b, appOf(orgA(b)), isolationAt)
				return nil, orNil(err)
			},
			"admins":      func(ctx context.Context, s *store, b string) (any, error) { return s.admins(ctx, b) },
			"countAdmins": func(ctx context.Context, s *store, b string) (any, error) { return s.countAdmins(ctx, b, "") },
			"orgAdmin": func(ctx context.Context, s *store, b string) (any, error) {
				return s.orgAdmin(ctx, b, "admin-"+orgA(b))
			},
			"deleteAdmin": func(ctx context.Context, s *store, b string) (any, error) {
				return nil, s.deleteAdmin(ctx, b, "admin-"+orgA(b))
			},
			"lockOrg":   func(ctx context.Context, s *store, b string) (any, error) { return nil, s.lockOrg(ctx, b) },
			"renameOrg": func(ctx context.Context, s *store, b string) (any, error) { return nil, s.renameOrg(ctx, b, "renamed") },
			"deleteOrg": func(ctx context.Context, s *store, b string) (any, error) { return nil, s.deleteOrg(ctx, b) },
			"setPasskeyOnly": func(ctx context.Context, s *store, b string) (any, error) {
				return nil, s.setPasskeyOnly(ctx, b, true)
			},
			"pendingInvites": func(ctx context.Context, s *store, b string) (any, error) {
				return s.pendingInvites(ctx, b, isolationAt)
			},
			"countInvitesSince": func(ctx context.Context, s *store, b string) (any, error) {
				return s.countInvitesSince(ctx, b, isolationAt.Add(-inviteWindow))
			},
			"revokeInvite": func(ctx context.Context, s *store, b string) (any, error) {
				return s.revokeInvite(ctx, b, "invite-"+orgA(b), isolationAt)
			},
		},
		Exempt: map[string]string{
			"createAdmin":       "creates an admin in the caller's own organization; touches no other",
			"orgs":              "the operator's listing across every organization (orgs list; tested in cmd/passwordless)",
			"insertInvite":      "creates an invitation of the caller's own organization; touches no other",
			"invite":            "by the id of a signed, random invitation link",
			"setInvitee":        "by the id of a signed, random invitation link",
			"acceptInvite":      "by the id of a signed, random invitation link",
			"purge":             "the hourly retention sweep: deletes ended sessions and expired links of every organization by design",
			"useLink":           "by the id of a signed magic sign-in token; sweeps expired rows of every organization by design",
			"conn":              "returns the connection; reads nothing",
			"inTx":              "opens a transaction; reads and writes nothing",
			"consoleApp":        "the console's own application: one per deployment, no organization",
			"setConsoleApp":     "the console's own application: one per deployment, no organization",
			"orgOfApp":          "by the id of the application tenants is deleting (the deletion hook); names only its own organization",
			"appAdminEmails":    "by the id of an application the server resolved (webhooks notice); names only the admins of the organization owning it",
			"hasAdmins":         "whether any admin exists at all (first-run setup link), across organizations by design",
			"admin":             "by admin id, read only from the caller's own verified passkey or session",
			"adminByEmail":      "e-mail addresses are unique across organizations (setup refuses a taken one)",
			"createOrgAndOwner": "creates a new organization; touches no other",
			"insertSetupLink":   "setup links belong to no organization yet (they create one)",
			"openSetupLink":     "by the id of a signed, random setup link",
			"setPending":        "by the id of a signed, random setup link",
			"useSetupLink":      "by the id of a signed, random setup link",
			"insertSession":     "by the hash of a random 32-byte session token",
			"session":           "by the hash of a random 32-byte session token",
			"touchSession":      "by the hash of a random 32-byte session token",
			"deleteSession":     "by the hash of a random 32-byte session token",
		},
	}.Run(t)
}

// orgA is organization a of the case whose organization b is.
func orgA(b string) string { return b[:len(b)-2] + "-a" }

func appOf(org string) string { return "app-" + org }

// orNil treats a refused insert (the row is a's) as b seeing nothing.
func orNil(err error) error {
	if storage.IsDuplicate(err) {
		return nil
	}
	return err
}

func newOrg(ctx context.Context, s *store, org string) error {
	return s.createOrgAndOwner(ctx, &Org{ID: org, Name: org, CreatedAt: isolationAt},
		&Admin{ID: "admin-" + org, OrgID: org, Email: org + "@example.test", Role: "owner", CreatedAt: isolationAt})
}

// seedOrg creates organization a with its owner and application.
func seedOrg(t *testing.T, s *store, a, _ string) {
	t.Helper()
	ctx := t.Context()
	if err := newOrg(ctx, s, a); err != nil {
		t.Fatal(err)
	}
	if err := s.db.Exec("INSERT INTO applications (id, admin_emails, created_at) VALUES (?, '[]', ?)", appOf(a), isolationAt).Error; err != nil {
		t.Fatal(err)
	}
	if err := s.addOrgApp(ctx, a, appOf(a), isolationAt); err != nil {
		t.Fatal(err)
	}
	if err := s.insertInvite(ctx, &Invite{ID: "invite-" + a, OrgID: a, Email: "new@" + a, InvitedBy: "admin-" + a,
		ExpiresAt: isolationAt.Add(InviteTTL), CreatedAt: isolationAt}); err != nil {
		t.Fatal(err)
	}
}

// expectOrg checks a still has its organization and its one application.
func expectOrg(t *testing.T, s *store, a string) {
	t.Helper()
	org, err := s.org(t.Context(), a)
	if err != nil || org == nil || org.Name != a || org.PasskeyOnly {
		t.Errorf("organization %s = %+v, %v", a, org, err)
	}
	apps, err := s.orgApps(t.Context(), a)
	if err != nil || !slices.Equal(apps, []string{appOf(a)}) {
		t.Errorf("applications of %s = %v, %v", a, apps, err)
	}
	if admins, err := s.admins(t.Context(), a); err != nil || len(admins) != 1 {
		t.Errorf("admins of %s = %v, %v", a, admins, err)
	}
	if invites, err := s.pendingInvites(t.Context(), a, isolationAt); err != nil || len(invites) != 1 {
		t.Errorf("invitations of %s = %v, %v", a, invites, err)
	}
}
