package main

import (
	"bytes"
	"context"
	"encoding/json"
	"path/filepath"
	"strings"
	"testing"
)

// TestAppsFeaturesAndDelete: features set changes only the flags given and
// only that application; get shows it as a table or JSON; a bad value is
// refused with the service's message; delete removes a new application.
func TestAppsFeaturesAndDelete(t *testing.T) {
	cmd, get := twoAppsCLI(t)
	before := get("mine")
	if _, err := cmd("apps", "features", "set", "mine", "--magic-links=false", "--retention-days", "30"); err != nil {
		t.Fatalf("features set: %v", err)
	}
	after := get("mine")
	if after.MagicLinks || after.RetentionDays != 30 || after.SignInTokens != before.SignInTokens {
		t.Errorf("after set: %+v (before %+v); want magic links off, 30 days, sign-in tokens unchanged", after, before)
	}
	if theirs := get("theirs"); theirs.MagicLinks != before.MagicLinks || theirs.RetentionDays != before.RetentionDays {
		t.Errorf("theirs changed: %+v", theirs)
	}
	table, err := cmd("apps", "features", "get", "mine")
	if err != nil || !strings.Contains(table, "retention days") || !strings.Contains(table, "30") {
		t.Errorf("table = %q, %v", table, err)
	}
	if _, err := cmd("apps", "features", "set", "mine", "--retention-days", "400"); err == nil ||
		!strings.Contains(err.Error(), "must be between 0 and 90") {
		t.Errorf("retention 400 = %v, want the service's message", err)
	}

	listed := func() string {
		t.Helper()
		out, err := cmd("apps", "list", "--json")
		var apps []struct{ AppID string }
		if err != nil || json.Unmarshal([]byte(out), &apps) != nil {
			t.Fatalf("apps list = %q, %v", out, err)
		}
		var ids []string
		for _, a := range apps {
			ids = append(ids, a.AppID)
		}
		return strings.Join(ids, ",")
	}
	if got := listed(); got != "mine,theirs" {
		t.Errorf("apps list = %s, want mine,theirs", got)
	}
	if table, err := cmd("apps", "list"); err != nil || !strings.HasPrefix(table, "APP ID") || !strings.Contains(table, "theirs") {
		t.Errorf("apps list table = %q, %v", table, err)
	}

	out, err := cmd("apps", "delete", "theirs", "--json")
	var d map[string]any
	if err != nil || json.Unmarshal([]byte(out), &d) != nil || d["isDeleted"] != true {
		t.Fatalf("apps delete = %q, %v", out, err)
	}
	if _, err := cmd("apps", "features", "get", "theirs"); err == nil || !strings.Contains(err.Error(), "app_not_found") {
		t.Errorf("deleted app's features = %v, want app_not_found", err)
	}
	if _, err := cmd("apps", "features", "get", "mine"); err != nil {
		t.Errorf("mine after deleting theirs: %v", err)
	}
	if got := listed(); got != "mine" {
		t.Errorf("apps list after delete = %s, want mine", got)
	}
}

// TestAppsCreate_RejectedNameSaysWhy: a bad application id fails with the
// service's own rule, not only "validation failed".
func TestAppsCreate_RejectedNameSaysWhy(t *testing.T) {
	dir := t.TempDir()
	e := env(map[string]string{"DATABASE_URL": "sqlite://" + filepath.Join(dir, "db.sqlite"), "DATA_DIR": dir})
	for _, name := range []string{"Bad Name", "ab", "1abc"} {
		var out, errOut bytes.Buffer
		err := run(context.Background(), []string{"apps", "create", name}, e, &out, &errOut)
		if err == nil || !strings.Contains(err.Error(), "must be between 3 and 62 characters") || out.Len() > 0 {
			t.Errorf("apps create %q = %v, %q; want the rule it breaks", name, err, out.String())
		}
	}
}
