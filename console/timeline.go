package console

import (
	"context"
	"time"

	"passwordless/events"
)

// timelineLength is how many of a user's latest events their page shows.
const timelineLength = 100

// timelineEntry is one line of a user's timeline.
type timelineEntry struct {
	At      time.Time
	What    string // the event type's name, e.g. ApiUserSignInCompleted
	Message string // what happened, with the classified code of a client failure
	Device  string // platform and browser, "" when the event names none
	Failed  bool
}

// timelineData is a user's timeline and why it may be empty: it is read
// from the event log, so it exists only while the app logs events and
// reaches back only as far as the log's retention.
type timelineData struct {
	Logging   bool
	Retention int
	Entries   []timelineEntry
}

// timelineOf reads the latest events about userID of the app, newest first.
func (c *Console) timelineOf(ctx context.Context, app, userID string) (timelineData, error) {
	a, err := c.o.Tenants.App(ctx, app)
	if err != nil || a == nil {
		return timelineData{}, orElse(err, errGone)
	}
	d := timelineData{Logging: a.Features.EventLoggingEnabled, Retention: a.Features.EventLoggingRetentionDays}
	list, err := c.o.EventLog.Timeline(ctx, app, userID, timelineLength)
	if err != nil {
		return d, err
	}
	for _, e := range list {
		entry := timelineEntry{At: e.PerformedAt, What: e.Type.String(), Message: e.Message,
			Failed: e.Severity == events.Warning || e.Severity == events.Error}
		if e.Device != "" {
			entry.Device = deviceText(e.Device, "")
		}
		d.Entries = append(d.Entries, entry)
	}
	return d, nil
}
