package quota

import (
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

func TestBackend_Reserve(t *testing.T) {
	eachBackend(t, func(t *testing.T, b Backend) {
		ctx := t.Context()
		t0 := newClock().Now()
		const window = time.Hour

		t.Run("grants up to the limit then refuses until the oldest leaves", func(t *testing.T) {
			for i := range 3 {
				s, err := b.Reserve(ctx, "grants", 3, window, t0.Add(time.Duration(i)*time.Minute))
				if err != nil || !s.Granted || s.Used != int64(i+1) {
					t.Fatalf("Reserve #%d = %+v, %v; want granted, used %d", i+1, s, err, i+1)
				}
			}
			s, err := b.Reserve(ctx, "grants", 3, window, t0.Add(10*time.Minute))
			if err != nil || s.Granted || s.Used != 3 {
				t.Fatalf("Reserve over limit = %+v, %v; want refused with 3 used", s, err)
			}
			if !s.RetryAt.Equal(t0.Add(window)) {
				t.Errorf("RetryAt = %v, want %v (oldest entry + window)", s.RetryAt, t0.Add(window))
			}
			if s, _ := b.Reserve(ctx, "grants", 3, window, t0.Add(window-time.Millisecond)); s.Granted {
				t.Errorf("Reserve 1ms before the oldest leaves was granted")
			}
			if s, _ := b.Reserve(ctx, "grants", 3, window, t0.Add(window)); !s.Granted {
				t.Errorf("Reserve when the oldest left the window was refused: %+v", s)
			}
		})

		t.Run("release gives the slot back", func(t *testing.T) {
			s1, _ := b.Reserve(ctx, "release", 1, window, t0)
			if s, _ := b.Reserve(ctx, "release", 1, window, t0); s.Granted {
				t.Fatal("second Reserve with limit 1 was granted")
			}
			if err := b.Release(ctx, s1); err != nil {
				t.Fatalf("Release: %v", err)
			}
			if s, _ := b.Reserve(ctx, "release", 1, window, t0); !s.Granted {
				t.Errorf("Reserve after Release was refused: %+v", s)
			}
		})

		t.Run("commit restamps the entry at the dispatch time", func(t *testing.T) {
			s1, _ := b.Reserve(ctx, "commit", 1, window, t0)
			if err := b.Commit(ctx, s1, t0.Add(30*time.Minute)); err != nil {
				t.Fatalf("Commit: %v", err)
			}
			if s, _ := b.Reserve(ctx, "commit", 1, window, t0.Add(window+time.Minute)); s.Granted {
				t.Errorf("entry counted from its reservation, not from its commit")
			}
			if s, _ := b.Reserve(ctx, "commit", 1, window, t0.Add(window+30*time.Minute)); !s.Granted {
				t.Errorf("committed entry still counted one window after its commit")
			}
		})

		t.Run("a limit of zero refuses with nothing to wait for", func(t *testing.T) {
			s, err := b.Reserve(ctx, "zero", 0, window, t0)
			if err != nil || s.Granted || !s.RetryAt.IsZero() {
				t.Errorf("Reserve(limit 0) = %+v, %v; want refused, zero RetryAt", s, err)
			}
		})

		t.Run("keys are independent", func(t *testing.T) {
			if s, err := b.Reserve(ctx, "email:app1", 1, window, t0); err != nil || !s.Granted {
				t.Fatalf("app1's only e-mail = %+v, %v; want granted", s, err)
			}
			if s, err := b.Reserve(ctx, "email:app2", 1, window, t0); err != nil || !s.Granted {
				t.Errorf("app2 after app1 used its quota = %+v, %v; want granted", s, err)
			}
		})
	})
}

func TestBackend_ReserveConcurrent(t *testing.T) {
	eachBackend(t, func(t *testing.T, b Backend) {
		now := newClock().Now()
		var granted atomic.Int64
		var wg sync.WaitGroup
		for range 20 {
			wg.Go(func() {
				s, err := b.Reserve(t.Context(), "concurrent", 5, time.Hour, now)
				if err != nil {
					t.Errorf("Reserve: %v", err)
				}
				if s.Granted {
					granted.Add(1)
				}
			})
		}
		wg.Wait()
		if got := granted.Load(); got != 5 {
			t.Errorf("20 concurrent reservations against 5: %d granted, want 5", got)
		}
	})
}

func TestBackend_Hit(t *testing.T) {
	eachBackend(t, func(t *testing.T, b Backend) {
		ctx := t.Context()
		start := windowStart(newClock().Now(), time.Minute)

		t.Run("counts within a window and starts over in the next", func(t *testing.T) {
			for i := int64(1); i <= 3; i++ {
				w, err := b.Hit(ctx, "hits", 2, time.Minute, start.Add(time.Duration(i)*time.Second))
				if err != nil {
					t.Fatalf("Hit: %v", err)
				}
				if w.Count != i || w.Allowed() != (i <= 2) || !w.Reset.Equal(start.Add(time.Minute)) {
					t.Errorf("Hit #%d = %+v (allowed %v); want count %d, allowed %v, reset at window end",
						i, w, w.Allowed(), i, i <= 2)
				}
			}
			w, _ := b.Hit(ctx, "hits", 2, time.Minute, start.Add(time.Minute))
			if w.Count != 1 || !w.Allowed() || w.Remaining() != 1 {
				t.Errorf("first Hit of the next window = %+v, want count 1, remaining 1", w)
			}
		})

		t.Run("keys are independent", func(t *testing.T) {
			if w, err := b.Hit(ctx, "a", 1, time.Minute, start); err != nil || w.Count != 1 {
				t.Fatalf("key a's first hit = %+v, %v", w, err)
			}
			if w, err := b.Hit(ctx, "b", 1, time.Minute, start); err != nil || w.Count != 1 {
				t.Errorf("key b counted key a's hits: %+v, %v", w, err)
			}
		})
	})
}
