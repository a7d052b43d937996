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
			{"a user with only aliases does not count", func() error { return s.setAliases(ctx, "t1", "u3", []Alias{{Hash: "h3"}}, at) }, 0, 1},
			{"its first passkey counts it once", func() error { return s.register(ctx, testCredential("t1", "u3", 4, at), nil, limits{}, at) }, 1, 1},
			{"dropping its aliases does not count it out", func() error { return s.setAliases(ctx, "t1", "u3", nil, at) }, 1, 1},
			{"deleting it counts it out", func() error { return s.deleteUser(ctx, "t1", "u3") }, 0, 1},
			{"deleting an alias-only user changes nothing", func() error {
				if err := s.setAliases(ctx, "t1", "u4", []Alias{{Hash: "h4"}}, at); err != nil {
					return err
				}
				return s.deleteUser(ctx, "t1", "u4")
			}, 0, 1},
		}
		for _, st := range steps {
			if err := st.do(); err != nil {
				t.Fatalf("%s: %v", st.name, err)
			}
			for tenant, want := range map[string]int64{"t1": st.t1, "t2": st.t2} {
				if got, err := s.countUsers(ctx, tenant); err != nil || got != want {
					t.Errorf("%s: countUsers(%s) = %d, %v, want %d", st.name, tenant, got, err, want)
				}
				assertCountsExact(t, db, s, tenant)
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
// the deletion of its previous one, a sign-in with it, a replacement of the
// user's aliases and, for some users, the deletion of the user itself race
// in each round; afterwards the counter is exactly the number of users with
// a passkey and every user's directory row (passkey and alias counts,
// latest sign-in) is exact (no lock serialises these: the database's
// per-user row does).
func TestStore_UserCounterExactWhenAddAndDeleteRace(t *testing.T) {
	storagetest.Each(t, func(t *testing.T, db *gorm.DB) {
		ctx := context.Background()
		s := &store{db: db}
		at := time.Date(2026, 2, 3, 4, 5, 6, 0, time.UTC)
		const users, rounds = 8, 6
		cred := func(u, r int) Credential {
			c := testCredential("t1", fmt.Sprintf("u%d", u), 0, at.Add(time.Duration(r)*time.Minute))
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
			errs := make(chan error, 5*users)
			for u := range users {
				ops := []func() error{
					func() error { return s.register(ctx, cred(u, r+1), nil, limits{}, at) },
					func() error { _, err := s.deleteCredential(ctx, "t1", cred(u, r).ID); return err },
					func() error {
						name := fmt.Sprintf("name-%d-%d", u, r) // a plaintext for some, hashed only for others
						return s.setAliases(ctx, "t1", cred(u, 0).UserID, []Alias{{Hash: fmt.Sprintf("h-%d-%d", u, r)},
							{Hash: fmt.Sprintf("h-%d-x", u), Plaintext: map[bool]*string{true: &name}[r%2 == 0]}}, at)
					},
					func() error { c := cred(u, r); c.LastUsedAt = at.Add(time.Hour); return s.signedIn(ctx, c) },
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

// assertCountsExact compares the counters and the user directory (passkey
// and alias counts, latest sign-in) with the credentials and aliases.
func assertCountsExact(t *testing.T, db *gorm.DB, s *store, tenant string) {
	t.Helper()
	type entry struct {
		passkeys, aliases int64
		last              string
	}
	want, got := map[string]entry{}, map[string]entry{}
	add := func(m map[string]entry, query string, set func(*entry, userRow)) {
		for _, r := range readRows(t, db, query, tenant) {
			e := m[r.id]
			set(&e, r)
			m[r.id] = e
		}
	}
	passkeys := func(e *entry, r userRow) { e.passkeys, e.last = r.n, r.last }
	aliases := func(e *entry, r userRow) { e.aliases = r.n }
	const listed = "FROM user_passkeys WHERE tenant = ? AND (passkeys <> 0 OR aliases <> 0)"
	add(want, "SELECT user_id, COUNT(*), MAX(last_used_at) FROM credentials WHERE tenant = ? GROUP BY user_id", passkeys)
	add(want, "SELECT user_id, COUNT(*), NULL FROM aliases WHERE tenant = ? GROUP BY user_id", aliases)
	add(got, "SELECT user_id, passkeys, last_used_at "+listed, passkeys)
	add(got, "SELECT user_id, aliases, NULL "+listed, aliases)
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("user directory = %v\nfrom the rows    = %v", got, want)
	}
	assertAliasListsExact(t, db, s, tenant)
	users := 0
	for _, e := range want {
		if e.passkeys > 0 {
			users++
		}
	}
	if n, err := s.countUsers(context.Background(), tenant); err != nil || n != int64(users) {
		t.Errorf("countUsers = %d, %v; %d users have a passkey", n, err, users)
	}
}

type userRow struct {
	id   string
	n    int64
	last string
}

// readRows runs query, whose rows are (user id, count, timestamp or null).
func readRows(t *testing.T, db *gorm.DB, query string, args ...any) []userRow {
	t.Helper()
	rows, err := db.Raw(query, args...).Rows()
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var out []userRow
	for rows.Next() {
		var r userRow
		var last any
		if err := rows.Scan(&r.id, &r.n, &last); err != nil {
			t.Fatal(err)
		}
		if at := asTime(last); at != nil {
			r.last = at.Format(time.RFC3339Nano)
		}
		out = append(out, r)
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	return out
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

// assertAliasListsExact compares each listed user's aliases (the
// directory's JSON array) with the aliases table, in alias-hash order.
func assertAliasListsExact(t *testing.T, db *gorm.DB, s *store, tenant string) {
	t.Helper()
	list, err := s.listUsers(context.Background(), tenant, "", maxListedUsers)
	if err != nil {
		t.Fatal(err)
	}
	got := map[string][]string{}
	for _, u := range list {
		aliases, err := u.Aliases.Plaintexts()
		if err != nil {
			t.Fatal(err)
		}
		for _, a := range aliases {
			got[u.UserID] = append(got[u.UserID], fmt.Sprint(orNil(a)))
		}
	}
	var rows []struct {
		UserID    string
		Plaintext *string
	}
	if err := db.Raw("SELECT user_id, plaintext FROM aliases WHERE tenant = ? ORDER BY user_id, alias_hash", tenant).Scan(&rows).Error; err != nil {
		t.Fatal(err)
	}
	want := map[string][]string{}
	for _, r := range rows {
		want[r.UserID] = append(want[r.UserID], fmt.Sprint(orNil(r.Plaintext)))
	}
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("listed aliases = %v\nfrom the rows  = %v", got, want)
	}
}

func orNil(p *string) any {
	if p == nil {
		return nil
	}
	return *p
}
