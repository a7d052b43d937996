package api_test

import (
	"net/http"
	"strings"
	"testing"

	"passwordless/api/apitest"
)

func usersOf(t *testing.T, b *browser) []map[string]any {
	t.Helper()
	resp := b.h.Do(t, http.MethodGet, "/users/list", b.app.Secret(), nil)
	if resp.Status != 200 {
		t.Fatalf("users/list: %d %s", resp.Status, resp.Body)
	}
	var out struct{ Values []map[string]any }
	resp.JSON(t, &out)
	return out.Values
}

func countUsers(t *testing.T, b *browser) float64 {
	t.Helper()
	resp := b.h.Do(t, http.MethodGet, "/users/count", b.app.Secret(), nil)
	var out struct{ Count float64 }
	resp.JSON(t, &out)
	return out.Count
}

// TestUsers_ListCountDelete starts from upstream's test: one registered
// user whose token had one plaintext alias is listed with it.
func TestUsers_ListCountDelete(t *testing.T) {
	h := apitest.New(t, apitest.Options{})
	b := newBrowser(t, h, "usersapp")
	b.register(t, "u1", map[string]any{"aliases": []string{"ann@example.com"}, "aliasHashing": false})
	setAliases(t, b, map[string]any{"userId": "u2", "aliases": []string{"hidden@example.com"}})

	list := usersOf(t, b)
	if len(list) != 2 {
		t.Fatalf("users = %v, want u1 (passkey) and u2 (alias only)", list)
	}
	u1, u2 := list[0], list[1]
	if u1["userId"] != "u1" || u1["aliasCount"] != 1.0 || u1["credentialsCount"] != 1.0 || u1["lastUsedAt"] == nil ||
		u1["aliases"].([]any)[0] != "ann@example.com" {
		t.Errorf("u1 = %v", u1)
	}
	if u2["userId"] != "u2" || u2["aliasCount"] != 1.0 || u2["credentialsCount"] != 0.0 || u2["lastUsedAt"] != nil ||
		u2["aliases"].([]any)[0] != nil {
		t.Errorf("u2 (hashed alias, no passkey) = %v", u2)
	}
	if n := countUsers(t, b); n != 1 {
		t.Errorf("count = %v, want 1 (users with passkeys)", n)
	}

	for _, id := range []string{"u1", "nobody"} {
		r := h.Do(t, http.MethodPost, "/users/delete", b.app.Secret(), map[string]any{"userId": id})
		if r.Status != http.StatusOK || len(r.Body) != 0 {
			t.Errorf("users/delete %s: %d %q, want 200 with an empty body", id, r.Status, r.Body)
		}
	}
	if n := countUsers(t, b); n != 0 {
		t.Errorf("count after delete = %v", n)
	}
	if list := aliasesOf(t, b, "u1"); len(list) != 0 {
		t.Errorf("aliases after delete = %v", list)
	}
	wantProblem(t, h.Do(t, http.MethodPost, "/users/delete", b.app.Secret(), map[string]any{}), 400, "validation_failed")
}

// TestUsers_ListPagesByUserID: limit and after page the list in user id
// order; bad limits are validation problems; another application's users
// never appear.
func TestUsers_ListPagesByUserID(t *testing.T) {
	h := apitest.New(t, apitest.Options{})
	b := newBrowser(t, h, "pagedapp")
	other := newBrowser(t, h, "otherapp")
	for _, id := range []string{"u3", "u1", "u4", "u2", "u5"} {
		setAliases(t, b, map[string]any{"userId": id, "aliases": []string{id + "@example.com"}, "hashing": false})
	}
	setAliases(t, other, map[string]any{"userId": "u0", "aliases": []string{"zero@example.com"}, "hashing": false})
	page := func(q string) []string {
		resp := h.Do(t, http.MethodGet, "/users/list"+q, b.app.Secret(), nil)
		if resp.Status != 200 {
			t.Fatalf("users/list%s: %d %s", q, resp.Status, resp.Body)
		}
		var out struct{ Values []struct{ UserID string } }
		resp.JSON(t, &out)
		ids := []string{}
		for _, v := range out.Values {
			ids = append(ids, v.UserID)
		}
		return ids
	}
	tests := []struct{ query, want string }{
		{"", "u1 u2 u3 u4 u5"},
		{"?limit=2", "u1 u2"},
		{"?limit=2&after=u2", "u3 u4"},
		{"?LIMIT=2&After=u4", "u5"},
		{"?after=u5", ""},
		{"?limit=1000", "u1 u2 u3 u4 u5"},
	}
	for _, tt := range tests {
		if got := strings.Join(page(tt.query), " "); got != tt.want {
			t.Errorf("users/list%s = %q, want %q", tt.query, got, tt.want)
		}
	}
	for _, q := range []string{"?limit=0", "?limit=1001", "?limit=x"} {
		wantProblem(t, h.Do(t, http.MethodGet, "/users/list"+q, b.app.Secret(), nil), 400, "validation_failed")
	}
}
