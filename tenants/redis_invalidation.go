package tenants

import (
	"context"
	"log/slog"
	"time"

	"github.com/redis/go-redis/v9"
)

// redisInvalidator publishes invalidations and applies those of every
// instance (its own included) as they arrive.
type redisInvalidator struct {
	c   *cache
	rdb redis.UniversalClient
	log *slog.Logger
}

func (r *redisInvalidator) invalidate(ctx context.Context, tenant string) {
	r.c.drop(tenant) // at once here; the other instances within milliseconds
	if err := r.rdb.Publish(ctx, invalidationChannel, tenant).Err(); err != nil {
		r.log.Warn("publish cache invalidation failed", "err", err)
	}
}

// listen applies invalidations until ctx ends. go-redis resubscribes after
// a broken connection; a message lost meanwhile is bounded by cacheTTL.
func (r *redisInvalidator) listen(ctx context.Context) {
	sub := r.rdb.Subscribe(ctx, invalidationChannel)
	defer sub.Close()
	ch := sub.Channel(redis.WithChannelHealthCheckInterval(5 * time.Second))
	for {
		select {
		case <-ctx.Done():
			return
		case msg, ok := <-ch:
			if !ok {
				return
			}
			r.c.drop(msg.Payload)
		}
	}
}
