package tenants_test

import (
	"context"
	"errors"
	"net"
	"testing"
	"time"

	"github.com/redis/go-redis/v9"

	"passwordless/storage"
	"passwordless/storage/storagetest"
	"passwordless/tenants"
)

// TestService_LockReachesAnInstanceWithoutRedis is issue 16 repro 9: a
// lock made while Redis was down reached other instances only after the
// 60 s cache. Instance B cannot reach Redis (nothing listens on its
// address), so it keeps its cache entries only 2 s: A's lock, whose
// invalidation B never receives, is refused by B within a few seconds.
func TestService_LockReachesAnInstanceWithoutRedis(t *testing.T) {
	rdb, _ := storagetest.Redis(t)
	db := storagetest.SQLite(t).Gorm
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	dead := ln.Addr().String()
	_ = ln.Close()
	unreachable := redis.NewClient(storage.WithRedisTimeouts(&redis.Options{Addr: dead}))
	defer unreachable.Close()
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	a := newService(db, tenants.Options{Redis: rdb})
	b := newService(db, tenants.Options{Redis: unreachable})
	a.Start(ctx)
	b.Start(ctx)
	created, err := a.Create(ctx, "lonely", tenants.CreateOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if _, _, err := b.Authenticate(ctx, tenants.Public, created.APIKey1); err != nil {
		t.Fatalf("B before lock: %v", err)
	}
	if err := a.SetKeyLocked(ctx, "lonely", tenants.KeyID(created.APIKey1), true); err != nil {
		t.Fatal(err)
	}
	start := time.Now()
	for {
		_, _, err := b.Authenticate(ctx, tenants.Public, created.APIKey1)
		if errors.Is(err, tenants.ErrKeyLocked) {
			t.Logf("lock reached B after %v", time.Since(start).Round(time.Millisecond))
			return
		}
		if time.Since(start) > 5*time.Second {
			t.Fatalf("B still accepts the key 5 s after the lock: %v", err)
		}
		time.Sleep(50 * time.Millisecond)
	}
}
