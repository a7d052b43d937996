package passkeys

import (
	"context"
	"fmt"
	"sync"
	"testing"
	"time"

	"gorm.io/gorm"

	"passwordless/storage/storagetest"
)

// TestStore_UserCounterFollowsFirstAndLastPasskeys: the counter moves when
// a user gets a first passkey or loses the last one, never otherwise, and
// each tenant has its own.
func TestStore_UserCounterFollowsFirstAndLastPasskeys(t *testing.T) {
	storagetest.Each(t, func(t *testing.T, db *gorm.DB) {
		ctx := context.Background()
		s := &store{db: db}
		at := time.Date(2026, 2, 3, 4, 5, 6, 0, time.UTC)
		ten := int64(10)
		steps := []struct {
			name   string
			do     func() error
			t1, t2 int64
		}{
			{"first passkey counts the user", func() error { return s.register(ctx, testCredential("t1", "u1", 1, at), nil, limits{}, at) }, 1, 0},
			{"a second passkey does not", func() error {
				return s.register(ctx, testCredential("t1", "u1", 2, at), nil, limits{perUser: &ten}, at)
			}, 1, 0},
			{"another user with aliases counts", func() error {
				return s.register(ctx, testCredential("t1", "u2", 3, at), []Alias{{Hash: "h2"}}, limits{perUser: &ten}, at)
			}, 2, 0},
			{"a different tenant has its own counter", func() error { return s.register(ctx, testCredential("t2", "u1", 1, at), nil, limits{}, at) }, 2, 1},
			{"a duplicate passkey changes nothing", func() error { _ = s.register(ctx, testCredential("t1", "u1", 2, at), nil, limits{}, at); return nil }, 2, 1},
			{"deleting one of two passkeys does not", func() error { _, err := s.deleteCredential(ctx, "t1", []byte{1, 1, 2, 3}); return err }, 2, 1},
			{"deleting the last one does", func() error { _, err := s.deleteCredential(ctx, "t1", []byte{2, 1, 2, 3}); return err }, 1, 1},
			{"deleting an unknown passkey changes nothing", func() error { _, err := s.deleteCredential(ctx, "t1", []byte{9}); return err }, 1, 1},
			{"deleting a user with a passkey counts it out", func() error { return s.deleteUser(ctx, "t1", "u2") }, 0, 1},
			{"deleting a user without one changes nothing", func() error { return s.deleteUser(ctx, "t1", "nobody") }, 0, 1},
		}
		for _, st := range steps {
			if err := st.do(); err != nil {
				t.Fatalf("%s: %v", st.name, err)
			}
			for tenant, want := range map[string]int64{"t1": st.t1, "t2": st.t2} {
				if got, err := s.countUsers(ctx, tenant); err != nil || got != want {
					t.Errorf("%s: countUsers(%s) = %d, %v, want %d", st.name, tenant, got, err, want)
				}
			}
		}
	})
}

// TestStore_UserCounterUnderConcurrency: concurrent first passkeys of one
// user count it once, and concurrent deletions of its passkeys count it out
// once.
func TestStore_UserCounterUnderConcurrency(t *testing.T) {
	storagetest.Each(t, func(t *testing.T, db *gorm.DB) {
		ctx := context.Background()
		s := &store{db: db}
		at := time.Date(2026, 2, 3, 4, 5, 6, 0, time.UTC)
		const n = 8
		run := func(fn func(i int) error) {
			var wg sync.WaitGroup
			errs := make(chan error, n)
			for i := range n {
				wg.Add(1)
				go func() { defer wg.Done(); errs <- fn(i) }()
			}
			wg.Wait()
			close(errs)
			for err := range errs {
				if err != nil {
					t.Fatal(err)
				}
			}
		}
		const users = 10
		for u := range users {
			user := fmt.Sprintf("racer%d", u)
			run(func(i int) error {
				return s.register(ctx, testCredential("t1", user, byte(u*n+i+1), at), nil, limits{}, at)
			})
		}
		if got, _ := s.countUsers(ctx, "t1"); got != users {
			t.Fatalf("after %d concurrent first passkeys for each of %d users: %d users, want %d", n, users, got, users)
		}
		for u := range users {
			run(func(i int) error {
				_, err := s.deleteCredential(ctx, "t1", []byte{byte(u*n + i + 1), 1, 2, 3})
				return err
			})
		}
		if got, _ := s.countUsers(ctx, "t1"); got != 0 {
			t.Fatalf("after deleting every passkey concurrently: %d users, want 0", got)
		}
	})
}
