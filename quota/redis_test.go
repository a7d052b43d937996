package quota

import (
	"context"
	"os"
	"testing"

	"github.com/google/uuid"
	"github.com/redis/go-redis/v9"
)

// redisBackend returns a Redis backend under a key prefix unique to the
// test, and removes its keys afterwards. Skips without TEST_REDIS_URL.
func redisBackend(t *testing.T) Backend {
	t.Helper()
	url := os.Getenv("TEST_REDIS_URL")
	if url == "" {
		t.Skip("TEST_REDIS_URL not set")
	}
	opts, err := redis.ParseURL(url)
	if err != nil {
		t.Fatalf("TEST_REDIS_URL: %v", err)
	}
	client := redis.NewClient(opts)
	prefix := "test:" + uuid.NewString() + ":"
	t.Cleanup(func() {
		ctx := context.Background()
		iter := client.Scan(ctx, 0, prefix+"*", 100).Iterator()
		for iter.Next(ctx) {
			client.Del(ctx, iter.Val())
		}
		_ = client.Close()
	})
	if err := client.Ping(t.Context()).Err(); err != nil {
		t.Fatalf("redis ping: %v", err)
	}
	return NewRedis(client, prefix)
}
