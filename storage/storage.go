// Package storage opens the database named by DATABASE_URL, brings its
// schema up to date and translates driver errors at this one boundary.
package storage

import (
	"context"
	"fmt"
	"log/slog"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/glebarez/sqlite"
	"gorm.io/driver/postgres"
	"gorm.io/gorm"
	"gorm.io/gorm/logger"

	"passwordless/migrations"
)

// DB is an open, migrated database.
type DB struct {
	Gorm    *gorm.DB
	Dialect migrations.Dialect
}

// Open connects to url (postgres://… or sqlite://PATH), applies pending
// migrations and returns the handle. A SQLite file's directory is created.
func Open(ctx context.Context, rawURL string, log *slog.Logger) (*DB, error) {
	db, err := Connect(rawURL, log)
	if err != nil {
		return nil, err
	}
	sqlDB, err := db.Gorm.DB()
	if err != nil {
		return nil, err
	}
	if err := migrations.Up(ctx, sqlDB, db.Dialect); err != nil {
		_ = sqlDB.Close()
		return nil, err
	}
	return db, nil
}

// Connect opens the database without migrating it.
func Connect(rawURL string, log *slog.Logger) (*DB, error) {
	dialect, dsn, err := ParseURL(rawURL)
	if err != nil {
		return nil, err
	}
	cfg := &gorm.Config{
		// Driver errors are classified by Translate (errors.go), which
		// keeps the constraint name gorm's own translation drops.
		TranslateError: false,
		// Silent while opening: gorm logs a failed open itself, as a
		// garbled line, and the caller reports the error anyway.
		Logger:  logger.Discard,
		NowFunc: func() time.Time { return time.Now().UTC() },
	}
	d, err := dialector(dialect, dsn)
	if err != nil {
		return nil, err
	}
	g, err := gorm.Open(d, cfg)
	if err != nil {
		return nil, fmt.Errorf("open %s database: %w", dialect, err)
	}
	g.Logger = newLogger(log)
	if err := g.Use(translator{}); err != nil {
		return nil, err
	}
	sqlDB, err := g.DB()
	if err != nil {
		return nil, err
	}
	if dialect == migrations.Postgres {
		sqlDB.SetMaxOpenConns(25)
		sqlDB.SetMaxIdleConns(25)
		sqlDB.SetConnMaxIdleTime(5 * time.Minute)
	}
	return &DB{Gorm: g, Dialect: dialect}, nil
}

// dialector is gorm's driver for dsn; a SQLite file's directory is created.
func dialector(dialect migrations.Dialect, dsn string) (gorm.Dialector, error) {
	if dialect == migrations.Postgres {
		return postgres.Open(dsn), nil
	}
	if dir := filepath.Dir(sqlitePath(dsn)); dir != "" {
		if err := os.MkdirAll(dir, 0o700); err != nil {
			return nil, fmt.Errorf("create database directory: %w", err)
		}
	}
	return sqlite.Open(dsn), nil
}

// PostgresConnectTimeout (seconds) bounds each PostgreSQL connection
// attempt unless DATABASE_URL sets connect_timeout.
const PostgresConnectTimeout = "2"

// ParseURL splits a DATABASE_URL into its dialect and driver DSN.
// SQLite files get busy_timeout first (so concurrent writers wait instead of
// failing), WAL (readers never block the writer), foreign keys, and
// immediate transactions (a transaction takes the write lock up front, so
// two read-then-write transactions cannot deadlock on upgrade).
func ParseURL(raw string) (migrations.Dialect, string, error) {
	switch {
	case strings.HasPrefix(raw, "postgres://"), strings.HasPrefix(raw, "postgresql://"):
		u, err := url.Parse(raw)
		if err != nil {
			return "", "", fmt.Errorf("DATABASE_URL is not a valid URL")
		}
		// A server that does not answer fails the connection attempt in
		// seconds instead of the TCP timeout; queries are bounded by the
		// request deadline.
		q := u.Query()
		if q.Get("connect_timeout") == "" {
			q.Set("connect_timeout", PostgresConnectTimeout)
			u.RawQuery = q.Encode()
		}
		return migrations.Postgres, u.String(), nil
	case strings.HasPrefix(raw, "sqlite://"):
		path := strings.TrimPrefix(raw, "sqlite://")
		if path == "" {
			return "", "", fmt.Errorf("DATABASE_URL sqlite:// needs a file path")
		}
		sep := "?"
		if strings.Contains(path, "?") {
			sep = "&"
		}
		return migrations.SQLite, path + sep + "_pragma=busy_timeout(10000)&_pragma=journal_mode(WAL)" +
			"&_pragma=foreign_keys(1)&_pragma=synchronous(NORMAL)&_txlock=immediate", nil
	default:
		return "", "", fmt.Errorf("DATABASE_URL must start with postgres:// or sqlite://")
	}
}

func sqlitePath(dsn string) string {
	if i := strings.IndexByte(dsn, '?'); i >= 0 {
		return dsn[:i]
	}
	return dsn
}

// Close closes the connection pool.
func (db *DB) Close() error {
	sqlDB, err := db.Gorm.DB()
	if err != nil {
		return err
	}
	return sqlDB.Close()
}

// Ping checks that the database answers, for /health/storage.
func (db *DB) Ping(ctx context.Context) error {
	sqlDB, err := db.Gorm.DB()
	if err != nil {
		return err
	}
	return sqlDB.PingContext(ctx)
}

// Scan, Row and FirstOrCreate log through gorm's recorder, which ignores
// ParameterizedQueries and would print the values; RecorderParamsFilter is
// gorm's hook to filter them there too. Set once, before any query runs.
func init() {
	logger.RecorderParamsFilter = func(_ context.Context, sql string, _ ...any) (string, []any) { return sql, nil }
}

// newLogger routes gorm's failed (other than not-found) and slow queries
// to slog at error and warn level, always with placeholders instead of the
// values (user ids, tenant names) they were run with.
func newLogger(log *slog.Logger) logger.Interface {
	if log == nil {
		return logger.Discard
	}
	return logger.NewSlogLogger(log, logger.Config{
		SlowThreshold:             500 * time.Millisecond,
		LogLevel:                  logger.Warn,
		IgnoreRecordNotFoundError: true,
		ParameterizedQueries:      true,
	})
}
