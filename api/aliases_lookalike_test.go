package api_test

import (
	"encoding/json"
	"net/http"
	"strings"
	"testing"

	"passwordless/api/apitest"
)

// lookAlikes are issue 24 item 11's aliases: each renders like
// "admin@example.com" in a console or a log and was stored as an alias of
// its own.
var lookAlikes = []struct{ name, alias, says string }{
	{"Cyrillic а", "\u0430dmin@example.com", "mix scripts"},
	{"zero-width space", "ad\u200bmin@example.com", "invisible"},
	{"bidi override", "\u202emoc.elpmaxe@nimda", "invisible"},
	{"Greek ο", "admin@ex\u03bfmple.com", "mix scripts"},
}

// TestAlias_LookAlikesAreRefused: POST /alias and /register/token refuse
// every look-alike with 400 validation_failed naming aliases and saying why;
// nothing is stored.
func TestAlias_LookAlikesAreRefused(t *testing.T) {
	h := apitest.New(t, apitest.Options{})
	b := newBrowser(t, h, "lookalike")
	for _, tt := range lookAlikes {
		for _, call := range []struct {
			path string
			body map[string]any
		}{
			{"/alias", map[string]any{"userId": "mallory", "aliases": []string{"mallory@example.com", tt.alias}, "hashing": false}},
			{"/register/token", map[string]any{"userId": "mallory", "username": "mallory", "aliases": []string{tt.alias}}},
		} {
			t.Run(tt.name+" at "+call.path, func(t *testing.T) {
				p := wantProblem(t, h.Do(t, http.MethodPost, call.path, b.app.Secret(), call.body), 400, "validation_failed")
				errs, _ := p["errors"].(map[string]any)
				msgs, _ := errs["aliases"].([]any)
				if len(msgs) == 0 || !strings.Contains(msgs[0].(string), tt.says) {
					t.Errorf("errors = %v, want aliases saying %q", p["errors"], tt.says)
				}
			})
		}
	}
	if list := aliasesOf(t, b, "mallory"); len(list) != 0 {
		t.Errorf("a refused alias set was stored: %v", list)
	}
}

// TestAlias_NormalizedFormIsTheAlias: a fullwidth spelling is the ASCII
// alias (NFKC): it is stored normalized, conflicts with the ASCII alias of
// another user, and signs in the owner of the ASCII alias. Case is kept.
// Another application sees none of it.
func TestAlias_NormalizedFormIsTheAlias(t *testing.T) {
	h := apitest.New(t, apitest.Options{})
	b := newBrowser(t, h, "nfkcapp")
	other := newBrowser(t, h, "nfkcother")
	_, cred := b.register(t, "alice", map[string]any{"aliases": []string{"ａｄｍｉｎ@example.com"}, "aliasHashing": false})
	if list := aliasesOf(t, b, "alice"); len(list) != 1 || list[0]["plaintext"] != "admin@example.com" {
		t.Fatalf("aliases = %v, want admin@example.com stored normalized", list)
	}
	r := setAliases(t, b, map[string]any{"userId": "mallory", "aliases": []string{"admin@example.com"}})
	wantProblem(t, r, 409, "alias_conflict")
	tok := h.Do(t, http.MethodPost, "/register/token", b.app.Secret(),
		map[string]any{"userId": "mallory", "username": "m", "aliases": []string{"ａｄｍｉｎ@example.com"}})
	wantProblem(t, tok, 409, "alias_conflict")
	if r := setAliases(t, b, map[string]any{"userId": "mallory", "aliases": []string{"Admin@example.com"}}); r.Status != 204 {
		t.Errorf("an alias differing in case: %d %s, want 204 (aliases are case-sensitive)", r.Status, r.Body)
	}
	for _, spelling := range []string{"admin@example.com", "ａｄｍｉｎ@example.com"} {
		if got := allowed(t, b.beginSignin(t, map[string]any{"alias": spelling})); len(got) != 1 || got[0] != cred.IDString() {
			t.Errorf("sign-in by %q offers %v, want alice's passkey %s", spelling, got, cred.IDString())
		}
	}
	if r := setAliases(t, other, map[string]any{"userId": "bob", "aliases": []string{"ａｄｍｉｎ@example.com"}}); r.Status != 204 {
		t.Errorf("the alias in another application: %d %s", r.Status, r.Body)
	}
	if got := allowed(t, other.beginSignin(t, map[string]any{"alias": "admin@example.com"})); len(got) == 1 && got[0] == cred.IDString() {
		t.Error("another application's sign-in offered alice's passkey")
	}
}

// allowed is the credential ids a sign-in's options offer.
func allowed(t *testing.T, bg begun) []string {
	t.Helper()
	var o struct{ AllowCredentials []struct{ ID string } }
	if err := json.Unmarshal(bg.Data, &o); err != nil {
		t.Fatal(err)
	}
	var ids []string
	for _, c := range o.AllowCredentials {
		ids = append(ids, c.ID)
	}
	return ids
}
