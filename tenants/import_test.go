package tenants_test

import (
	"context"
	"testing"
	"time"

	"gorm.io/gorm"

	"passwordless/storage"
	"passwordless/storage/storagetest"
	"passwordless/tenants"
)

// The vector of upstream's ApiKeyUtilsTests.
const (
	upstreamSecret = "test:secret:a679563b331846c79c20b114a4f56d02"
	upstreamHash   = "4RtmMr0hVknaQAIhaRtPHw==:xR7bg3NVsC80a8GDDhH39g=="
)

// TestImport_SecretKeepsWorkingAndIsRehashedOnce imports a key with
// upstream's hash: the secret authenticates, its hash becomes our SHA-256
// on first use, and it keeps authenticating; a wrong secret never does.
func TestImport_SecretKeepsWorkingAndIsRehashedOnce(t *testing.T) {
	storagetest.Each(t, func(t *testing.T, db *gorm.DB) {
		ctx := context.Background()
		svc := newService(db, tenants.Options{})
		k, err := tenants.ImportedSecret("test", "6d02", upstreamHash, []string{tenants.ScopeTokenVerify})
		if err != nil {
			t.Fatal(err)
		}
		k.CreatedAt = time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC)
		app := &tenants.App{ID: "test", CreatedAt: k.CreatedAt, Features: tenants.DefaultFeatures()}
		var got tenants.Imported
		err = storage.InTx(ctx, db, func(ctx context.Context) (err error) {
			got, err = svc.Import(ctx, app, []*tenants.APIKey{k})
			return err
		})
		if err != nil || !got.AppCreated || got.KeysCreated != 1 {
			t.Fatalf("Import = %+v, %v", got, err)
		}
		if _, _, err := svc.Authenticate(ctx, tenants.Secret, "test:secret:a679563b331846c79c20b114a4f56d03"); err == nil {
			t.Error("a wrong secret authenticated")
		}
		for i := range 2 {
			p, _, err := svc.Authenticate(ctx, tenants.Secret, upstreamSecret)
			if err != nil || p.Key.ID != "6d02" {
				t.Fatalf("authentication %d: %v", i+1, err)
			}
		}
		var hash []byte
		if err := db.Raw("SELECT secret_hash FROM api_keys WHERE tenant = 'test' AND id = '6d02'").Row().Scan(&hash); err != nil || len(hash) != 32 {
			t.Errorf("stored hash after use = %q %v, want our 32-byte SHA-256", hash, err)
		}
		again, err := svc.Import(ctx, app, []*tenants.APIKey{k})
		if err != nil || again.AppCreated || again.KeysCreated != 0 || again.KeysSkipped != 1 {
			t.Errorf("second Import = %+v, %v, want everything skipped", again, err)
		}
	})
}
