package importer

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"

	_ "github.com/glebarez/go-sqlite" // the "sqlite" database/sql driver
)

// Source is an open Passwordless.dev database, read-only.
type Source struct{ db *sql.DB }

// ErrUnsupportedSource is a database URL of a kind the importer cannot read.
var ErrUnsupportedSource = errors.New("importer: only a Passwordless.dev SQLite database (sqlite://PATH) can be read; " +
	"for SQL Server, copy its tables into SQLite first (see docs/import.md)")

// OpenSource opens the Passwordless.dev database at rawURL: sqlite://PATH
// or a file path. Upstream ships SQLite and SQL Server schemas only.
func OpenSource(ctx context.Context, rawURL string) (*Source, error) {
	path, ok := strings.CutPrefix(rawURL, "sqlite://")
	if !ok {
		path, ok = strings.CutPrefix(rawURL, "file:")
	}
	if !ok && (strings.Contains(rawURL, "://") || rawURL == "") {
		return nil, ErrUnsupportedSource
	}
	if !ok {
		path = rawURL
	}
	db, err := sql.Open("sqlite", "file:"+path+"?mode=ro")
	if err != nil {
		return nil, err
	}
	s := &Source{db: db}
	// A missing file opens as an empty database: ask for the table the
	// import needs first, so a wrong path fails with a clear message.
	var n int
	err = db.QueryRowContext(ctx, `SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name = 'AccountInfo'`).Scan(&n)
	if err == nil && n == 0 {
		err = errors.New("no AccountInfo table: not a Passwordless.dev API database")
	}
	if err != nil {
		_ = db.Close()
		return nil, fmt.Errorf("importer: open %s: %w", path, err)
	}
	return s, nil
}

// Close closes the source.
func (s *Source) Close() error { return s.db.Close() }

// hasTable reports whether the source has table name (older upstream
// versions lack the later ones).
func (s *Source) hasTable(ctx context.Context, name string) (bool, error) {
	var n int
	err := s.db.QueryRowContext(ctx, `SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name = ?`, name).Scan(&n)
	return n > 0, err
}

// count is the number of rows of table, 0 when the table is absent.
func (s *Source) count(ctx context.Context, table string) (int, error) {
	ok, err := s.hasTable(ctx, table)
	if err != nil || !ok {
		return 0, err
	}
	var n int
	err = s.db.QueryRowContext(ctx, `SELECT COUNT(*) FROM "`+table+`"`).Scan(&n)
	return n, err
}

// each runs query (against table, skipped when it is absent) and calls
// scan for every row.
func (s *Source) each(ctx context.Context, table, query string, args []any, scan func(*sql.Rows) error) error {
	ok, err := s.hasTable(ctx, table)
	if err != nil || !ok {
		return err
	}
	rows, err := s.db.QueryContext(ctx, query, args...)
	if err != nil {
		return fmt.Errorf("read %s: %w", table, err)
	}
	defer rows.Close()
	for rows.Next() {
		if err := scan(rows); err != nil {
			return fmt.Errorf("read %s: %w", table, err)
		}
	}
	return rows.Err()
}
