package main

import (
	"bytes"
	"context"
	"encoding/json"
	"path/filepath"
	"strings"
	"testing"

	"passwordless/migrations"
)

// TestMigrateStatus: on a fresh SQLite file every migration is pending and
// status applies none; after migrate every one is applied.
func TestMigrateStatus(t *testing.T) {
	dir := t.TempDir()
	e := env(map[string]string{"DATABASE_URL": "sqlite://" + filepath.Join(dir, "db.sqlite"), "DATA_DIR": dir})
	status := func() []migrations.State {
		t.Helper()
		var out, errOut bytes.Buffer
		if err := run(context.Background(), []string{"migrate", "status", "--json"}, e, &out, &errOut); err != nil {
			t.Fatalf("migrate status: %v", err)
		}
		var states []migrations.State
		if err := json.Unmarshal(out.Bytes(), &states); err != nil {
			t.Fatalf("%q: %v", out.String(), err)
		}
		return states
	}
	for _, wantApplied := range []bool{false, false, true} {
		if wantApplied {
			if err := run(context.Background(), []string{"migrate"}, e, &bytes.Buffer{}, &bytes.Buffer{}); err != nil {
				t.Fatal(err)
			}
		}
		states := status()
		if len(states) == 0 {
			t.Fatalf("%d migrations listed, want them all", len(states))
		}
		for _, s := range states {
			if s.Applied != wantApplied {
				t.Errorf("%s applied = %v, want %v", s.Name, s.Applied, wantApplied)
			}
		}
	}
	var out bytes.Buffer
	if err := run(context.Background(), []string{"migrate", "status"}, e, &out, &bytes.Buffer{}); err != nil ||
		!strings.HasPrefix(out.String(), "VERSION") || !strings.Contains(out.String(), "applied") {
		t.Errorf("table = %q, %v", out.String(), err)
	}
}
