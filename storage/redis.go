package storage

import (
	"context"
	"fmt"
	"time"

	"github.com/redis/go-redis/v9"
)

// OpenRedis connects to the Redis named by rawURL (redis:// or rediss://),
// checks that it answers within five seconds and makes its failures
// translate like the database's.
func OpenRedis(ctx context.Context, rawURL string) (Redis, error) {
	opts, err := redis.ParseURL(rawURL)
	if err != nil {
		return nil, fmt.Errorf("REDIS_URL: %w", err)
	}
	rdb := redis.NewClient(opts)
	pingCtx, cancel := context.WithTimeout(ctx, 5*time.Second)
	defer cancel()
	if err := rdb.Ping(pingCtx).Err(); err != nil {
		_ = rdb.Close()
		return nil, fmt.Errorf("REDIS_URL: cannot reach Redis: %w", err)
	}
	return rdb, nil
}
