package ticker_test

import (
	"context"
	"sync/atomic"
	"testing"
	"time"

	"passwordless/internal/ticker"
)

// TestEvery_RunsUntilTheContextEnds: fn runs repeatedly, never after
// Every has returned.
func TestEvery_RunsUntilTheContextEnds(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	var n atomic.Int64
	done := make(chan struct{})
	go func() {
		defer close(done)
		ticker.Every(ctx, time.Millisecond, func() {
			if n.Add(1) == 3 {
				cancel()
			}
		})
	}()
	select {
	case <-done:
	case <-time.After(5 * time.Second):
		t.Fatal("Every did not return after its context ended")
	}
	if got := n.Load(); got < 3 {
		t.Fatalf("fn ran %d times, want at least 3", got)
	}
	after := n.Load()
	time.Sleep(10 * time.Millisecond)
	if n.Load() != after {
		t.Error("fn ran after Every returned")
	}
}
