package tenants

import (
	"context"
	"strings"
	"testing"
	"time"

	"gorm.io/gorm"

	"passwordless/storage/storagetest"
)

var isolationAt = time.Date(2026, 2, 3, 4, 5, 6, 0, time.UTC)

// TestStore_DifferentTenantSeesNothing calls every store method as tenant
// b after seedApp has written tenant a's application, features and key
// under the ids b uses, on SQLite and PostgreSQL; a store method without
// a case fails it.
func TestStore_DifferentTenantSeesNothing(t *testing.T) {
	type call = func(ctx context.Context, s *store, b string) (any, error)
	storagetest.Isolation[*store]{
		Recv:   "store",
		Open:   func(db *gorm.DB) *store { return &store{db: db} },
		Seed:   seedApp,
		Expect: expectApp,
		Cases: map[string]call{
			"app": func(ctx context.Context, s *store, b string) (any, error) { return s.app(ctx, b) },
			"createApp": func(ctx context.Context, s *store, b string) (any, error) {
				// a's key id is free in b.
				return nil, s.createApp(ctx, &App{ID: b, CreatedAt: isolationAt}, []*APIKey{testKey(b)})
			},
			"saveFeatures": func(ctx context.Context, s *store, b string) (any, error) {
				if err := s.createApp(ctx, &App{ID: b, CreatedAt: isolationAt}, nil); err != nil {
					return nil, err
				}
				return nil, s.saveFeatures(ctx, b, Features{MaxUsers: new(int64)})
			},
			"key":  func(ctx context.Context, s *store, b string) (any, error) { return s.key(ctx, b, "k1") },
			"keys": func(ctx context.Context, s *store, b string) (any, error) { return s.keys(ctx, b) },
			"insertKey": func(ctx context.Context, s *store, b string) (any, error) {
				if err := s.createApp(ctx, &App{ID: b, CreatedAt: isolationAt}, nil); err != nil {
					return nil, err
				}
				inserted, err := s.insertKey(ctx, testKey(b))
				return !inserted, err // refused would mean a's id counted in b
			},
			"setLocked": func(ctx context.Context, s *store, b string) (any, error) {
				one, err := s.setLocked(ctx, b, "k1", true, isolationAt)
				if err != nil {
					return nil, err
				}
				every, err := s.setLocked(ctx, b, "", true, isolationAt)
				return one + every, err
			},
			"upgradeSecret": func(ctx context.Context, s *store, b string) (any, error) {
				// a's key id and hash, under b: nothing in b to upgrade.
				a := strings.TrimSuffix(b, "-b") + "-a"
				return s.upgradeSecret(ctx, b, "k1", []byte("hash of "+a), []byte("upgraded"))
			},
			"deleteKey": func(ctx context.Context, s *store, b string) (any, error) { return s.deleteKey(ctx, b, "k1") },
			"deleteLockedKey": func(ctx context.Context, s *store, b string) (any, error) {
				return s.deleteLockedKey(ctx, b, "k1")
			},
			"keyExists": func(ctx context.Context, s *store, b string) (any, error) { return s.keyExists(ctx, b, "k1") },
			"setDeleteAt": func(ctx context.Context, s *store, b string) (any, error) {
				return nil, s.setDeleteAt(ctx, b, &isolationAt)
			},
			"deleteApp": func(ctx context.Context, s *store, b string) (any, error) { return nil, s.deleteApp(ctx, b) },
		},
		Exempt: map[string]string{
			"pendingDeletion": "sweeps every tenant's scheduled deletions (tested in tenants_test.go)",
			"inTx":            "opens a transaction; reads and writes nothing",
			"apps":            "the operator's listing across every tenant (apps list; tested in cmd/passwordless)",
		},
	}.Run(t)
}

func testKey(tenant string) *APIKey {
	return &APIKey{Tenant: tenant, ID: "k1", Kind: Secret, SecretHash: []byte("hash of " + tenant),
		Scopes: []string{"passkey:read"}, CreatedAt: isolationAt}
}

// seedApp creates the application a with MaxUsers 5 and its key k1.
func seedApp(t *testing.T, s *store, a, _ string) {
	t.Helper()
	five := int64(5)
	app := &App{ID: a, CreatedAt: isolationAt, Features: Features{MaxUsers: &five}}
	if err := s.createApp(t.Context(), app, []*APIKey{testKey(a)}); err != nil {
		t.Fatal(err)
	}
}

// expectApp checks that a still has what seedApp wrote.
func expectApp(t *testing.T, s *store, a string) {
	t.Helper()
	app, err := s.app(t.Context(), a)
	if err != nil || app == nil || app.DeleteAt != nil || app.Features.MaxUsers == nil || *app.Features.MaxUsers != 5 {
		t.Errorf("a's application afterwards = %+v %v, want MaxUsers 5, no deletion", app, err)
	}
	k, err := s.key(t.Context(), a, "k1")
	if err != nil || k == nil || k.IsLocked || string(k.SecretHash) != "hash of "+a {
		t.Errorf("a's key afterwards = %+v %v, want unlocked, a's hash", k, err)
	}
}
