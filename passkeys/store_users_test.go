package passkeys

import (
	"context"
	"fmt"
	"slices"
	"testing"
	"time"

	"gorm.io/gorm"

	"passwordless/storage/storagetest"
)

// TestStore_ListUsersPagesTheUnionByUserID: users with passkeys and users
// with only aliases share one page of at most limit users in user id order,
// each with its full aliases and counts, and after continues past a page.
func TestStore_ListUsersPagesTheUnionByUserID(t *testing.T) {
	storagetest.Each(t, func(t *testing.T, db *gorm.DB) {
		ctx := context.Background()
		s := &store{db: db}
		at := time.Date(2026, 2, 3, 4, 5, 6, 0, time.UTC)
		for i := range 4 { // passkey users p0..p3 with an alias each
			c := testCredential("t1", fmt.Sprintf("p%d", i), byte(10+i), at)
			if err := s.register(ctx, c, []Alias{{Hash: fmt.Sprintf("hp%d", i)}}, limits{}, at); err != nil {
				t.Fatal(err)
			}
		}
		for i := range 4 { // alias-only users a0..a3 with two aliases each
			for j := range 2 {
				row := aliasRow{Tenant: "t1", AliasHash: fmt.Sprintf("ha%d%d", i, j), UserID: fmt.Sprintf("a%d", i), CreatedAt: at}
				if err := db.Create(&row).Error; err != nil {
					t.Fatal(err)
				}
			}
		}
		if err := s.register(ctx, testCredential("t2", "a0", 99, at), nil, limits{}, at); err != nil {
			t.Fatal(err)
		}
		tests := []struct {
			name, tenant, after string
			limit               int
			want                []string
		}{
			{"first page mixes both kinds", "t1", "", 5, []string{"a0", "a1", "a2", "a3", "p0"}},
			{"after continues", "t1", "p0", 5, []string{"p1", "p2", "p3"}},
			{"the cap holds when both halves are full", "t1", "", 3, []string{"a0", "a1", "a2"}},
			{"past the end is empty", "t1", "p3", 5, []string{}},
			{"a different tenant sees only its own", "t2", "", 5, []string{"a0"}},
			{"an unknown tenant sees nothing", "t3", "", 5, []string{}},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				list, err := s.listUsers(ctx, tt.tenant, tt.after, tt.limit)
				if err != nil {
					t.Fatal(err)
				}
				ids := []string{}
				for _, u := range list {
					ids = append(ids, u.UserID)
				}
				if !slices.Equal(ids, tt.want) {
					t.Fatalf("ids = %v, want %v", ids, tt.want)
				}
				for _, u := range list {
					wantAliases, wantCreds := 2, int64(0)
					if u.UserID[0] == 'p' || tt.tenant == "t2" {
						wantAliases, wantCreds = 1, 1
					}
					if tt.tenant == "t2" {
						wantAliases = 0
					}
					if u.AliasCount != wantAliases || u.CredentialsCount != wantCreds || (wantCreds > 0) != (u.LastUsedAt != nil) {
						t.Errorf("%s: %d aliases, %d passkeys, lastUsedAt %v", u.UserID, u.AliasCount, u.CredentialsCount, u.LastUsedAt)
					}
				}
			})
		}
	})
}

// TestStore_ListUsersShowsTheLatestSignIn: a page's lastUsedAt is the
// latest over the user's passkeys: a sign-in moves it forward, an older
// one does not move it back, deleting the passkey that holds it falls back
// to the next, and another tenant's user of the same id is not touched.
func TestStore_ListUsersShowsTheLatestSignIn(t *testing.T) {
	storagetest.Each(t, func(t *testing.T, db *gorm.DB) {
		ctx := context.Background()
		s := &store{db: db}
		at := time.Date(2026, 2, 3, 4, 5, 6, 0, time.UTC)
		for i, tenant := range []string{"t1", "t1", "t2"} {
			if err := s.register(ctx, testCredential(tenant, "u1", byte(i+1), at), nil, limits{}, at); err != nil {
				t.Fatal(err)
			}
		}
		signIn := func(id byte, when time.Time) func() error {
			return func() error {
				c := testCredential("t1", "u1", id, when)
				return s.signedIn(ctx, c)
			}
		}
		steps := []struct {
			name   string
			do     func() error
			t1, t2 time.Time
		}{
			{"registration sets it", func() error { return nil }, at, at},
			{"a sign-in moves it forward", signIn(2, at.Add(2*time.Hour)), at.Add(2 * time.Hour), at},
			{"an older sign-in does not move it back", signIn(1, at.Add(time.Hour)), at.Add(2 * time.Hour), at},
			{"deleting the passkey holding it falls back", func() error {
				_, err := s.deleteCredential(ctx, "t1", []byte{2, 1, 2, 3})
				return err
			}, at.Add(time.Hour), at},
		}
		for _, st := range steps {
			if err := st.do(); err != nil {
				t.Fatalf("%s: %v", st.name, err)
			}
			for tenant, want := range map[string]time.Time{"t1": st.t1, "t2": st.t2} {
				list, err := s.listUsers(ctx, tenant, "", 10)
				if err != nil || len(list) != 1 || list[0].LastUsedAt == nil || !list[0].LastUsedAt.Equal(want) {
					t.Errorf("%s: %s lists %+v, %v; want lastUsedAt %v", st.name, tenant, list, err, want)
				}
			}
		}
	})
}
