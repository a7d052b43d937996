package tenants

import (
	"context"
	"time"

	"passwordless/internal/ticker"
)

// When Redis (the invalidation channel) is down, a lock or feature change
// made on another instance cannot reach this one, so cached entries live
// only degradedTTL until the channel is back; then everything cached is
// dropped, since invalidations sent meanwhile were lost (issue 16 repro 9:
// a lock took 57.8 s to reach other instances).
const (
	degradedTTL = 2 * time.Second
	// negativeTTL is how long an unknown application is remembered, so a
	// flood of keys naming it does not reach the database each time.
	negativeTTL = 5 * time.Second
	// watchEvery is how often the channel's health is checked.
	watchEvery = 500 * time.Millisecond
	// sweepInterval is how often expired entries are removed.
	sweepInterval = time.Minute
)

// expired reports whether an entry that expires at expires is stale.
func (c *cache) expired(expires time.Time) bool {
	if c.degraded.Load() {
		expires = expires.Add(degradedTTL - cacheTTL)
	}
	return c.now().After(expires)
}

// putMissingApp remembers that application id does not exist.
func (c *cache) putMissingApp(id string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if len(c.apps) >= maxKeyEntries {
		return
	}
	c.apps[id] = cached[*App]{nil, id, c.now().Add(negativeTTL)}
}

// setDegraded records whether the invalidation channel is down.
func (c *cache) setDegraded(down bool) {
	if was := c.degraded.Swap(down); was && !down {
		c.clear()
	}
}

// clear forgets everything.
func (c *cache) clear() {
	c.mu.Lock()
	defer c.mu.Unlock()
	clear(c.apps)
	clear(c.keys)
}

// sweep removes expired entries, so keys and applications seen once (a
// flood of forged keys) do not stay in memory.
func (c *cache) sweep() {
	c.mu.Lock()
	defer c.mu.Unlock()
	for k, e := range c.apps {
		if c.expired(e.expires) {
			delete(c.apps, k)
		}
	}
	for k, e := range c.keys {
		if c.expired(e.expires) {
			delete(c.keys, k)
		}
	}
}

func (c *cache) sweepEvery(ctx context.Context, interval time.Duration) {
	ticker.Every(ctx, interval, c.sweep)
}
