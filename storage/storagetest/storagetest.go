// Package storagetest gives tests real, migrated databases: a SQLite file in
// a temporary directory always, and a fresh PostgreSQL schema when
// TEST_DATABASE_URL is set; and a Redis client with a private key prefix
// when TEST_REDIS_URL is set (one node, or a Redis Cluster when the URL is
// go-redis's cluster form redis://h1:p1?addr=h2:p2, see storage.ParseRedis).
package storagetest

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"testing"

	"gorm.io/gorm"

	"passwordless/storage"
)

// Each runs fn once on SQLite and once more on PostgreSQL when
// TEST_DATABASE_URL is set, each time on a fresh migrated database.
func Each(t *testing.T, fn func(t *testing.T, db *gorm.DB)) {
	t.Helper()
	t.Run("sqlite", func(t *testing.T) { fn(t, SQLite(t).Gorm) })
	if os.Getenv("TEST_DATABASE_URL") != "" {
		t.Run("postgres", func(t *testing.T) { fn(t, Postgres(t).Gorm) })
	}
}

// SQLite opens a fresh migrated SQLite database in t.TempDir().
func SQLite(t testing.TB) *storage.DB {
	t.Helper()
	return MustOpen(t, SQLiteURL(t))
}

// SQLiteURL names a fresh SQLite file in t.TempDir().
func SQLiteURL(t testing.TB) string {
	return "sqlite://" + filepath.Join(t.TempDir(), "test.db")
}

// Postgres opens a fresh migrated schema in the TEST_DATABASE_URL database,
// dropped when the test ends. It skips the test when the variable is unset.
func Postgres(t testing.TB) *storage.DB {
	t.Helper()
	u := PostgresURL(t)
	return MustOpen(t, u)
}

// PostgresURL creates a fresh schema and returns a URL whose search_path
// points at it; the schema is dropped when the test ends.
func PostgresURL(t testing.TB) string {
	t.Helper()
	base := os.Getenv("TEST_DATABASE_URL")
	if base == "" {
		t.Skip("TEST_DATABASE_URL not set")
	}
	schema := "t_" + randomHex(8)
	admin, err := storage.Connect(base, nil)
	if err != nil {
		t.Fatalf("connect TEST_DATABASE_URL: %v", err)
	}
	if err := admin.Gorm.Exec("CREATE SCHEMA " + schema).Error; err != nil {
		t.Fatalf("create schema: %v", err)
	}
	t.Cleanup(func() {
		admin.Gorm.Exec("DROP SCHEMA " + schema + " CASCADE")
		_ = admin.Close()
	})
	u, err := url.Parse(base)
	if err != nil {
		t.Fatalf("TEST_DATABASE_URL: %v", err)
	}
	q := u.Query()
	q.Set("search_path", schema)
	u.RawQuery = q.Encode()
	return u.String()
}

// MustOpen opens and migrates the database at url, closed when the test ends.
func MustOpen(t testing.TB, url string) *storage.DB {
	t.Helper()
	db, err := storage.Open(context.Background(), url, nil)
	if err != nil {
		t.Fatalf("open %s: %v", url, err)
	}
	t.Cleanup(func() { _ = db.Close() })
	return db
}

// Redis returns a client for TEST_REDIS_URL and a key prefix private to this
// test; keys under the prefix are deleted (on every node of a cluster) when
// the test ends. It skips the test when the variable is unset. The prefix
// carries no hash tag, so on a cluster a test's keys spread over the slots
// as production keys do, and a command spanning two slots fails.
func Redis(t testing.TB) (storage.Redis, string) {
	t.Helper()
	raw := os.Getenv("TEST_REDIS_URL")
	if raw == "" {
		t.Skip("TEST_REDIS_URL not set")
	}
	client, err := storage.OpenRedis(context.Background(), raw, os.Getenv("TEST_REDIS_SENTINEL_MASTER"))
	if err != nil {
		t.Fatalf("TEST_REDIS_URL: %v", err)
	}
	prefix := fmt.Sprintf("test:%s:", randomHex(8))
	t.Cleanup(func() {
		ctx := context.Background()
		_ = storage.ForEachRedisNode(ctx, client, func(ctx context.Context, node storage.Redis) error {
			iter := node.Scan(ctx, 0, prefix+"*", 1000).Iterator()
			for iter.Next(ctx) {
				node.Del(ctx, iter.Val())
			}
			return iter.Err()
		})
		_ = client.Close()
	})
	return client, prefix
}

func randomHex(n int) string {
	b := make([]byte, n)
	_, _ = rand.Read(b)
	return hex.EncodeToString(b)
}
