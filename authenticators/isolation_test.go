package authenticators

import (
	"context"
	"testing"
	"time"

	"gorm.io/gorm"

	"passwordless/storage/storagetest"
)

var isolationAt = time.Date(2026, 2, 3, 4, 5, 6, 0, time.UTC)

// Tenant a lists aaguid1 as allowed and aaguid2 as blocked.
const (
	aaguid1 = "00000000-0000-0000-0000-000000000001"
	aaguid2 = "00000000-0000-0000-0000-000000000002"
)

// TestStore_DifferentTenantSeesNothing calls every store method as tenant
// b after tenant a has listed two authenticators, on SQLite and
// PostgreSQL; a store method without a case fails it.
func TestStore_DifferentTenantSeesNothing(t *testing.T) {
	type call = func(ctx context.Context, s *store, b string) (any, error)
	storagetest.Isolation[*store]{
		Recv: "store",
		Open: func(db *gorm.DB) *store { return &store{db: db} },
		Seed: func(t *testing.T, s *store, a, b string) {
			ctx := t.Context()
			for _, id := range []string{a, b} { // list rows reference their application
				err := s.db.Exec("INSERT INTO applications (id, admin_emails, created_at) VALUES (?, '[]', ?)", id, isolationAt).Error
				if err != nil {
					t.Fatal(err)
				}
			}
			if err := s.upsert(ctx, a, []string{aaguid1}, true, isolationAt); err != nil {
				t.Fatal(err)
			}
			if err := s.upsert(ctx, a, []string{aaguid2}, false, isolationAt); err != nil {
				t.Fatal(err)
			}
		},
		Expect: func(t *testing.T, s *store, a string) {
			for _, allowed := range []bool{true, false} {
				rows, err := s.list(t.Context(), a, allowed)
				want := map[bool]string{true: aaguid1, false: aaguid2}[allowed]
				if err != nil || len(rows) != 1 || rows[0].AAGUID != want {
					t.Errorf("a's list allowed=%v afterwards = %+v %v, want %s", allowed, rows, err, want)
				}
			}
		},
		Cases: map[string]call{
			"list": func(ctx context.Context, s *store, b string) (any, error) { return s.list(ctx, b, true) },
			"all":  func(ctx context.Context, s *store, b string) (any, error) { return s.all(ctx, b) },
			"upsert": func(ctx context.Context, s *store, b string) (any, error) {
				// Moving a's ids to the other list in b must not move a's.
				if err := s.upsert(ctx, b, []string{aaguid1}, false, isolationAt); err != nil {
					return nil, err
				}
				return nil, s.upsert(ctx, b, []string{aaguid2}, true, isolationAt)
			},
			"remove": func(ctx context.Context, s *store, b string) (any, error) {
				return nil, s.remove(ctx, b, []string{aaguid1, aaguid2})
			},
		},
	}.Run(t)
}
