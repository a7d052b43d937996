package server

import (
	"context"
	"log/slog"
	"sync"
	"time"

	"passwordless/api"
	"passwordless/internal/ticker"
	"passwordless/metrics"
)

// Database outage detection: the database is pinged every monitorEvery;
// a ping that fails or takes longer than monitorTimeout starts an outage.
// Requests in flight are then cut (their queries are stuck on a server
// that does not answer) and new ones get api.OutageTimeout instead of
// REQUEST_TIMEOUT, so that during an outage every request answers 503
// within two seconds instead of waiting out its full deadline.
const (
	monitorEvery   = 500 * time.Millisecond
	monitorTimeout = 500 * time.Millisecond
)

// monitor tracks whether the database answers.
type monitor struct {
	ping    func(context.Context) error
	metrics *metrics.Metrics
	log     *slog.Logger

	mu     sync.Mutex
	outage context.Context // done while the database is not answering
	cancel context.CancelCauseFunc
}

func newMonitor(ping func(context.Context) error, m *metrics.Metrics, log *slog.Logger) *monitor {
	mon := &monitor{ping: ping, metrics: m, log: log}
	mon.outage, mon.cancel = context.WithCancelCause(context.Background())
	return mon
}

// Outage returns a context that is done while (and once) the database is
// found not answering; a fresh one is handed out after it recovers.
func (m *monitor) Outage() context.Context {
	m.mu.Lock()
	defer m.mu.Unlock()
	return m.outage
}

// run pings until ctx ends.
func (m *monitor) run(ctx context.Context) {
	ticker.Every(ctx, monitorEvery, func() {
		if err := m.pingWithin(ctx, monitorTimeout); ctx.Err() == nil {
			m.set(err)
		}
	})
}

// pingWithin pings and gives up waiting after timeout, whatever the
// driver does with the context (a new connection to a paused server can
// outlast it).
func (m *monitor) pingWithin(ctx context.Context, timeout time.Duration) error {
	pctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	errc := make(chan error, 1)
	go func() { errc <- m.ping(pctx) }()
	select {
	case err := <-errc:
		return err
	case <-pctx.Done():
		return pctx.Err()
	}
}

// set records the outcome of a ping.
func (m *monitor) set(err error) {
	m.metrics.DependencyUp("db", err == nil)
	m.mu.Lock()
	defer m.mu.Unlock()
	down := m.outage.Err() != nil
	switch {
	case err != nil && !down:
		m.log.Warn("database not answering: requests answer 503 until it recovers", "err", err)
		m.cancel(api.ErrDatabaseOutage)
	case err == nil && down:
		m.log.Info("database answering again")
		m.outage, m.cancel = context.WithCancelCause(context.Background())
	}
}
