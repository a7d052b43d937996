// Package ticker runs the server's periodic work (jobs, cache sweeps,
// counter flushes, health pings) with one loop instead of a copy in each
// package.
package ticker

import (
	"context"
	"time"
)

// Every runs fn once per interval, the first time one interval from now,
// until ctx ends. A run that outlasts the interval delays the next one
// rather than stacking them.
func Every(ctx context.Context, interval time.Duration, fn func()) {
	t := time.NewTicker(interval)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
			fn()
		}
	}
}
