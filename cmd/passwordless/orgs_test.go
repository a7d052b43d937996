package main

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// TestOrgsList: orgs list shows every organization with its own
// applications only, as a table or JSON.
func TestOrgsList(t *testing.T) {
	dir := t.TempDir()
	e := env(map[string]string{"DATABASE_URL": "sqlite://" + filepath.Join(dir, "db.sqlite"), "DATA_DIR": dir})
	var out, errOut bytes.Buffer
	if err := run(context.Background(), []string{"orgs", "list", "--json"}, e, &out, &errOut); err != nil ||
		strings.TrimSpace(out.String()) != "[]" {
		t.Fatalf("empty orgs list = %q, %v", out.String(), err)
	}
	for _, app := range []string{"alpha", "beta"} {
		if err := run(context.Background(), []string{"apps", "create", app}, e, io.Discard, io.Discard); err != nil {
			t.Fatal(err)
		}
	}
	cfg, _, err := LoadConfig(nil, e)
	if err != nil {
		t.Fatal(err)
	}
	srv, err := openServices(context.Background(), cfg, slog.New(slog.NewTextHandler(io.Discard, nil)))
	if err != nil {
		t.Fatal(err)
	}
	// The console creates organizations only through a passkey
	// ceremony; rows stand in for two finished setups.
	at := time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)
	for _, q := range []struct {
		sql  string
		args []any
	}{
		{"INSERT INTO console_orgs (id, name, created_at) VALUES (?, ?, ?)", []any{"o1", "First", at}},
		{"INSERT INTO console_orgs (id, name, created_at) VALUES (?, ?, ?)", []any{"o2", "Second", at.Add(time.Hour)}},
		{"INSERT INTO console_org_apps (org_id, app_id, created_at) VALUES (?, ?, ?)", []any{"o1", "alpha", at}},
		{"INSERT INTO console_org_apps (org_id, app_id, created_at) VALUES (?, ?, ?)", []any{"o2", "beta", at}},
	} {
		if err := srv.DB.Gorm.Exec(q.sql, q.args...).Error; err != nil {
			t.Fatal(err)
		}
	}
	srv.Close()

	out.Reset()
	if err := run(context.Background(), []string{"orgs", "list", "--json"}, e, &out, &errOut); err != nil {
		t.Fatal(err)
	}
	var orgs []orgView
	if err := json.Unmarshal(out.Bytes(), &orgs); err != nil {
		t.Fatalf("%q: %v", out.String(), err)
	}
	if len(orgs) != 2 || orgs[0].Name != "First" || strings.Join(orgs[0].Apps, ",") != "alpha" ||
		strings.Join(orgs[1].Apps, ",") != "beta" {
		t.Errorf("orgs = %+v, want First [alpha], Second [beta]", orgs)
	}
	out.Reset()
	if err := run(context.Background(), []string{"orgs", "list"}, e, &out, &errOut); err != nil ||
		!strings.HasPrefix(out.String(), "ID") || !strings.Contains(out.String(), "Second") {
		t.Errorf("table = %q, %v", out.String(), err)
	}
}
