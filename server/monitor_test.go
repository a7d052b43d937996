package server

import (
	"context"
	"errors"
	"log/slog"
	"sync/atomic"
	"testing"
	"time"

	"passwordless/api"
)

// TestMonitor_OutageStartsAndEnds: a database whose ping hangs starts an
// outage (the context handed to requests is done, with the outage as
// cause); one that answers again ends it with a fresh context.
func TestMonitor_OutageStartsAndEnds(t *testing.T) {
	var hung atomic.Bool
	ping := func(ctx context.Context) error {
		if hung.Load() {
			<-make(chan struct{}) // a paused server: the driver never returns
		}
		return nil
	}
	m := newMonitor(ping, nil, slog.Default())
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	go m.run(ctx)
	waitFor := func(what string, cond func() bool) {
		t.Helper()
		for deadline := time.Now().Add(5 * time.Second); !cond(); time.Sleep(10 * time.Millisecond) {
			if time.Now().After(deadline) {
				t.Fatalf("never %s", what)
			}
		}
	}
	before := m.Outage()
	hung.Store(true)
	waitFor("detected the outage", func() bool { return before.Err() != nil })
	if !errors.Is(context.Cause(before), api.ErrDatabaseOutage) {
		t.Errorf("cause = %v", context.Cause(before))
	}
	hung.Store(false)
	waitFor("saw the recovery", func() bool { return m.Outage().Err() == nil })
}
