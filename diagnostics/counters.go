package diagnostics

import (
	"context"
	"sync"
	"time"
)

// counterKey is one counter: app × day × ceremony × platform × errorCode.
type counterKey struct {
	tenant, day, ceremony, platform, code string
}

// The funnel's pseudo error codes, counted in the same table.
const (
	codeBegun     = "_begun"
	codeCompleted = "_completed"
	funnelAll     = "all" // the platform of funnel counts: the server cannot tell
)

// counters aggregates counts in memory and adds them to the database at
// most every flushEvery, so a burst of reports costs one upsert per
// distinct key, not one write per report. Counts survive a failed flush.
type counters struct {
	mu         sync.Mutex
	pending    map[counterKey]int64
	lastFlush  time.Time
	flushEvery time.Duration
	flushing   sync.Mutex
}

func newCounters(every time.Duration, now time.Time) *counters {
	return &counters{pending: map[counterKey]int64{}, flushEvery: every, lastFlush: now}
}

// add counts one event and reports whether a flush is due; of concurrent
// callers, one only is told so.
func (c *counters) add(k counterKey, now time.Time) bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.pending[k]++
	if now.Sub(c.lastFlush) < c.flushEvery {
		return false
	}
	c.lastFlush = now
	return true
}

// flush writes the pending counts; on failure they are merged back.
func (c *counters) flush(ctx context.Context, s *Store, now time.Time) error {
	c.flushing.Lock() // one flush at a time: the next one finds little to do
	defer c.flushing.Unlock()
	c.mu.Lock()
	batch := c.pending
	c.pending = map[counterKey]int64{}
	c.lastFlush = now
	c.mu.Unlock()
	if err := s.addCounts(ctx, batch); err != nil {
		c.mu.Lock()
		for k, n := range batch {
			c.pending[k] += n
		}
		c.mu.Unlock()
		return err
	}
	return nil
}
