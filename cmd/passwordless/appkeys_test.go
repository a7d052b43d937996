package main

import (
	"encoding/json"
	"strings"
	"testing"
)

// TestAppsKeys: list, create, lock and unlock an application's keys from
// the command line on SQLite; another application's key cannot be locked
// through this one, and secrets are never listed.
func TestAppsKeys(t *testing.T) {
	_, cmd := sqliteCLI(t)
	created := map[string]map[string]string{}
	for _, app := range []string{"mine", "theirs"} {
		out, err := cmd("apps", "create", app)
		if err != nil {
			t.Fatalf("apps create %s: %v", app, err)
		}
		keys := map[string]string{}
		if err := json.Unmarshal([]byte(out), &keys); err != nil {
			t.Fatal(err)
		}
		created[app] = keys
	}
	list := func(app string) []keyView {
		t.Helper()
		out, err := cmd("apps", "keys", "list", app, "--json")
		if err != nil {
			t.Fatalf("keys list %s: %v", app, err)
		}
		var views []keyView
		if err := json.Unmarshal([]byte(out), &views); err != nil {
			t.Fatalf("%q: %v", out, err)
		}
		return views
	}
	if got := list("mine"); len(got) != 4 {
		t.Fatalf("mine has %d keys, want 4: %+v", len(got), got)
	}
	table, err := cmd("apps", "keys", "list", "mine")
	if err != nil || !strings.HasPrefix(table, "ID") || !strings.Contains(table, created["mine"]["apiKey1"]) ||
		strings.Contains(table, created["mine"]["apiSecret1"]) {
		t.Errorf("table = %q, %v; want the public keys and no secret", table, err)
	}

	secret, err := cmd("apps", "keys", "create", "mine", "--kind", "secret")
	if err != nil || !strings.HasPrefix(secret, "mine:secret:") {
		t.Fatalf("keys create = %q, %v", secret, err)
	}
	if got := list("mine"); len(got) != 5 {
		t.Errorf("after create mine has %d keys, want 5", len(got))
	}

	theirs := created["theirs"]["apiKey1"]
	theirID := theirs[len(theirs)-4:]
	if _, err := cmd("apps", "keys", "lock", "mine", theirID); err == nil || !strings.Contains(err.Error(), "api_key_not_found") {
		t.Errorf("locking another app's key through mine = %v, want api_key_not_found", err)
	}
	for _, v := range list("theirs") {
		if v.Locked {
			t.Errorf("theirs' key %s got locked", v.ID)
		}
	}

	mine := created["mine"]["apiKey1"]
	id := mine[len(mine)-4:]
	for _, step := range []struct {
		verb   string
		locked bool
	}{{"lock", true}, {"unlock", false}} {
		if _, err := cmd("apps", "keys", step.verb, "mine", id); err != nil {
			t.Fatalf("keys %s: %v", step.verb, err)
		}
		for _, v := range list("mine") {
			if v.ID == id && v.Locked != step.locked {
				t.Errorf("after %s key %s locked = %v", step.verb, id, v.Locked)
			}
		}
	}

	for _, bad := range []struct {
		args []string
		want string
	}{
		{[]string{"apps", "keys", "list", "nobody"}, "app_not_found"},
		{[]string{"apps", "keys", "create", "mine", "--kind", "both"}, "--kind must be public or secret"},
		{[]string{"apps", "keys", "lock", "mine"}, "accepts 2 arg"},
	} {
		if _, err := cmd(bad.args...); err == nil || !strings.Contains(err.Error(), bad.want) {
			t.Errorf("%v = %v, want an error with %q", bad.args, err, bad.want)
		}
	}
}
