package main

import (
	"bytes"
	"context"
	"encoding/json"
	"path/filepath"
	"testing"
)

// sqliteCLI gives a test a fresh SQLite database and data directory, the
// environment naming them, and a runner of the command line against them
// that returns what it printed on stdout.
func sqliteCLI(t *testing.T) (func(string) string, func(args ...string) (string, error)) {
	t.Helper()
	dir := t.TempDir()
	e := env(map[string]string{"DATABASE_URL": "sqlite://" + filepath.Join(dir, "db.sqlite"), "DATA_DIR": dir})
	return e, func(args ...string) (string, error) {
		var out, errOut bytes.Buffer
		err := run(context.Background(), args, e, &out, &errOut)
		return out.String(), err
	}
}

// twoAppsCLI is sqliteCLI's command runner over a database holding the
// applications "mine" and "theirs", with a reader of an application's
// features as `apps features get --json` prints them.
func twoAppsCLI(t *testing.T) (func(args ...string) (string, error), func(app string) featureView) {
	t.Helper()
	_, cmd := sqliteCLI(t)
	for _, app := range []string{"mine", "theirs"} {
		if _, err := cmd("apps", "create", app); err != nil {
			t.Fatalf("apps create %s: %v", app, err)
		}
	}
	get := func(app string) featureView {
		t.Helper()
		out, err := cmd("apps", "features", "get", app, "--json")
		var f featureView
		if err != nil || json.Unmarshal([]byte(out), &f) != nil {
			t.Fatalf("features get %s = %q, %v", app, out, err)
		}
		return f
	}
	return cmd, get
}
