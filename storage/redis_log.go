package storage

import (
	"context"
	"fmt"
	"log/slog"
	"strings"
	"sync"
	"sync/atomic"

	"github.com/redis/go-redis/v9"
)

// redisLog is where go-redis's own log lines go; nil drops them.
var (
	redisLog     atomic.Pointer[slog.Logger]
	redisLogOnce sync.Once
)

// SetRedisLog routes go-redis's own log lines (its pool prints each failed
// dial as a plain-text line on stderr) to log, at warn, as one structured
// line each; nil drops them, which serve does while it retries Redis at
// start and logs one line per attempt itself.
func SetRedisLog(log *slog.Logger) {
	redisLogOnce.Do(func() { redis.SetLogger(redisLogger{}) })
	redisLog.Store(log)
}

type redisLogger struct{}

func (redisLogger) Printf(ctx context.Context, format string, v ...any) {
	if log := redisLog.Load(); log != nil {
		log.WarnContext(ctx, "go-redis", "detail", strings.TrimPrefix(fmt.Sprintf(format, v...), "redis: "))
	}
}
