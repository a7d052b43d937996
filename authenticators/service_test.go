package authenticators

import (
	"context"
	"errors"
	"reflect"
	"testing"
	"time"

	"github.com/google/uuid"
	"gorm.io/gorm"

	"passwordless/events"
	"passwordless/problems"
	"passwordless/storage"
	"passwordless/storage/storagetest"
	"passwordless/tenants"
)

// newService returns a Service over db with apps "app1" and "app2" created
// through the tenants service (the list rows reference applications).
func newService(t *testing.T, db *gorm.DB, catalog *Catalog) (*Service, *time.Time) {
	t.Helper()
	now := time.Date(2025, 3, 1, 12, 0, 0, 0, time.UTC)
	apps := tenants.NewService(tenants.Options{DB: &storage.DB{Gorm: db}, Now: func() time.Time { return now },
		Events: events.Discard{}, Credentials: noCredentials{}})
	for _, id := range []string{"app1", "app2"} {
		if _, err := apps.Create(t.Context(), id, tenants.CreateOptions{AllowAttestation: true}); err != nil {
			t.Fatalf("create %s: %v", id, err)
		}
	}
	return NewService(&storage.DB{Gorm: db}, catalog, func() time.Time { return now }, events.Discard{}), &now
}

func codeOf(err error) problems.Code {
	var p *problems.Error
	if errors.As(err, &p) {
		return p.Code
	}
	return ""
}

func ids(entries []Listed) []uuid.UUID {
	out := []uuid.UUID{}
	for _, e := range entries {
		out = append(out, e.AAGUID)
	}
	return out
}

func TestService_AddListRemove(t *testing.T) {
	storagetest.Each(t, func(t *testing.T, db *gorm.DB) {
		s, now := newService(t, db, testCatalog(t))
		ctx := t.Context()
		// Any spelling uuid.Parse reads is stored canonically, once.
		if err := s.Add(ctx, "app1", []string{"973446CA-E21C-9A9B-99F5-9B985A67AF0F", zeta.String()}, true); err != nil {
			t.Fatalf("Add: %v", err)
		}
		*now = now.Add(time.Hour)
		if err := s.Add(ctx, "app1", []string{alpha.String()}, false); err != nil {
			t.Fatalf("Add blocked: %v", err)
		}
		allowed, _ := s.List(ctx, "app1", true)
		if len(allowed) != 1 || allowed[0].AAGUID != zeta || allowed[0].Name != "Zeta Security Key" ||
			!allowed[0].CreatedAt.Equal(time.Date(2025, 3, 1, 12, 0, 0, 0, time.UTC)) {
			t.Errorf("allow list = %+v, want zeta listed at 12:00 with its name", allowed)
		}
		if blocked, _ := s.List(ctx, "app1", false); !reflect.DeepEqual(ids(blocked), []uuid.UUID{alpha}) {
			t.Errorf("block list = %v, want [alpha]", ids(blocked))
		}
		if other, _ := s.List(ctx, "app2", true); len(other) != 0 {
			t.Errorf("app2 sees app1's list: %v", ids(other))
		}

		// Adding to the other list moves the entry and keeps its date.
		if err := s.Add(ctx, "app1", []string{zeta.String()}, false); err != nil {
			t.Fatal(err)
		}
		blocked, _ := s.List(ctx, "app1", false)
		if !reflect.DeepEqual(ids(blocked), []uuid.UUID{zeta, alpha}) {
			t.Errorf("block list after moving zeta = %v, want [zeta alpha] (oldest first)", ids(blocked))
		}
		if allowed, _ := s.List(ctx, "app1", true); len(allowed) != 0 {
			t.Errorf("zeta still on the allow list")
		}

		if err := s.Remove(ctx, "app2", []string{zeta.String()}); err != nil {
			t.Fatal(err)
		}
		if blocked, _ := s.List(ctx, "app1", false); len(blocked) != 2 {
			t.Errorf("app2's remove touched app1's list")
		}
		if err := s.Remove(ctx, "app1", []string{zeta.String(), other.String()}); err != nil {
			t.Fatal(err)
		}
		if blocked, _ := s.List(ctx, "app1", false); !reflect.DeepEqual(ids(blocked), []uuid.UUID{alpha}) {
			t.Errorf("block list after remove = %v, want [alpha]", ids(blocked))
		}
	})
}

func TestService_AddRefusals(t *testing.T) {
	storagetest.Each(t, func(t *testing.T, db *gorm.DB) {
		s, _ := newService(t, db, testCatalog(t))
		tests := []struct {
			name    string
			aaguids []string
			want    problems.Code
		}{
			{"unknown to the metadata", []string{zeta.String(), other.String()}, problems.UnknownAuthenticator},
			{"malformed", []string{"yubikey"}, problems.ValidationFailed},
			{"empty", nil, problems.ValidationFailed},
		}
		for _, tt := range tests {
			if err := s.Add(t.Context(), "app1", tt.aaguids, true); codeOf(err) != tt.want {
				t.Errorf("%s: Add = %v, want %s", tt.name, err, tt.want)
			}
		}
		if got, _ := s.List(t.Context(), "app1", true); len(got) != 0 {
			t.Errorf("a refused Add listed %v", ids(got))
		}
		if err := s.Remove(t.Context(), "app1", []string{"nope"}); codeOf(err) != problems.ValidationFailed {
			t.Errorf("Remove(malformed) = %v, want validation_failed", err)
		}
	})
}

func TestService_OpenCatalogAcceptsAnyWellFormedAAGUID(t *testing.T) {
	storagetest.Each(t, func(t *testing.T, db *gorm.DB) {
		s, _ := newService(t, db, nil)
		if err := s.Add(t.Context(), "app1", []string{other.String()}, true); err != nil {
			t.Errorf("Add with no metadata = %v, want accepted", err)
		}
	})
}

func TestRequirePlan(t *testing.T) {
	if err := RequirePlan(true); err != nil {
		t.Errorf("RequirePlan(true) = %v", err)
	}
	var p *problems.Error
	if !errors.As(RequirePlan(false), &p) || p.Code != problems.AttestationNotSupportedOnPlan ||
		p.StatusCode() != 403 || p.Title != "Attestation is not supported on your plan." {
		t.Errorf("RequirePlan(false) = %v, want 403 attestation_not_supported_on_plan with upstream's title", p)
	}
}

// noCredentials answers that no application has passkeys.
type noCredentials struct{}

func (noCredentials) HasCredentials(context.Context, string) (bool, error) { return false, nil }

// With a plan lookup (the server's), Add and Remove refuse an application
// whose plan has no attestation before anything else, for every caller;
// another application's plan does not count.
func TestService_PlanGateInTheService(t *testing.T) {
	storagetest.Each(t, func(t *testing.T, db *gorm.DB) {
		s, _ := newService(t, db, testCatalog(t))
		s.UsePlan(func(_ context.Context, tenant string) (bool, error) { return tenant == "app2", nil })
		ctx := t.Context()
		for name, err := range map[string]error{
			"add":                   s.Add(ctx, "app1", []string{zeta.String()}, true),
			"remove":                s.Remove(ctx, "app1", []string{zeta.String()}),
			"add, malformed AAGUID": s.Add(ctx, "app1", []string{"nope"}, true),
		} {
			if codeOf(err) != problems.AttestationNotSupportedOnPlan {
				t.Errorf("%s without attestation in the plan: %v, want attestation_not_supported_on_plan", name, err)
			}
		}
		if err := s.Add(ctx, "app2", []string{zeta.String()}, true); err != nil {
			t.Errorf("add with attestation in the plan: %v", err)
		}
		gone := errors.New("gone")
		s.UsePlan(func(context.Context, string) (bool, error) { return false, gone })
		if err := s.Remove(ctx, "app2", []string{zeta.String()}); !errors.Is(err, gone) {
			t.Errorf("a plan that cannot be read: %v", err)
		}
	})
}
