package events

import (
	"context"
	"errors"
	"testing"
	"time"

	"gorm.io/gorm"

	"passwordless/storage"
	"passwordless/storage/storagetest"
)

// settingsOf serves fixed settings; a tenant not in the map does not exist.
func settingsOf(m map[string]AppSettings) Settings {
	return func(_ context.Context, tenant string) (AppSettings, bool, error) {
		s, ok := m[tenant]
		return s, ok, nil
	}
}

type testClock struct{ now time.Time }

func (c *testClock) Now() time.Time { return c.now }

func newTestLog(db *gorm.DB, m map[string]AppSettings) (*Log, *testClock) {
	clk := &testClock{now: time.Date(2025, 3, 1, 12, 0, 0, 0, time.UTC)}
	return NewLog(NewStore(&storage.DB{Gorm: db}), settingsOf(m), clk.Now, nil), clk
}

func TestLog_RecordsOnlyWhenLoggingIsOn(t *testing.T) {
	storagetest.Each(t, func(t *testing.T, db *gorm.DB) {
		l, _ := newTestLog(db, map[string]AppSettings{"on": {Enabled: true, RetentionDays: 90}, "off": {}})
		for _, tenant := range []string{"on", "off", "gone"} {
			l.Record(t.Context(), Event{Tenant: tenant, Type: APIUserDeleted, Message: "User deleted."})
		}
		for tenant, want := range map[string]int64{"on": 1, "off": 0, "gone": 0} {
			p, err := l.List(t.Context(), tenant, 1, 100)
			if err != nil {
				t.Fatal(err)
			}
			if p.Total != want {
				t.Errorf("tenant %q has %d events, want %d", tenant, p.Total, want)
			}
		}
	})
}

func TestLog_RecordFillsUpstreamDefaults(t *testing.T) {
	storagetest.Each(t, func(t *testing.T, db *gorm.DB) {
		l, clk := newTestLog(db, map[string]AppSettings{"app": {Enabled: true}})
		l.Record(t.Context(), Event{Tenant: "app", Type: AdminAPIKeysEnumerated, Message: "API keys enumerated.", Subject: "app", APIKeyID: "9795"})
		p, _ := l.List(t.Context(), "app", 1, 10)
		if len(p.Events) != 1 {
			t.Fatalf("got %d events, want 1", len(p.Events))
		}
		want := Event{Tenant: "app", Type: AdminAPIKeysEnumerated, Severity: Informational, Message: "API keys enumerated.",
			PerformedBy: "Unknown User", Subject: "app", APIKeyID: "9795", PerformedAt: clk.now}
		if got := p.Events[0]; got != want {
			t.Errorf("stored event = %+v, want %+v", got, want)
		}
	})
}

func TestLog_ListPagesNewestFirstPerTenant(t *testing.T) {
	storagetest.Each(t, func(t *testing.T, db *gorm.DB) {
		l, clk := newTestLog(db, map[string]AppSettings{"a": {Enabled: true}, "b": {Enabled: true}})
		start := clk.now
		for i := range 5 {
			l.Record(t.Context(), Event{Tenant: "a", Type: APIUserSignInCompleted, PerformedAt: start.Add(time.Duration(i) * time.Minute), Message: string(rune('0' + i))})
		}
		l.Record(t.Context(), Event{Tenant: "b", Type: APIUserDeleted, Message: "other tenant"})
		tests := []struct {
			page, size int
			want       string
		}{{1, 2, "43"}, {2, 2, "21"}, {3, 2, "0"}, {4, 2, ""}, {1, 100, "43210"}}
		for _, tt := range tests {
			p, err := l.List(t.Context(), "a", tt.page, tt.size)
			if err != nil {
				t.Fatal(err)
			}
			got := ""
			for _, e := range p.Events {
				got += e.Message
			}
			if got != tt.want || p.Total != 5 {
				t.Errorf("List(page %d, size %d) = %q of %d, want %q of 5", tt.page, tt.size, got, p.Total, tt.want)
			}
		}
	})
}

func TestLog_PurgeKeepsEachAppsRetention(t *testing.T) {
	storagetest.Each(t, func(t *testing.T, db *gorm.DB) {
		settings := map[string]AppSettings{"week": {Enabled: true, RetentionDays: 7},
			"quarter": {Enabled: true, RetentionDays: 90}, "deleted": {Enabled: true, RetentionDays: 90}}
		l, clk := newTestLog(db, settings)
		now := clk.now
		for _, tenant := range []string{"week", "quarter", "deleted"} {
			for _, age := range []int{1, 8, 91} {
				l.Record(t.Context(), Event{Tenant: tenant, Type: APIUserDeleted, PerformedAt: now.AddDate(0, 0, -age)})
			}
		}
		delete(settings, "deleted") // the application is gone
		n, err := l.Purge(t.Context())
		if err != nil {
			t.Fatal(err)
		}
		if n != 2+1+3 {
			t.Errorf("Purge deleted %d, want 6", n)
		}
		for tenant, want := range map[string]int64{"week": 1, "quarter": 2, "deleted": 0} {
			if p, _ := l.List(t.Context(), tenant, 1, 10); p.Total != want {
				t.Errorf("%s keeps %d events, want %d", tenant, p.Total, want)
			}
		}
	})
}

func TestLog_RecordSurvivesACancelledRequest(t *testing.T) {
	storagetest.Each(t, func(t *testing.T, db *gorm.DB) {
		l, _ := newTestLog(db, map[string]AppSettings{"app": {Enabled: true}})
		ctx, cancel := context.WithCancel(t.Context())
		cancel()
		l.Record(ctx, Event{Tenant: "app", Type: APIUserDeleted})
		if p, _ := l.List(t.Context(), "app", 1, 10); p.Total != 1 {
			t.Errorf("event of a cancelled request was lost")
		}
	})
}

func TestLog_SettingsFailureDropsTheEventQuietly(t *testing.T) {
	db := storagetest.SQLite(t).Gorm
	failing := func(context.Context, string) (AppSettings, bool, error) {
		return AppSettings{}, false, errors.New("db down")
	}
	l := NewLog(NewStore(&storage.DB{Gorm: db}), failing, time.Now, nil)
	l.Record(t.Context(), Event{Tenant: "app", Type: APIUserDeleted}) // must not panic or block
	if _, n, _ := NewStore(&storage.DB{Gorm: db}).Page(t.Context(), "app", Filter{}, 1, 10); n != 0 {
		t.Errorf("event written although settings failed")
	}
}

func TestLog_EventsOfTheSameInstantPageInTheOrderTheyHappened(t *testing.T) {
	storagetest.Each(t, func(t *testing.T, db *gorm.DB) {
		l, _ := newTestLog(db, map[string]AppSettings{"app": {Enabled: true}})
		for _, m := range []string{"a", "b", "c", "d"} {
			l.Record(t.Context(), Event{Tenant: "app", Type: APIUserDeleted, Message: m}) // same clock reading
		}
		p, _ := l.List(t.Context(), "app", 1, 10)
		got := ""
		for _, e := range p.Events {
			got += e.Message
		}
		if got != "dcba" {
			t.Errorf("order %q, want dcba (newest first)", got)
		}
	})
}

func TestLog_FindFiltersByTypeTimeAndUserWithinTheTenant(t *testing.T) {
	storagetest.Each(t, func(t *testing.T, db *gorm.DB) {
		l, clk := newTestLog(db, map[string]AppSettings{"a": {Enabled: true}, "b": {Enabled: true}})
		at := func(h int) time.Time { return clk.now.Add(time.Duration(h) * time.Hour) }
		for _, e := range []Event{
			{Tenant: "a", Type: APIUserSignInCompleted, Subject: "u1", PerformedAt: at(0), Message: "1"},
			{Tenant: "a", Type: APIUserDeleted, Subject: "u2", PerformedBy: "admin@a.test", PerformedAt: at(1), Message: "2"},
			{Tenant: "a", Type: APIUserSignInCompleted, Subject: "u2", PerformedAt: at(2), Message: "3"},
			{Tenant: "b", Type: APIUserSignInCompleted, Subject: "u1", PerformedAt: at(0), Message: "b"},
		} {
			if err := l.Record(t.Context(), e); err != nil {
				t.Fatal(err)
			}
		}
		for _, tt := range []struct {
			name string
			f    Filter
			want string
		}{
			{"none", Filter{}, "321"},
			{"type", Filter{Type: APIUserSignInCompleted}, "31"},
			{"subject", Filter{User: "u2"}, "32"},
			{"performed by", Filter{User: "admin@a.test"}, "2"},
			{"subject only", Filter{Subject: "u2"}, "32"},
			{"subject, not performed by", Filter{Subject: "admin@a.test"}, ""},
			{"from, inclusive", Filter{From: at(1)}, "32"},
			{"to, exclusive", Filter{To: at(1)}, "1"},
			{"all at once", Filter{Type: APIUserSignInCompleted, User: "u2", From: at(1), To: at(3)}, "3"},
			{"nothing", Filter{User: "nobody"}, ""},
		} {
			p, err := l.Find(t.Context(), "a", tt.f, 1, 10)
			if err != nil {
				t.Fatal(err)
			}
			got := ""
			for _, e := range p.Events {
				got += e.Message
			}
			if got != tt.want || p.Total != int64(len(tt.want)) {
				t.Errorf("%s: %q of %d, want %q", tt.name, got, p.Total, tt.want)
			}
		}
	})
}
