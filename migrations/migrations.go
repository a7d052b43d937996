// Package migrations holds the schema as goose SQL files, one directory per
// dialect with the same version numbers, embedded in the binary so that a
// fresh start or `passwordless migrate` needs nothing on disk.
package migrations

import (
	"context"
	"database/sql"
	"embed"
	"fmt"
	"io/fs"
	"path"
	"time"

	"github.com/pressly/goose/v3"
	"github.com/pressly/goose/v3/lock"
)

//go:embed postgres/*.sql sqlite/*.sql
var files embed.FS

// Dialect names a directory of migrations.
type Dialect string

// Supported dialects.
const (
	Postgres Dialect = "postgres"
	SQLite   Dialect = "sqlite"
)

// FS returns the migration files of d.
func FS(d Dialect) (fs.FS, error) { return fs.Sub(files, string(d)) }

// Up applies every pending migration. On PostgreSQL a session advisory lock
// serialises concurrent starts of several instances.
func Up(ctx context.Context, db *sql.DB, d Dialect) error {
	p, err := provider(db, d)
	if err != nil {
		return err
	}
	if _, err := p.Up(ctx); err != nil {
		return fmt.Errorf("migrate %s: %w", d, err)
	}
	return nil
}

// Reset rolls every migration back (tests use it to prove Down works).
func Reset(ctx context.Context, db *sql.DB, d Dialect) error {
	p, err := provider(db, d)
	if err != nil {
		return err
	}
	_, err = p.DownTo(ctx, 0)
	return err
}

func provider(db *sql.DB, d Dialect) (*goose.Provider, error) {
	dir, err := FS(d)
	if err != nil {
		return nil, err
	}
	var opts []goose.ProviderOption
	gd := goose.DialectSQLite3
	if d == Postgres {
		gd = goose.DialectPostgres
		// Retry the lock every second (goose's default is every 5 s), so
		// instances starting together wait about as long as the migration.
		locker, err := lock.NewPostgresSessionLocker(lock.WithLockTimeout(1, 300))
		if err != nil {
			return nil, err
		}
		opts = append(opts, goose.WithSessionLocker(locker))
	}
	return goose.NewProvider(gd, db, dir, opts...)
}

// State is one migration as `passwordless migrate status` shows it.
type State struct {
	Version   int64     `json:"version"`
	Name      string    `json:"name"`
	Applied   bool      `json:"applied"`
	AppliedAt time.Time `json:"appliedAt,omitzero"`
}

// Status lists every migration, oldest first, and whether db has it,
// without applying any.
func Status(ctx context.Context, db *sql.DB, d Dialect) ([]State, error) {
	p, err := provider(db, d)
	if err != nil {
		return nil, err
	}
	all, err := p.Status(ctx)
	if err != nil {
		return nil, fmt.Errorf("migration status %s: %w", d, err)
	}
	out := make([]State, 0, len(all))
	for _, m := range all {
		out = append(out, State{Version: m.Source.Version, Name: path.Base(m.Source.Path),
			Applied: m.State == goose.StateApplied, AppliedAt: m.AppliedAt})
	}
	return out, nil
}
