package tenants

import (
	"context"

	"passwordless/internal/ticker"
)

// watch pings Redis every watchEvery until ctx ends and puts the cache in
// its short-TTL mode while Redis does not answer (see cache_fallback.go).
func (r *redisInvalidator) watch(ctx context.Context) {
	ticker.Every(ctx, watchEvery, func() {
		pctx, cancel := context.WithTimeout(ctx, watchEvery)
		err := r.rdb.Ping(pctx).Err()
		cancel()
		if ctx.Err() != nil {
			return
		}
		if down := err != nil; down != r.c.degraded.Load() {
			if down {
				r.log.Warn("cache invalidation channel down: cached applications and keys live 2 s", "err", err)
			} else {
				r.log.Info("cache invalidation channel back: cache dropped")
			}
			r.c.setDegraded(down)
		}
	})
}
