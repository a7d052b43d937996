package storage

import (
	"time"

	"github.com/redis/go-redis/v9"
)

// Redis timeouts: Redis answers in well under a millisecond, so a second
// without an answer is an outage, not load. Callers that must not wait
// even that long (the rate limiter) pass a shorter context deadline, which
// ContextTimeoutEnabled makes the socket honour.
const (
	RedisDialTimeout  = time.Second
	RedisReadTimeout  = 500 * time.Millisecond
	RedisWriteTimeout = 500 * time.Millisecond
	RedisPoolTimeout  = time.Second
)

// WithRedisTimeouts sets the dial, read, write and pool timeouts on o
// where the URL did not set them, and makes context deadlines reach the
// socket.
func WithRedisTimeouts(o *redis.Options) *redis.Options {
	setRedisTimeouts(&o.DialTimeout, &o.ReadTimeout, &o.WriteTimeout, &o.PoolTimeout, &o.MaxRetries, &o.ContextTimeoutEnabled)
	return o
}

// setRedisTimeouts fills the timeout fields any go-redis options type has.
func setRedisTimeouts(dial, read, write, pool *time.Duration, retries *int, ctxTimeout *bool) {
	set := func(d *time.Duration, v time.Duration) {
		if *d == 0 {
			*d = v
		}
	}
	set(dial, RedisDialTimeout)
	set(read, RedisReadTimeout)
	set(write, RedisWriteTimeout)
	set(pool, RedisPoolTimeout)
	if *retries == 0 {
		*retries = 1 // one retry covers a connection broken by a restart
	}
	*ctxTimeout = true
}
