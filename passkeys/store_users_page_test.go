package passkeys

import (
	"context"
	"encoding/json"
	"reflect"
	"slices"
	"testing"
	"time"

	"gorm.io/gorm"

	"passwordless/storage/storagetest"
)

// TestStore_UsersPageMatchesTheList: a page as the database renders it
// (PostgreSQL's directory entries, joined by the database) is, entry for
// entry and byte for byte in every value, the page the server's own
// encoder makes of the same directory rows, in user id order: through
// registrations, sign-ins at times with and without trailing zeros,
// plaintext and hashed aliases, ids that JSON must escape, deletions, and
// another tenant's users, which never show.
func TestStore_UsersPageMatchesTheList(t *testing.T) {
	storagetest.Each(t, func(t *testing.T, db *gorm.DB) {
		ctx := context.Background()
		s := &store{db: db}
		at := time.Date(2026, 2, 3, 4, 5, 6, 120_000_000, time.UTC)
		ids := []string{"plain", `quo"te`, "back\\slash", "ünï<&>", "tab\tnew\nline", "z-last"}
		for i, id := range ids {
			when := at.Add(time.Duration(i) * 1_000_001 * time.Microsecond) // fractions of every length
			if err := s.register(ctx, testCredential("t1", id, byte(i+1), when), nil, limits{}, when); err != nil {
				t.Fatal(err)
			}
			if err := s.register(ctx, testCredential("t2", id+"-other", byte(i+1), when), nil, limits{}, when); err != nil {
				t.Fatal(err)
			}
		}
		text := `a"lias ü`
		mustDo(t, s.setAliases(ctx, "t1", "plain", []Alias{{Hash: "h1", Plaintext: &text}, {Hash: "h2"}}, at))
		mustDo(t, s.setAliases(ctx, "t1", "alias-only", []Alias{{Hash: "h3", Plaintext: &text}}, at))
		mustDo(t, s.signedIn(ctx, testCredential("t1", "plain", 1, at.Add(time.Hour))))                   // whole seconds
		mustDo(t, s.signedIn(ctx, testCredential("t1", `quo"te`, 2, at.Add(time.Hour+time.Microsecond)))) // six digits
		if _, err := s.deleteCredential(ctx, "t1", []byte{6, 1, 2, 3}); err != nil {                      // z-last goes
			t.Fatal(err)
		}
		mustDo(t, s.deleteUser(ctx, "t1", "back\\slash"))

		for _, pageSize := range []int{1, 2, 1000} {
			var got []map[string]any
			after := ""
			for {
				page, err := s.usersPage(ctx, "t1", after, pageSize)
				if err != nil {
					t.Fatal(err)
				}
				list, err := s.listUsers(ctx, "t1", after, pageSize)
				if err != nil {
					t.Fatal(err)
				}
				want, err := encodeEntries(list)
				if err != nil {
					t.Fatal(err)
				}
				if !reflect.DeepEqual(decode(t, page), decode(t, want)) {
					t.Fatalf("page after %q:\n got %s\nwant %s", after, page, want)
				}
				entries := decode(t, page)
				if len(entries) == 0 {
					break
				}
				got = append(got, entries...)
				after = entries[len(entries)-1]["userId"].(string)
			}
			var listed []string
			for _, e := range got {
				listed = append(listed, e["userId"].(string))
			}
			want := []string{"alias-only", "plain", `quo"te`, "tab\tnew\nline", "ünï<&>"}
			if !slices.Equal(listed, want) {
				t.Errorf("pages of %d list %q, want %q", pageSize, listed, want)
			}
		}
	})
}

func mustDo(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

func decode(t *testing.T, page []byte) []map[string]any {
	t.Helper()
	var out []map[string]any
	if err := json.Unmarshal(page, &out); err != nil {
		t.Fatalf("%v: %s", err, page)
	}
	return out
}
