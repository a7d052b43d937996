package passkeys

import (
	"context"
	"errors"
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

// TestStore_UserCounterExactWhenAddAndDeleteRace: a user's new passkey,
// the deletion of its previous one and, for some users, the deletion of
// the user itself race in each round; afterwards the counter is exactly the
// number of users with a passkey and every user's passkey count is exact
// (no lock serialises these: the database's per-user row does).
func TestStore_UserCounterExactWhenAddAndDeleteRace(t *testing.T) {
	storagetest.Each(t, func(t *testing.T, db *gorm.DB) {
		ctx := context.Background()
		s := &store{db: db}
		at := time.Date(2026, 2, 3, 4, 5, 6, 0, time.UTC)
		const users, rounds = 8, 6
		cred := func(u, r int) Credential {
			c := testCredential("t1", fmt.Sprintf("u%d", u), 0, at)
			c.ID = []byte(fmt.Sprintf("c-%d-%d", u, r))
			return c
		}
		for u := range users {
			if err := s.register(ctx, cred(u, 0), nil, limits{}, at); err != nil {
				t.Fatal(err)
			}
		}
		for r := range rounds {
			var wg sync.WaitGroup
			errs := make(chan error, 3*users)
			for u := range users {
				ops := []func() error{
					func() error { return s.register(ctx, cred(u, r+1), nil, limits{}, at) },
					func() error { _, err := s.deleteCredential(ctx, "t1", cred(u, r).ID); return err },
				}
				if (u+r)%3 == 0 {
					ops = append(ops, func() error { return s.deleteUser(ctx, "t1", cred(u, 0).UserID) })
				}
				for _, op := range ops {
					wg.Add(1)
					go func() { defer wg.Done(); errs <- op() }()
				}
			}
			wg.Wait()
			close(errs)
			for err := range errs {
				if err != nil {
					t.Fatalf("round %d: %v", r, err)
				}
			}
			assertCountsExact(t, db, s, "t1")
		}
	})
}

// assertCountsExact compares the counters with the credentials.
func assertCountsExact(t *testing.T, db *gorm.DB, s *store, tenant string) {
	t.Helper()
	var actual, kept []struct {
		UserID string
		N      int64
	}
	if err := db.Raw("SELECT user_id, COUNT(*) AS n FROM credentials WHERE tenant = ? GROUP BY user_id", tenant).Scan(&actual).Error; err != nil {
		t.Fatal(err)
	}
	if err := db.Raw("SELECT user_id, passkeys AS n FROM user_passkeys WHERE tenant = ? AND passkeys <> 0", tenant).Scan(&kept).Error; err != nil {
		t.Fatal(err)
	}
	want := map[string]int64{}
	for _, a := range actual {
		want[a.UserID] = a.N
	}
	got := map[string]int64{}
	for _, k := range kept {
		got[k.UserID] = k.N
	}
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("user_passkeys = %v, credentials per user = %v", got, want)
	}
	if n, err := s.countUsers(context.Background(), tenant); err != nil || n != int64(len(actual)) {
		t.Errorf("countUsers = %d, %v; %d users have a passkey", n, err, len(actual))
	}
}

// TestStore_PerUserLimitUnderConcurrency: eight concurrent registrations
// of one user with room for three store exactly three.
func TestStore_PerUserLimitUnderConcurrency(t *testing.T) {
	storagetest.Each(t, func(t *testing.T, db *gorm.DB) {
		ctx := context.Background()
		s := &store{db: db}
		at := time.Date(2026, 2, 3, 4, 5, 6, 0, time.UTC)
		three := int64(3)
		var wg sync.WaitGroup
		results := make(chan error, 8)
		for i := range 8 {
			wg.Add(1)
			go func() {
				defer wg.Done()
				results <- s.register(ctx, testCredential("t1", "u1", byte(i+1), at), nil, limits{perUser: &three}, at)
			}()
		}
		wg.Wait()
		close(results)
		stored := 0
		for err := range results {
			switch {
			case err == nil:
				stored++
			case !errors.Is(err, errLimit):
				t.Fatalf("register: %v", err)
			}
		}
		assertCountsExact(t, db, s, "t1")
		if stored != 3 {
			t.Errorf("%d registrations stored, want 3", stored)
		}
	})
}
