package passkeys

import (
	"context"
	"errors"
	"time"

	"github.com/redis/go-redis/v9"
)

// RedisSessions is the SessionStore shared by every instance. GETDEL makes
// consumption atomic across instances (Redis 6.2 or later).
type RedisSessions struct {
	client redis.UniversalClient
	prefix string
}

// NewRedisSessions returns a store writing keys under prefix.
func NewRedisSessions(client redis.UniversalClient, prefix string) *RedisSessions {
	return &RedisSessions{client: client, prefix: prefix}
}

// Put implements SessionStore.
func (r *RedisSessions) Put(ctx context.Context, key string, value []byte, ttl time.Duration) error {
	return r.client.Set(ctx, r.prefix+key, value, ttl).Err()
}

// Take implements SessionStore.
func (r *RedisSessions) Take(ctx context.Context, key string) ([]byte, bool, error) {
	v, err := r.client.GetDel(ctx, r.prefix+key).Bytes()
	if errors.Is(err, redis.Nil) {
		return nil, false, nil
	}
	if err != nil {
		return nil, false, err
	}
	return v, true, nil
}
