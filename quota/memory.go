package quota

import (
	"context"
	"sync"
	"time"

	"github.com/google/uuid"
)

// Memory is the in-process Backend: correct for a single instance, lost on
// restart. Use Redis when more than one instance serves the same tenants.
type Memory struct {
	mu        sync.Mutex
	logs      map[string]map[string]time.Time // key → entry id → time
	windows   map[string]memWindow
	nextSweep time.Time
}

type memWindow struct {
	start time.Time
	end   time.Time
	count int64
}

// sweepEvery bounds how often Hit scans for ended windows, so that client
// addresses seen once do not accumulate.
const sweepEvery = time.Minute

// NewMemory returns an empty in-process Backend.
func NewMemory() *Memory {
	return &Memory{logs: map[string]map[string]time.Time{}, windows: map[string]memWindow{}}
}

var _ Backend = (*Memory)(nil)

// Reserve implements Backend.
func (m *Memory) Reserve(_ context.Context, key string, limit int64, window time.Duration, now time.Time) (Slot, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	log := m.logs[key]
	cutoff := now.Add(-window)
	var oldest time.Time
	for id, at := range log {
		if !at.After(cutoff) {
			delete(log, id)
			continue
		}
		if oldest.IsZero() || at.Before(oldest) {
			oldest = at
		}
	}
	used := int64(len(log))
	if used >= limit {
		s := Slot{Key: key, Used: used}
		if used > 0 {
			s.RetryAt = oldest.Add(window)
		}
		return s, nil
	}
	if log == nil {
		log = map[string]time.Time{}
		m.logs[key] = log
	}
	id := uuid.NewString()
	log[id] = now
	return Slot{Key: key, ID: id, Granted: true, Used: used + 1}, nil
}

// Commit implements Backend.
func (m *Memory) Commit(_ context.Context, s Slot, at time.Time) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	if log := m.logs[s.Key]; log != nil {
		if _, ok := log[s.ID]; ok {
			log[s.ID] = at
		}
	}
	return nil
}

// Release implements Backend.
func (m *Memory) Release(_ context.Context, s Slot) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	if log := m.logs[s.Key]; log != nil {
		delete(log, s.ID)
		if len(log) == 0 {
			delete(m.logs, s.Key)
		}
	}
	return nil
}

// Hit implements Backend.
func (m *Memory) Hit(_ context.Context, key string, limit int64, period time.Duration, now time.Time) (Window, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.sweep(now)
	start := windowStart(now, period)
	w := m.windows[key]
	if !w.start.Equal(start) {
		w = memWindow{start: start, end: start.Add(period)}
	}
	w.count++
	m.windows[key] = w
	return Window{Limit: limit, Count: w.count, Reset: w.end}, nil
}

func (m *Memory) sweep(now time.Time) {
	if now.Before(m.nextSweep) {
		return
	}
	m.nextSweep = now.Add(sweepEvery)
	for k, w := range m.windows {
		if !now.Before(w.end) {
			delete(m.windows, k)
		}
	}
}
