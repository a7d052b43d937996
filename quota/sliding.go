package quota

import (
	"context"
	"fmt"
	"strconv"
	"time"
)

// Sliding counts one event of key against every rate at once, each over a
// sliding window (the last Period, not a fixed window a burst at its edge
// could spend twice): for events that cost something each time, such as a
// sent e-mail. The event is counted in every window or in none: when one
// rate refuses it, the windows it was already counted in give it back, and
// the refusal's Reset says when that window admits one more.
func (l *RateLimiter) Sliding(ctx context.Context, key string, rates ...Rate) (Decision, error) {
	now := l.now()
	var granted []Slot
	out := Decision{Allowed: true, Unlimited: true}
	for _, r := range rates {
		if r.unlimited() {
			continue
		}
		slot, err := l.backend.Reserve(ctx, "sl:"+key+":"+strconv.FormatInt(r.Period.Milliseconds(), 10), r.Limit, r.Period, now)
		if err == nil && slot.Granted {
			granted = append(granted, slot)
			if out.Unlimited || r.Limit-slot.Used < out.Remaining {
				out = Decision{Allowed: true, Limit: r.Limit, Remaining: r.Limit - slot.Used, Reset: r.Period}
			}
			continue
		}
		for _, g := range granted {
			if rerr := l.backend.Release(ctx, g); rerr != nil && err == nil {
				err = rerr
			}
		}
		if err != nil {
			return Decision{}, fmt.Errorf("rate limit: %w", err)
		}
		return Decision{Limit: r.Limit, Reset: max(slot.RetryAt.Sub(now), time.Second)}, nil
	}
	return out, nil
}

// SlidingClient is Sliding for the client address ip, counted as every
// per-address limit counts it (an IPv6 client per network, see clientKey),
// under scope.
func (l *RateLimiter) SlidingClient(ctx context.Context, scope, ip string, rates ...Rate) (Decision, error) {
	return l.Sliding(ctx, scope+":"+l.client(ip), rates...)
}
