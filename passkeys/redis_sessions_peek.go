package passkeys

import (
	"context"
	"errors"

	"github.com/redis/go-redis/v9"
)

// Peek implements SessionPeeker: a plain GET, which consumes nothing.
func (r *RedisSessions) Peek(ctx context.Context, key string) ([]byte, bool, error) {
	v, err := r.client.Get(ctx, r.prefix+key).Bytes()
	if errors.Is(err, redis.Nil) {
		return nil, false, nil
	}
	if err != nil {
		return nil, false, err
	}
	return v, true, nil
}
