package tenants_test

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"gorm.io/gorm"

	"passwordless/problems"
	"passwordless/storage/storagetest"
	"passwordless/tenants"
)

// TestService_Store runs the application and key contract on SQLite and,
// with TEST_DATABASE_URL, on PostgreSQL.
func TestService_Store(t *testing.T) {
	storagetest.Each(t, func(t *testing.T, db *gorm.DB) {
		ctx := context.Background()
		svc := newService(db, tenants.Options{})
		created, err := svc.Create(ctx, "acme", tenants.CreateOptions{AdminEmail: "a@acme.test"})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := svc.Create(ctx, "acme", tenants.CreateOptions{}); problems.From(err).Code != problems.AppIDUnavailable {
			t.Errorf("second create = %v, want app_id_unavailable", err)
		}
		t.Run("keys authenticate with their kind only", func(t *testing.T) {
			for _, tc := range []struct {
				kind  tenants.KeyKind
				value string
				ok    bool
			}{
				{tenants.Public, created.APIKey1, true}, {tenants.Public, created.APIKey2, true},
				{tenants.Secret, created.APISecret1, true}, {tenants.Secret, created.APISecret2, true},
				{tenants.Secret, created.APIKey1, false}, {tenants.Public, created.APISecret1, false},
				{tenants.Secret, tamper(created.APISecret1), false},
			} {
				p, _, err := svc.Authenticate(ctx, tc.kind, tc.value)
				if tc.ok && (err != nil || p.App.ID != "acme") || !tc.ok && !errors.Is(err, tenants.ErrKeyInvalid) {
					t.Errorf("Authenticate(%v, …%s) = %v, %v; want ok=%v", tc.kind, tc.value[len(tc.value)-4:], p, err, tc.ok)
				}
			}
		})
		t.Run("secrets are stored only as hashes", func(t *testing.T) {
			var n int64
			db.Table("api_keys").Where("public_value LIKE ?", "%secret%").Count(&n)
			var hashes [][]byte
			db.Table("api_keys").Where("kind = 2").Pluck("secret_hash", &hashes)
			for _, h := range hashes {
				if strings.Contains(string(h), created.APISecret1[12:]) || len(h) != 32 {
					t.Errorf("stored secret is not a SHA-256 hash: %q", h)
				}
			}
			if n != 0 || len(hashes) != 2 {
				t.Errorf("plaintext secrets %d, hashes %d", n, len(hashes))
			}
		})
		t.Run("different tenant sees nothing", func(t *testing.T) {
			if _, err := svc.Create(ctx, "globex", tenants.CreateOptions{}); err != nil {
				t.Fatal(err)
			}
			keys, err := svc.Keys(ctx, "globex")
			if err != nil {
				t.Fatal(err)
			}
			for _, k := range keys {
				if k.Tenant != "globex" || strings.Contains(k.Display(), "acme") {
					t.Errorf("globex lists %+v", k)
				}
			}
			if err := svc.SetKeyLocked(ctx, "globex", tenants.KeyID(created.APIKey1), true); problems.From(err).Code != problems.APIKeyNotFound {
				t.Errorf("locking acme's key through globex = %v, want api_key_not_found", err)
			}
			forged := "globex" + created.APISecret1[len("acme"):]
			if _, _, err := svc.Authenticate(ctx, tenants.Secret, forged); !errors.Is(err, tenants.ErrKeyInvalid) {
				t.Errorf("acme's secret under globex's id = %v", err)
			}
		})
		t.Run("lock takes effect at once and unlock restores", func(t *testing.T) {
			id := tenants.KeyID(created.APIKey1)
			if err := svc.SetKeyLocked(ctx, "acme", id, true); err != nil {
				t.Fatal(err)
			}
			if _, _, err := svc.Authenticate(ctx, tenants.Public, created.APIKey1); !errors.Is(err, tenants.ErrKeyLocked) {
				t.Errorf("after lock: %v", err)
			}
			if err := svc.SetKeyLocked(ctx, "acme", id, false); err != nil {
				t.Fatal(err)
			}
			if _, _, err := svc.Authenticate(ctx, tenants.Public, created.APIKey1); err != nil {
				t.Errorf("after unlock: %v", err)
			}
		})
		t.Run("deletion removes every tenant row", func(t *testing.T) {
			res, err := svc.MarkDelete(ctx, "globex", "")
			if err != nil || !res.IsDeleted {
				t.Fatalf("MarkDelete = %+v, %v", res, err)
			}
			var n int64
			db.Table("api_keys").Where("tenant = ?", "globex").Count(&n)
			if n != 0 {
				t.Errorf("%d keys left after deletion", n)
			}
			if ok, _ := svc.Available(ctx, "globex"); !ok {
				t.Errorf("deleted id not available again")
			}
		})
	})
}

// TestService_ScheduledDeletion: an old application with passkeys is not
// deleted at once; its keys lock, and DELETE works only after the date.
func TestService_ScheduledDeletion(t *testing.T) {
	db := storagetest.SQLite(t).Gorm
	now := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	svc := newService(db, tenants.Options{Now: func() time.Time { return now }, Credentials: hasCredentials(true)})
	ctx := context.Background()
	created, err := svc.Create(ctx, "oldapp", tenants.CreateOptions{})
	if err != nil {
		t.Fatal(err)
	}
	now = now.Add(10 * 24 * time.Hour)
	res, err := svc.MarkDelete(ctx, "oldapp", "")
	if err != nil || res.IsDeleted || res.DeleteAt == nil {
		t.Fatalf("MarkDelete = %+v, %v", res, err)
	}
	if _, err := svc.MarkDelete(ctx, "oldapp", ""); problems.From(err).Code != problems.AppPendingDeletion {
		t.Errorf("second MarkDelete = %v", err)
	}
	if _, _, err := svc.Authenticate(ctx, tenants.Secret, created.APISecret1); !errors.Is(err, tenants.ErrKeyLocked) {
		t.Errorf("keys of a pending app: %v, want locked", err)
	}
	if _, err := svc.Delete(ctx, "oldapp"); problems.From(err).Code != problems.AppNotPendingDeletion {
		t.Errorf("early Delete = %v", err)
	}
	now = now.AddDate(0, 1, 1)
	if ids, _ := svc.PendingDeletion(ctx); len(ids) != 1 || ids[0] != "oldapp" {
		t.Errorf("PendingDeletion = %v", ids)
	}
	if res, err := svc.Delete(ctx, "oldapp"); err != nil || !res.IsDeleted {
		t.Errorf("Delete = %+v, %v", res, err)
	}
	if _, err := svc.Delete(ctx, "oldapp"); problems.From(err).Code != problems.AppNotFound {
		t.Errorf("Delete of a deleted app = %v", err)
	}
}

// tamper changes one character of a key value before its 4-character id,
// so the id still finds the stored key but the value no longer matches.
func tamper(value string) string {
	i := len(value) - 5
	c := byte('0')
	if value[i] == '0' {
		c = '1'
	}
	return value[:i] + string(c) + value[i+1:]
}
