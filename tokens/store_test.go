package tokens

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"gorm.io/gorm"

	"passwordless/storage"
	"passwordless/storage/storagetest"
)

// TestStore runs the KeyStore contract on the database store (SQLite, and
// PostgreSQL with TEST_DATABASE_URL) and on the memory store, so that the
// memory store other packages test with behaves like the real one.
func TestStore(t *testing.T) {
	storagetest.Each(t, func(t *testing.T, db *gorm.DB) {
		testKeyStore(t, NewStore(&storage.DB{Gorm: db}), storage.IsDuplicate)
	})
	t.Run("memory", func(t *testing.T) {
		testKeyStore(t, NewMemoryStore(), func(err error) bool {
			return err != nil && strings.HasSuffix(err.Error(), "app1/7 exists")
		})
	})
}

// testKeyStore runs the contract on s; isDuplicate recognises the store's
// error for a (tenant, id) it holds already.
func testKeyStore(t *testing.T, s KeyStore, isDuplicate func(error) bool) {
	ctx := context.Background()
	at := time.Date(2026, 1, 2, 3, 4, 5, 123456000, time.UTC)
	k1 := Key{Tenant: "app1", ID: 7, Material: []byte("0123456789abcdef0123456789abcdef"), CreatedAt: at}
	k2 := Key{Tenant: "app1", ID: 8, Material: []byte("material two"), CreatedAt: at.Add(time.Hour)}
	other := Key{Tenant: "app2", ID: 7, Material: []byte("other tenant"), CreatedAt: at}
	for _, k := range []Key{k1, k2, other} {
		if err := s.Add(ctx, k); err != nil {
			t.Fatalf("Add(%d): %v", k.ID, err)
		}
	}
	if err := s.Add(ctx, k1); !isDuplicate(err) {
		t.Errorf("Add of a duplicate (tenant, id) = %v, want the duplicate error", err)
	}

	got, err := s.Key(ctx, "app1", 7)
	if err != nil || string(got.Material) != string(k1.Material) || !got.CreatedAt.Equal(at) {
		t.Errorf("Key(app1, 7) = %+v, %v; want %+v", got, err, k1)
	}
	if got, err := s.Key(ctx, "app2", 7); err != nil || string(got.Material) != "other tenant" {
		t.Errorf("Key(app2, 7) = %+v, %v; want app2's own key", got, err)
	}
	if _, err := s.Key(ctx, "app1", 99); !errors.Is(err, ErrKeyNotFound) {
		t.Errorf("Key(unknown) error = %v, want ErrKeyNotFound", err)
	}

	if err := s.Delete(ctx, "app1", []int64{7, 1234}); err != nil {
		t.Fatal(err)
	}
	keys, _ := s.Keys(ctx, "app1")
	if len(keys) != 1 || keys[0].ID != 8 {
		t.Errorf("Keys(app1) after delete = %+v, want only key 8", keys)
	}
	if keys, err := s.Keys(ctx, "app2"); err != nil || len(keys) != 1 {
		t.Errorf("Delete in app1 touched app2: %+v, %v", keys, err)
	}
}

// TestStore_RotationOnDatabase runs the rotation schedule over the real
// table, where times round-trip through the driver.
func TestStore_RotationOnDatabase(t *testing.T) {
	storagetest.Each(t, func(t *testing.T, db *gorm.DB) {
		ctx := context.Background()
		c := newClock()
		s := newTestService(t, NewStore(&storage.DB{Gorm: db}), c)
		tok, err := s.IssueVerify(ctx, "app1", Verified{UserID: "u", ExpiresAt: c.Now().Add(60 * day)})
		if err != nil {
			t.Fatal(err)
		}
		c.Advance(20 * day)
		fresh := newTestService(t, NewStore(&storage.DB{Gorm: db}), c) // empty cache: reads the table
		if _, err := fresh.ParseVerify(ctx, "app1", tok); err != nil {
			t.Fatalf("20-day-old key from the table: %v", err)
		}
		c.Advance(11 * day)
		if _, err := fresh.IssueVerify(ctx, "app1", Verified{UserID: "u"}); err != nil {
			t.Fatal(err)
		}
		var n int64
		db.Table("token_keys").Where("tenant = ? AND created_at < ?", "app1", c.Now().Add(-KeepFor)).Count(&n)
		if n != 0 {
			t.Errorf("%d keys older than 30 days remain", n)
		}
	})
}
