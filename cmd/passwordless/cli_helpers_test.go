package main

import (
	"bytes"
	"context"
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
