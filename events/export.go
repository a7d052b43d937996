package events

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"time"

	"passwordless/problems"
)

// Entry is an event as the API shows it: an item of GET /events and a
// line of the export. One type for both, so a SIEM reading the export and
// a client paging the log see the same fields.
type Entry struct {
	PerformedAt time.Time `json:"performedAt"`
	Message     string    `json:"message"`
	PerformedBy string    `json:"performedBy"`
	TenantID    string    `json:"tenantId"`
	EventType   string    `json:"eventType"`
	Severity    string    `json:"severity"`
	Subject     string    `json:"subject"`
	APIKeyID    string    `json:"apiKeyId"`
}

// Entry is e as the API shows it.
func (e Event) Entry() Entry {
	return Entry{PerformedAt: e.PerformedAt, Message: e.Message, PerformedBy: e.PerformedBy, TenantID: e.Tenant,
		EventType: e.Type.String(), Severity: e.Severity.String(), Subject: e.Subject, APIKeyID: e.APIKeyID}
}

// ParseDay reads a yyyy-MM-dd day (upstream's DateOnly, the reports'
// format) named field; a malformed one is a validation problem on field.
func ParseDay(field, raw string) (time.Time, error) {
	d, err := time.Parse(DayLayout, raw)
	if err != nil {
		return time.Time{}, problems.Validation(field, "The value '"+raw+"' is not a valid date (yyyy-MM-dd).")
	}
	return d, nil
}

// DayRange is the filter of the days from to to, both included and both
// optional (blank: unbounded), as the console's event filter reads them. A
// malformed day or a to before from is a validation problem.
func DayRange(from, to string) (Filter, error) {
	var f Filter
	var err error
	if from != "" {
		if f.From, err = ParseDay("from", from); err != nil {
			return Filter{}, err
		}
	}
	if to != "" {
		day, err := ParseDay("to", to)
		if err != nil {
			return Filter{}, err
		}
		f.To = day.AddDate(0, 0, 1)
	}
	if !f.From.IsZero() && !f.To.IsZero() && !f.From.Before(f.To) {
		return Filter{}, problems.Validation("to", "The date 'to' ("+to+") is before 'from' ("+from+").")
	}
	return f, nil
}

// ExportOptions narrow and pace an export.
type ExportOptions struct {
	Filter
	// PageTimeout bounds each page's query. A stream has no overall
	// deadline (it lasts as long as the reader takes), so this is what
	// keeps a stalled database from holding it open; 0 is none.
	PageTimeout time.Duration
	// Flush, when set, runs after each page is written, so the lines reach
	// the reader as they are produced instead of at the end.
	Flush func() error
}

// exportPageSize is how many events an export holds in memory at once.
const exportPageSize = 500

// Export writes tenant's events matching o, oldest first, to w as NDJSON
// (one Entry a line). It reads them a page at a time by keyset, so its
// memory does not grow with the log and rows written meanwhile do not
// shift the pages. Nothing is written when the application does not exist
// or does not log events (a problem is returned), so a caller can still
// answer with an error; a failure after the first line is returned as is
// and the output is then incomplete.
func (l *Log) Export(ctx context.Context, tenant string, w io.Writer, o ExportOptions) error {
	s, exists, err := l.settings(ctx, tenant)
	if err != nil {
		return fmt.Errorf("event log settings: %w", err)
	}
	if !exists {
		return problems.New(problems.AppNotFound)
	}
	if !s.Enabled {
		return problems.New(problems.EventLoggingDisabled)
	}
	size := l.exportPage
	if size <= 0 {
		size = exportPageSize
	}
	enc := json.NewEncoder(w)
	var after Cursor
	for {
		rows, next, err := l.readPage(ctx, tenant, o, after, size)
		if err != nil {
			return err
		}
		for _, e := range rows {
			if err := enc.Encode(e.Entry()); err != nil {
				return fmt.Errorf("write event: %w", err)
			}
		}
		if o.Flush != nil && len(rows) > 0 {
			if err := o.Flush(); err != nil {
				return fmt.Errorf("flush events: %w", err)
			}
		}
		if len(rows) < size {
			return nil
		}
		after = next
	}
}

// readPage reads one page of an export under the page timeout.
func (l *Log) readPage(ctx context.Context, tenant string, o ExportOptions, after Cursor, size int) ([]Event, Cursor, error) {
	if o.PageTimeout > 0 {
		var cancel context.CancelFunc
		ctx, cancel = context.WithTimeout(ctx, o.PageTimeout)
		defer cancel()
	}
	return l.store.After(ctx, tenant, o.Filter, after, size)
}
