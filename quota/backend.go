package quota

import (
	"context"
	"time"
)

// Backend stores the counters behind every quota. Each operation is atomic
// for its key, across goroutines and (for Redis) across instances: the
// check and the update happen in one step, which is what keeps twenty
// concurrent sends against a quota of five at exactly five.
//
// Times are passed in rather than read from a clock so that the rules, and
// the tests that move time, see one clock whatever the backend.
type Backend interface {
	// Reserve adds an entry to the sliding-window log named key when fewer
	// than limit entries are younger than window at now. A refused Slot
	// tells when the oldest entry leaves the window.
	Reserve(ctx context.Context, key string, limit int64, window time.Duration, now time.Time) (Slot, error)
	// Commit re-stamps a reserved entry with the time the thing it counts
	// actually happened, so that the window runs from the dispatch.
	Commit(ctx context.Context, s Slot, at time.Time) error
	// Release removes a reserved entry: what it stood for did not happen
	// and must not count.
	Release(ctx context.Context, s Slot) error
	// Hit counts one event in the fixed window of length period that
	// contains now, and reports the count so far.
	Hit(ctx context.Context, key string, limit int64, period time.Duration, now time.Time) (Window, error)
}

// Slot is the outcome of Backend.Reserve.
type Slot struct {
	Key     string
	ID      string // the log entry, set when Granted
	Granted bool
	// Used is the number of entries in the window, including this one
	// when granted.
	Used int64
	// RetryAt is when the oldest entry leaves the window; set when refused
	// with entries in the window (a limit of 0 refuses with none).
	RetryAt time.Time
}

// Window is the outcome of Backend.Hit.
type Window struct {
	Limit int64
	Count int64     // events in this window, including this one
	Reset time.Time // end of the window
}

// Allowed reports whether the event that produced w is within the limit.
func (w Window) Allowed() bool { return w.Count <= w.Limit }

// Remaining is how many more events the window admits.
func (w Window) Remaining() int64 { return max(w.Limit-w.Count, 0) }

// windowStart is the start of the fixed window of length period holding now.
// Windows are aligned to the Unix epoch so that every instance agrees.
func windowStart(now time.Time, period time.Duration) time.Time {
	return time.UnixMilli(now.UnixMilli() - now.UnixMilli()%period.Milliseconds())
}
