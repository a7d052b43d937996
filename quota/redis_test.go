package quota

import (
	"testing"

	"passwordless/storage/storagetest"
)

// redisBackend returns a Redis backend under a key prefix private to the
// test. Skips without TEST_REDIS_URL.
func redisBackend(t *testing.T) Backend {
	t.Helper()
	client, prefix := storagetest.Redis(t)
	if err := client.Ping(t.Context()).Err(); err != nil {
		t.Fatalf("redis ping: %v", err)
	}
	return NewRedis(client, prefix)
}
