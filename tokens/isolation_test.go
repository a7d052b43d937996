package tokens

import (
	"context"
	"errors"
	"testing"
	"time"

	"gorm.io/gorm"

	"passwordless/storage/storagetest"
)

var isolationAt = time.Date(2026, 2, 3, 4, 5, 6, 0, time.UTC)

// TestStore_DifferentTenantSeesNothing calls every Store method as tenant
// b after tenant a has stored key 7, on SQLite and PostgreSQL; a Store
// method without a case fails it.
func TestStore_DifferentTenantSeesNothing(t *testing.T) {
	type call = func(ctx context.Context, s *Store, b string) (any, error)
	storagetest.Isolation[*Store]{
		Recv: "Store",
		Open: func(db *gorm.DB) *Store { return &Store{db: db} },
		Seed: func(t *testing.T, s *Store, a, _ string) {
			if err := s.Add(t.Context(), Key{Tenant: a, ID: 7, Material: []byte(a), CreatedAt: isolationAt}); err != nil {
				t.Fatal(err)
			}
		},
		Expect: func(t *testing.T, s *Store, a string) {
			if k, err := s.Key(t.Context(), a, 7); err != nil || string(k.Material) != a {
				t.Errorf("a's key afterwards = %+v %v, want a's material", k, err)
			}
		},
		Cases: map[string]call{
			"Keys": func(ctx context.Context, s *Store, b string) (any, error) { return s.Keys(ctx, b) },
			"Key": func(ctx context.Context, s *Store, b string) (any, error) {
				k, err := s.Key(ctx, b, 7)
				if errors.Is(err, ErrKeyNotFound) {
					return k, nil
				}
				return k, errors.Join(errors.New("want ErrKeyNotFound"), err)
			},
			"Add": func(ctx context.Context, s *Store, b string) (any, error) {
				return nil, s.Add(ctx, Key{Tenant: b, ID: 7, Material: []byte(b), CreatedAt: isolationAt})
			},
			"Delete": func(ctx context.Context, s *Store, b string) (any, error) { return nil, s.Delete(ctx, b, []int64{7}) },
		},
	}.Run(t)
}
