package quota

import (
	"testing"
	"time"

	"gorm.io/gorm"

	"passwordless/internal/clocktest"
	"passwordless/storage"
	"passwordless/storage/storagetest"
)

// clock is the shared settable test clock.
type clock = clocktest.Clock

func newClock() *clock { return clocktest.New(time.Date(2025, 3, 1, 12, 0, 0, 0, time.UTC)) }

// eachBackend runs fn on the in-process backend, on the database backend
// (SQLite, and PostgreSQL when TEST_DATABASE_URL is set) and, when
// TEST_REDIS_URL is set, on Redis: the contract every implementation must
// keep.
func eachBackend(t *testing.T, fn func(t *testing.T, b Backend)) {
	t.Helper()
	t.Run("memory", func(t *testing.T) { fn(t, NewMemory()) })
	t.Run("database", func(t *testing.T) {
		storagetest.Each(t, func(t *testing.T, db *gorm.DB) { fn(t, NewDatabase(&storage.DB{Gorm: db})) })
	})
	t.Run("redis", func(t *testing.T) { fn(t, redisBackend(t)) })
}
