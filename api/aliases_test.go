package api_test

import (
	"crypto/sha256"
	"encoding/base64"
	"net/http"
	"sync"
	"testing"

	"passwordless/api/apitest"
)

func aliasesOf(t *testing.T, b *browser, userID string) []map[string]any {
	t.Helper()
	resp := b.h.Do(t, http.MethodGet, "/alias/list?userid="+userID, b.app.Secret(), nil)
	if resp.Status != 200 {
		t.Fatalf("alias/list: %d %s", resp.Status, resp.Body)
	}
	var out struct{ Values []map[string]any }
	resp.JSON(t, &out)
	return out.Values
}

func setAliases(t *testing.T, b *browser, body map[string]any) *apitest.Response {
	t.Helper()
	return b.h.Do(t, http.MethodPost, "/alias", b.app.Secret(), body)
}

func TestAlias_SetListReplace(t *testing.T) {
	h := apitest.New(t, apitest.Options{})
	b := newBrowser(t, h, "aliasapp")
	if r := setAliases(t, b, map[string]any{"userId": "u1", "aliases": []string{"a@x", "b@x", "a@x"}, "hashing": false}); r.Status != 204 {
		t.Fatalf("alias: %d %s", r.Status, r.Body)
	}
	list := aliasesOf(t, b, "u1")
	if len(list) != 2 {
		t.Fatalf("aliases = %v, want 2 (duplicates collapse)", list)
	}
	sum := sha256.Sum256([]byte("aliasappa@x"))
	found := false
	for _, a := range list {
		if a["alias"] == base64.StdEncoding.EncodeToString(sum[:]) {
			found = a["plaintext"] == "a@x" && a["tenant"] == "aliasapp" && a["userId"] == "u1"
		}
	}
	if !found {
		t.Errorf("alias a@x not listed with upstream's hash and its plaintext: %v", list)
	}
	// A hashed alias keeps no plaintext; the set is replaced.
	setAliases(t, b, map[string]any{"userId": "u1", "aliases": []string{"c@x"}})
	if list := aliasesOf(t, b, "u1"); len(list) != 1 || list[0]["plaintext"] != nil {
		t.Errorf("after replacing with a hashed alias: %v", list)
	}
	setAliases(t, b, map[string]any{"userId": "u1", "aliases": []string{}})
	if list := aliasesOf(t, b, "u1"); len(list) != 0 {
		t.Errorf("after clearing: %v", list)
	}
}

func TestAlias_Validation(t *testing.T) {
	h := apitest.New(t, apitest.Options{})
	b := newBrowser(t, h, "aliasval")
	for _, tt := range []struct {
		name string
		body map[string]any
	}{
		{"no userId", map[string]any{"aliases": []string{"a"}}},
		{"aliases null", map[string]any{"userId": "u", "aliases": nil}},
		{"eleven", map[string]any{"userId": "u", "aliases": []string{"1", "2", "3", "4", "5", "6", "7", "8", "9", "10", "11"}}},
		{"an empty alias", map[string]any{"userId": "u", "aliases": []string{""}}},
	} {
		t.Run(tt.name, func(t *testing.T) { wantProblem(t, setAliases(t, b, tt.body), 400, "validation_failed") })
	}
	t.Run("list with an empty userId", func(t *testing.T) {
		wantProblem(t, h.Do(t, http.MethodGet, "/alias/list?userId=", b.app.Secret(), nil), 400, "validation_failed")
	})
}

func TestAlias_Conflict(t *testing.T) {
	h := apitest.New(t, apitest.Options{})
	b := newBrowser(t, h, "aliasclash")
	other := newBrowser(t, h, "aliasother")
	setAliases(t, b, map[string]any{"userId": "u1", "aliases": []string{"shared@x"}})
	r := setAliases(t, b, map[string]any{"userId": "u2", "aliases": []string{"mine@x", "shared@x"}})
	if p := wantProblem(t, r, 409, "alias_conflict"); p["title"] != "Alias is already in use by another userid" {
		t.Errorf("title = %q", p["title"])
	}
	if list := aliasesOf(t, b, "u2"); len(list) != 0 {
		t.Errorf("a refused alias set was partly stored: %v", list)
	}
	if r := setAliases(t, other, map[string]any{"userId": "u2", "aliases": []string{"shared@x"}}); r.Status != 204 {
		t.Errorf("the alias in another application: %d %s", r.Status, r.Body)
	}
}

// TestAlias_ConcurrentClaims: two users claim one alias at the same moment;
// exactly one gets 204 and the other 409, on SQLite and on PostgreSQL.
func TestAlias_ConcurrentClaims(t *testing.T) {
	eachDatabase(t, func(t *testing.T, h *apitest.Harness) {
		b := newBrowser(t, h, "aliasrace")
		for round := range 5 {
			alias := "contested" + string(rune('a'+round)) + "@x"
			statuses := make([]int, 2)
			var wg sync.WaitGroup
			for i := range statuses {
				wg.Add(1)
				go func() {
					defer wg.Done()
					statuses[i] = setAliases(t, b, map[string]any{"userId": "racer" + string(rune('0'+i)), "aliases": []string{alias}}).Status
				}()
			}
			wg.Wait()
			if !(statuses[0] == 204 && statuses[1] == 409) && !(statuses[0] == 409 && statuses[1] == 204) {
				t.Errorf("round %d: statuses %v, want one 204 and one 409", round, statuses)
			}
		}
	})
}
