package migrations_test

import (
	"context"
	"io/fs"
	"reflect"
	"testing"

	"passwordless/migrations"
	"passwordless/storage/storagetest"
)

// TestDialectsHaveTheSameVersions: both directories hold the same files,
// so a version means the same schema on either database.
func TestDialectsHaveTheSameVersions(t *testing.T) {
	names := func(d migrations.Dialect) []string {
		dir, err := migrations.FS(d)
		if err != nil {
			t.Fatal(err)
		}
		files, err := fs.Glob(dir, "*.sql")
		if err != nil {
			t.Fatal(err)
		}
		return files
	}
	pg, lite := names(migrations.Postgres), names(migrations.SQLite)
	if len(pg) == 0 || !reflect.DeepEqual(pg, lite) {
		t.Errorf("postgres %v, sqlite %v", pg, lite)
	}
}

// TestUpDownUp applies, rolls back and re-applies every migration on
// SQLite and, with TEST_DATABASE_URL, on PostgreSQL.
func TestUpDownUp(t *testing.T) {
	for _, tc := range []struct {
		name    string
		url     func(t *testing.T) string
		dialect migrations.Dialect
	}{
		{"sqlite", func(t *testing.T) string { return storagetest.SQLiteURL(t) }, migrations.SQLite},
		{"postgres", func(t *testing.T) string { return storagetest.PostgresURL(t) }, migrations.Postgres},
	} {
		t.Run(tc.name, func(t *testing.T) {
			db := storagetest.MustOpen(t, tc.url(t)) // Up
			sqlDB, err := db.Gorm.DB()
			if err != nil {
				t.Fatal(err)
			}
			ctx := context.Background()
			if err := migrations.Reset(ctx, sqlDB, tc.dialect); err != nil {
				t.Fatalf("down: %v", err)
			}
			if db.Gorm.Migrator().HasTable("api_keys") {
				t.Errorf("api_keys survives a full rollback")
			}
			if err := migrations.Up(ctx, sqlDB, tc.dialect); err != nil {
				t.Fatalf("up again: %v", err)
			}
			if !db.Gorm.Migrator().HasTable("api_keys") {
				t.Errorf("api_keys missing after up")
			}
		})
	}
}
