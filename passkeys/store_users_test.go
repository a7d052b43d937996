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
					if len(u.Aliases) != wantAliases || u.CredentialsCount != wantCreds || (wantCreds > 0) != (u.LastUsedAt != nil) {
						t.Errorf("%s: %d aliases, %d passkeys, lastUsedAt %v", u.UserID, len(u.Aliases), u.CredentialsCount, u.LastUsedAt)
					}
				}
			})
		}
	})
}
