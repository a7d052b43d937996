package events

import (
	"context"
	"fmt"
	"log/slog"
	"time"

	"passwordless/storage"
)

// Settings answers what the event log needs to know about an application:
// whether logging is on and how many days events are kept. exists is false
// for an application that is gone, whose events are all purged.
type Settings func(ctx context.Context, tenant string) (s AppSettings, exists bool, err error)

// AppSettings are an application's event-log settings.
type AppSettings struct {
	Enabled       bool
	RetentionDays int
}

// Log is the tenant event log: the Recorder every service writes to, the
// reader behind GET /events and the retention purge.
type Log struct {
	store    *Store
	settings Settings
	now      func() time.Time
	logger   *slog.Logger
	// exportPage is the export's page size; 0 is exportPageSize (tests
	// make it small).
	exportPage int
}

var _ Recorder = (*Log)(nil)

// NewLog returns the event log over store.
func NewLog(store *Store, settings Settings, clock func() time.Time, logger *slog.Logger) *Log {
	if logger == nil {
		logger = slog.Default()
	}
	if clock == nil {
		clock = time.Now
	}
	return &Log{store: store, settings: settings, now: clock, logger: logger}
}

// Record implements Recorder. It writes synchronously, so that an event is
// readable as soon as the request that caused it has answered. Outside a
// transaction it runs under a context that outlives the request: a client
// hanging up must not lose the record of what it did.
func (l *Log) Record(ctx context.Context, e Event) error {
	if !storage.InTransaction(ctx) {
		ctx = context.WithoutCancel(ctx)
	}
	on, err := l.enabled(ctx, e.Tenant)
	if err != nil || !on {
		return err
	}
	return l.store.Insert(ctx, l.complete(ctx, e))
}

// Apply implements Recorder.
func (l *Log) Apply(ctx context.Context, e Event, change func(ctx context.Context) error) error {
	on, err := l.enabled(ctx, e.Tenant)
	if err != nil {
		return err
	}
	if !on {
		return change(ctx)
	}
	return l.store.inTx(ctx, func(ctx context.Context) error {
		if err := change(ctx); err != nil {
			return err
		}
		return l.store.Insert(ctx, l.complete(ctx, e))
	})
}

// enabled reports whether tenant logs events.
func (l *Log) enabled(ctx context.Context, tenant string) (bool, error) {
	s, exists, err := l.settings(ctx, tenant)
	if err != nil {
		return false, fmt.Errorf("event log settings: %w", err)
	}
	return exists && s.Enabled, nil
}

// complete fills what the caller leaves blank: the actor from ctx, the
// default severity and the time.
func (l *Log) complete(ctx context.Context, e Event) Event {
	a := ActorFrom(ctx)
	if e.APIKeyID == "" {
		e.APIKeyID = a.APIKeyID
	}
	if e.PerformedBy == "" {
		e.PerformedBy = a.Name
	}
	if e.PerformedBy == "" {
		e.PerformedBy = UnknownUser
	}
	if e.Severity == 0 {
		e.Severity = Informational
	}
	if e.PerformedAt.IsZero() {
		e.PerformedAt = l.now()
	}
	return e
}

// UnknownUser is upstream's performedBy when nobody is named.
const UnknownUser = "Unknown User"

// Page is one page of a tenant's events.
type Page struct {
	Events []Event
	Total  int64
}

// Filter narrows an event log listing; zero members match everything.
type Filter struct {
	Type Type
	// From (inclusive) and To (exclusive) bound the time performed.
	From, To time.Time
	// User matches the event's subject or its performedBy.
	User string
	// Subject matches the event's subject only.
	Subject string
}

// List returns page (from 1) of size events of tenant, newest first. The
// caller checks that the application has logging on.
func (l *Log) List(ctx context.Context, tenant string, page, size int) (Page, error) {
	return l.Find(ctx, tenant, Filter{}, page, size)
}

// Find is List narrowed by f; Total counts the events that match.
func (l *Log) Find(ctx context.Context, tenant string, f Filter, page, size int) (Page, error) {
	events, total, err := l.store.Page(ctx, tenant, f, page, size)
	if err != nil {
		return Page{}, err
	}
	return Page{Events: events, Total: total}, nil
}

// Purge deletes the events older than each application's retention
// period, and every event of applications that no longer exist. It
// returns how many were deleted.
func (l *Log) Purge(ctx context.Context) (int64, error) {
	tenants, err := l.store.Tenants(ctx)
	if err != nil {
		return 0, err
	}
	now := l.now()
	var total int64
	for _, t := range tenants {
		s, exists, err := l.settings(ctx, t)
		if err != nil {
			return total, err
		}
		cutoff := now.AddDate(0, 0, -s.RetentionDays)
		if !exists {
			cutoff = now.Add(time.Nanosecond) // everything
		}
		n, err := l.store.DeleteBefore(ctx, t, cutoff)
		if err != nil {
			return total, err
		}
		total += n
	}
	return total, nil
}
