package main

import (
	"bytes"
	"context"
	"database/sql"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// upstreamSource writes a Passwordless.dev database with one application
// and one public key, on the schema of the importer's testdata.
func upstreamSource(t *testing.T) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "pdev.db")
	db, err := sql.Open("sqlite", path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	ddl, err := os.ReadFile("../../importer/testdata/passwordless-dev-sqlite.sql")
	if err != nil {
		t.Fatal(err)
	}
	for _, q := range []string{string(ddl),
		`INSERT INTO AccountInfo VALUES ('cliapp', 'cliapp', '[]', '2024-01-01 00:00:00', NULL)`,
		`INSERT INTO ApiKeys VALUES ('cliapp', '9795', 'cliapp:public:2e728aa5986f4ba8b073a5b28a939795', 'register,login', 0, NULL, NULL, '2024-01-01 00:00:00')`,
	} {
		if _, err := db.Exec(q); err != nil {
			t.Fatal(err)
		}
	}
	return path
}

// TestImportCommand: a dry run reports and writes nothing, the import
// creates, a second import skips everything.
func TestImportCommand(t *testing.T) {
	dir := t.TempDir()
	t.Setenv("DATABASE_URL", "sqlite://"+filepath.Join(dir, "db.sqlite"))
	t.Setenv("DATA_DIR", dir)
	t.Setenv("TOKEN_SECRET", "")
	from := "sqlite://" + upstreamSource(t)
	importRun := func(extra ...string) map[string]any {
		t.Helper()
		var out, errOut bytes.Buffer
		args := append([]string{"import", "passwordless-dev", "--from", from, "--json"}, extra...)
		if err := run(context.Background(), args, os.Getenv, &out, &errOut); err != nil {
			t.Fatalf("import %v: %v (%s)", extra, err, errOut.String())
		}
		var rep struct {
			Tables map[string]map[string]any
		}
		if err := json.Unmarshal(out.Bytes(), &rep); err != nil {
			t.Fatalf("report %s: %v", out.String(), err)
		}
		return rep.Tables["AccountInfo"]
	}
	for _, tt := range []struct {
		name  string
		extra []string
		want  map[string]any
	}{
		{"dry run", []string{"--dry-run"}, map[string]any{"source": 1.0, "created": 1.0, "skipped": 0.0}},
		{"import", nil, map[string]any{"source": 1.0, "created": 1.0, "skipped": 0.0}},
		{"again", nil, map[string]any{"source": 1.0, "created": 0.0, "skipped": 1.0}},
	} {
		if got := importRun(tt.extra...); got["created"] != tt.want["created"] || got["skipped"] != tt.want["skipped"] {
			t.Errorf("%s: AccountInfo = %v, want %v", tt.name, got, tt.want)
		}
	}
	var out, errOut bytes.Buffer
	err := run(context.Background(), []string{"import", "passwordless-dev", "--from", "postgres://db/x"}, os.Getenv, &out, &errOut)
	if err == nil || !strings.Contains(err.Error(), "SQLite") {
		t.Errorf("postgres source: %v", err)
	}
	if err := run(context.Background(), []string{"import", "passwordless-dev"}, os.Getenv, &out, &errOut); err == nil ||
		!strings.Contains(err.Error(), "--from is required") {
		t.Errorf("no --from: %v", err)
	}
	out.Reset()
	if err := run(context.Background(), []string{"import", "passwordless-dev", "--help"}, os.Getenv, &out, &errOut); err != nil ||
		!strings.Contains(out.String(), "Usage: passwordless import passwordless-dev") || !strings.Contains(out.String(), "-dry-run") {
		t.Errorf("import --help: %v %s", err, out.String())
	}
}
