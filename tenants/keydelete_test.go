package tenants_test

import (
	"context"
	"testing"

	"gorm.io/gorm"

	"passwordless/problems"
	"passwordless/storage/storagetest"
	"passwordless/tenants"
)

// TestService_DeleteLockedKey: the console's deletion refuses an active
// key (409 api_key_active) and deletes it once locked; the management
// API's DeleteKey deletes an active key, as upstream's does; another
// application's key is not found.
func TestService_DeleteLockedKey(t *testing.T) {
	storagetest.Each(t, func(t *testing.T, db *gorm.DB) {
		ctx := context.Background()
		svc := newService(db, tenants.Options{})
		created, err := svc.Create(ctx, "keyed", tenants.CreateOptions{})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := svc.Create(ctx, "other", tenants.CreateOptions{}); err != nil {
			t.Fatal(err)
		}
		public, secret := tenants.KeyID(created.APIKey1), tenants.KeyID(created.APISecret1)
		if err := svc.DeleteLockedKey(ctx, "keyed", public); problems.From(err).Code != problems.APIKeyActive {
			t.Fatalf("delete an active key = %v, want api_key_active", err)
		}
		if err := svc.SetKeyLocked(ctx, "keyed", public, true); err != nil {
			t.Fatal(err)
		}
		if err := svc.DeleteLockedKey(ctx, "other", public); problems.From(err).Code != problems.APIKeyNotFound {
			t.Errorf("delete keyed's key as other = %v, want api_key_not_found", err)
		}
		if err := svc.DeleteLockedKey(ctx, "keyed", public); err != nil {
			t.Errorf("delete the locked key = %v", err)
		}
		if err := svc.DeleteLockedKey(ctx, "keyed", public); problems.From(err).Code != problems.APIKeyNotFound {
			t.Errorf("delete it again = %v, want api_key_not_found", err)
		}
		if err := svc.DeleteKey(ctx, "keyed", secret); err != nil {
			t.Errorf("the API's delete of an active key = %v, want it deleted (upstream's contract)", err)
		}
	})
}
