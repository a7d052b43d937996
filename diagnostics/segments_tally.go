package diagnostics

import (
	"sync"
	"time"
)

// tally aggregates counts per key in memory and hands them to a writer at
// most every `every`, so a burst costs one upsert per distinct key; counts
// survive a failed write. (counters is the same idea for the failure
// counters' key.)
type tally[K comparable] struct {
	mu        sync.Mutex
	pending   map[K]int64
	lastFlush time.Time
	every     time.Duration
	flushing  sync.Mutex
}

func newTally[K comparable](every time.Duration, now time.Time) *tally[K] {
	return &tally[K]{pending: map[K]int64{}, every: every, lastFlush: now}
}

// add counts one event and reports whether a flush is due; of concurrent
// callers, one only is told so.
func (t *tally[K]) add(k K, now time.Time) bool {
	return t.addN(k, 1, now)
}

// addN adds n (which may be negative: a count moved to another key) to
// k's count and reports whether a flush is due.
func (t *tally[K]) addN(k K, n int64, now time.Time) bool {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.pending[k] += n
	if now.Sub(t.lastFlush) < t.every {
		return false
	}
	t.lastFlush = now
	return true
}

// flush hands the pending counts to write; on failure they are merged
// back.
func (t *tally[K]) flush(now time.Time, write func(map[K]int64) error) error {
	t.flushing.Lock() // one flush at a time: the next one finds little to do
	defer t.flushing.Unlock()
	t.mu.Lock()
	batch := t.pending
	t.pending = map[K]int64{}
	t.lastFlush = now
	t.mu.Unlock()
	if len(batch) == 0 {
		return nil
	}
	if err := write(batch); err != nil {
		t.mu.Lock()
		for k, n := range batch {
			t.pending[k] += n
		}
		t.mu.Unlock()
		return err
	}
	return nil
}
