package quota

import (
	"sync"
	"testing"
	"time"

	"gorm.io/gorm"

	"passwordless/storage/storagetest"
)

// clock is a test clock that only moves when told.
type clock struct {
	mu  sync.Mutex
	now time.Time
}

func newClock() *clock {
	return &clock{now: time.Date(2025, 3, 1, 12, 0, 0, 0, time.UTC)}
}

func (c *clock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

func (c *clock) Advance(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.now = c.now.Add(d)
}

// eachBackend runs fn on the in-process backend, on the database backend
// (SQLite, and PostgreSQL when TEST_DATABASE_URL is set) and, when
// TEST_REDIS_URL is set, on Redis: the contract every implementation must
// keep.
func eachBackend(t *testing.T, fn func(t *testing.T, b Backend)) {
	t.Helper()
	t.Run("memory", func(t *testing.T) { fn(t, NewMemory()) })
	t.Run("database", func(t *testing.T) {
		storagetest.Each(t, func(t *testing.T, db *gorm.DB) { fn(t, NewDatabase(db)) })
	})
	t.Run("redis", func(t *testing.T) { fn(t, redisBackend(t)) })
}
