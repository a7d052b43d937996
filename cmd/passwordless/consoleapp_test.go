package main

import (
	"encoding/json"
	"strings"
	"testing"
)

// TestCLI_ConsoleAppIsProtected: the admin commands refuse every change to
// the console's own application, as the management API does (the rule is
// the tenants service's), and still change another application.
func TestCLI_ConsoleAppIsProtected(t *testing.T) {
	_, cmd := sqliteCLI(t)
	if _, err := cmd("orgs", "create", "--name", "Acme", "--owner", "owner@acme.test"); err != nil {
		t.Fatal(err) // creates the console's application
	}
	if _, err := cmd("apps", "create", "other"); err != nil {
		t.Fatal(err)
	}
	out, err := cmd("apps", "list", "--json")
	var apps []struct {
		ID string `json:"appId"`
	}
	if err != nil || json.Unmarshal([]byte(out), &apps) != nil {
		t.Fatalf("apps list = %q, %v", out, err)
	}
	console := ""
	for _, a := range apps {
		if strings.HasPrefix(a.ID, "console") {
			console = a.ID
		}
	}
	if console == "" {
		t.Fatalf("no console application in %s", out)
	}
	out, err = cmd("apps", "keys", "list", console, "--json")
	var keys []struct {
		ID string `json:"id"`
	}
	if err != nil || json.Unmarshal([]byte(out), &keys) != nil || len(keys) == 0 {
		t.Fatalf("keys list = %q, %v", out, err)
	}
	for _, tc := range [][]string{
		{"apps", "delete", console},
		{"apps", "features", "set", console, "--magic-links=false"},
		{"apps", "keys", "unlock", console, keys[0].ID},
		{"apps", "keys", "create", console, "--kind", "public"},
	} {
		if _, err := cmd(tc...); err == nil || !strings.Contains(err.Error(), "console_app_protected") {
			t.Errorf("%s: err = %v, want console_app_protected", strings.Join(tc, " "), err)
		}
	}
	if _, err := cmd("apps", "features", "set", "other", "--magic-links=false"); err != nil {
		t.Errorf("another application: %v", err)
	}
}
