package quota

import (
	"context"
	"fmt"
	"strconv"
	"time"

	"github.com/google/uuid"
	"github.com/redis/go-redis/v9"
)

// Redis is the Backend shared by every instance. Each operation is one Lua
// script on one key, so it is atomic and works on Redis Cluster (a script
// touches a single slot).
type Redis struct {
	client redis.UniversalClient
	prefix string
}

// NewRedis returns a Backend over client. Every key it writes starts with
// prefix, so tests and deployments can share a server.
func NewRedis(client redis.UniversalClient, prefix string) *Redis {
	return &Redis{client: client, prefix: prefix}
}

var _ Backend = (*Redis)(nil)

// reserveScript is the sliding-window log: a sorted set of entry ids scored
// by time in milliseconds. Entries at or before now-window are dropped
// first; the set expires (in server time) one window after its last write.
var reserveScript = redis.NewScript(`
local now, window, limit = tonumber(ARGV[1]), tonumber(ARGV[2]), tonumber(ARGV[3])
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now - window)
local used = redis.call('ZCARD', KEYS[1])
if used < limit then
  redis.call('ZADD', KEYS[1], now, ARGV[4])
  redis.call('PEXPIRE', KEYS[1], window)
  return {1, used + 1, 0}
end
local oldest = redis.call('ZRANGE', KEYS[1], 0, 0, 'WITHSCORES')
return {0, used, tonumber(oldest[2] or 0)}
`)

// hitScript counts in a fixed window whose key names the window, so no
// reset is needed: a new window is a new key and the old one expires.
var hitScript = redis.NewScript(`
local n = redis.call('INCR', KEYS[1])
if n == 1 then redis.call('PEXPIRE', KEYS[1], ARGV[1]) end
return n
`)

// Reserve implements Backend.
func (r *Redis) Reserve(ctx context.Context, key string, limit int64, window time.Duration, now time.Time) (Slot, error) {
	id := uuid.NewString()
	res, err := reserveScript.Run(ctx, r.client, []string{r.prefix + key},
		now.UnixMilli(), window.Milliseconds(), limit, id).Int64Slice()
	if err != nil {
		return Slot{}, fmt.Errorf("reserve: %w", err)
	}
	if len(res) != 3 {
		return Slot{}, fmt.Errorf("reserve: unexpected reply of %d values", len(res))
	}
	if res[0] == 1 {
		return Slot{Key: key, ID: id, Granted: true, Used: res[1]}, nil
	}
	s := Slot{Key: key, Used: res[1]}
	if s.Used > 0 {
		s.RetryAt = time.UnixMilli(res[2]).Add(window)
	}
	return s, nil
}

// Commit implements Backend. XX: an entry that was released stays gone.
func (r *Redis) Commit(ctx context.Context, s Slot, at time.Time) error {
	z := redis.Z{Score: float64(at.UnixMilli()), Member: s.ID}
	if err := r.client.ZAddXX(ctx, r.prefix+s.Key, z).Err(); err != nil {
		return fmt.Errorf("commit: %w", err)
	}
	return nil
}

// Release implements Backend.
func (r *Redis) Release(ctx context.Context, s Slot) error {
	if err := r.client.ZRem(ctx, r.prefix+s.Key, s.ID).Err(); err != nil {
		return fmt.Errorf("release: %w", err)
	}
	return nil
}

// Hit implements Backend.
func (r *Redis) Hit(ctx context.Context, key string, limit int64, period time.Duration, now time.Time) (Window, error) {
	start := windowStart(now, period)
	k := r.prefix + key + ":" + strconv.FormatInt(start.UnixMilli(), 10)
	n, err := hitScript.Run(ctx, r.client, []string{k}, period.Milliseconds()).Int64()
	if err != nil {
		return Window{}, fmt.Errorf("hit: %w", err)
	}
	return Window{Limit: limit, Count: n, Reset: start.Add(period)}, nil
}
