package tenants_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"passwordless/storage/storagetest"
	"passwordless/tenants"
)

// TestService_LockReachesOtherInstances: two instances share a database
// and Redis; a key cached by B is refused by B within one second of A
// locking it, without B reading the database on every request.
func TestService_LockReachesOtherInstances(t *testing.T) {
	rdb, _ := storagetest.Redis(t)
	db := storagetest.SQLite(t).Gorm
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	a := newService(db, tenants.Options{Redis: rdb})
	b := newService(db, tenants.Options{Redis: rdb})
	a.Start(ctx)
	b.Start(ctx)
	time.Sleep(100 * time.Millisecond) // let both subscriptions start
	created, err := a.Create(ctx, "shared", tenants.CreateOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if _, _, err := b.Authenticate(ctx, tenants.Public, created.APIKey1); err != nil {
		t.Fatalf("B before lock: %v", err)
	}
	if err := a.SetKeyLocked(ctx, "shared", tenants.KeyID(created.APIKey1), true); err != nil {
		t.Fatal(err)
	}
	deadline := time.Now().Add(time.Second)
	for {
		_, _, err := b.Authenticate(ctx, tenants.Public, created.APIKey1)
		if errors.Is(err, tenants.ErrKeyLocked) {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("B still accepts the key 1s after the lock: %v", err)
		}
		time.Sleep(10 * time.Millisecond)
	}
}
