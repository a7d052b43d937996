package events

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"testing"
	"time"

	"gorm.io/gorm"

	"passwordless/problems"
	"passwordless/storage/storagetest"
)

// exportLines decodes an export, failing on a line that is not an Entry.
func exportLines(t *testing.T, out []byte) []Entry {
	t.Helper()
	var got []Entry
	sc := bufio.NewScanner(bytes.NewReader(out))
	for sc.Scan() {
		var e Entry
		if err := json.Unmarshal(sc.Bytes(), &e); err != nil {
			t.Fatalf("line %q: %v", sc.Text(), err)
		}
		got = append(got, e)
	}
	return got
}

// TestLog_ExportPagesOldestFirstWithinRange: an export longer than a page
// comes out whole, oldest first, flushed page by page, with events of the
// same instant in the order they were written, bounded by the day range,
// and without another tenant's events.
func TestLog_ExportPagesOldestFirstWithinRange(t *testing.T) {
	storagetest.Each(t, func(t *testing.T, db *gorm.DB) {
		l, _ := newTestLog(db, map[string]AppSettings{"a": {Enabled: true}, "b": {Enabled: true}})
		l.exportPage = 2
		day := time.Date(2026, 2, 3, 0, 0, 0, 0, time.UTC)
		at := []time.Duration{-time.Minute, 0, time.Hour, time.Hour, time.Hour, 2 * time.Hour, 24*time.Hour - time.Second, 24 * time.Hour}
		for i, d := range at {
			l.Record(t.Context(), Event{Tenant: "a", Type: APIUserSignInCompleted, PerformedAt: day.Add(d), Message: string(rune('0' + i))})
			l.Record(t.Context(), Event{Tenant: "b", Type: APIUserDeleted, PerformedAt: day.Add(d), Message: "b"})
		}
		tests := []struct {
			from, to string
			want     string
			flushes  int
		}{
			{"2026-02-03", "2026-02-03", "123456", 3},
			{"", "", "01234567", 4},
			{"2026-02-04", "", "7", 1},
			{"2026-02-05", "2026-02-06", "", 0},
		}
		for _, tt := range tests {
			f, err := DayRange(tt.from, tt.to)
			if err != nil {
				t.Fatal(err)
			}
			var out bytes.Buffer
			flushes := 0
			err = l.Export(t.Context(), "a", &out, ExportOptions{Filter: f, PageTimeout: time.Second,
				Flush: func() error { flushes++; return nil }})
			if err != nil {
				t.Fatalf("export %s..%s: %v", tt.from, tt.to, err)
			}
			got := ""
			for _, e := range exportLines(t, out.Bytes()) {
				if e.TenantID != "a" || e.EventType != "ApiUserSignInCompleted" {
					t.Errorf("export %s..%s has %+v", tt.from, tt.to, e)
				}
				got += e.Message
			}
			if got != tt.want || flushes != tt.flushes {
				t.Errorf("export %s..%s = %q in %d flushes, want %q in %d", tt.from, tt.to, got, flushes, tt.want, tt.flushes)
			}
		}
	})
}

// TestLog_ExportRefusesBeforeWriting: an application without logging, or
// none at all, gets a problem and no output.
func TestLog_ExportRefusesBeforeWriting(t *testing.T) {
	storagetest.Each(t, func(t *testing.T, db *gorm.DB) {
		l, _ := newTestLog(db, map[string]AppSettings{"off": {}})
		for tenant, want := range map[string]problems.Code{"off": problems.EventLoggingDisabled, "gone": problems.AppNotFound} {
			var out bytes.Buffer
			err := l.Export(t.Context(), tenant, &out, ExportOptions{})
			if !errors.Is(err, problems.New(want)) || out.Len() > 0 {
				t.Errorf("export of %q: %v, %d bytes; want %s and nothing", tenant, err, out.Len(), want)
			}
		}
	})
}

func TestDayRange_RejectsBadDaysAndReversedRanges(t *testing.T) {
	tests := []struct {
		from, to, field string
	}{
		{"2026-13-01", "", "from"},
		{"", "03/02/2026", "to"},
		{"2026-02-03T00:00:00Z", "", "from"},
		{"2026-02-04", "2026-02-03", "to"},
	}
	for _, tt := range tests {
		_, err := DayRange(tt.from, tt.to)
		var p *problems.Error
		if !errors.As(err, &p) || p.Code != problems.ValidationFailed || len(p.Errors[tt.field]) != 1 {
			t.Errorf("DayRange(%q, %q) = %v, want validation_failed on %s", tt.from, tt.to, err, tt.field)
		}
	}
	f, err := DayRange("2026-02-03", "2026-02-03")
	if err != nil || !f.From.Equal(time.Date(2026, 2, 3, 0, 0, 0, 0, time.UTC)) || !f.To.Equal(f.From.AddDate(0, 0, 1)) {
		t.Errorf("one day = %+v, %v; want [that day, the next)", f, err)
	}
}

// TestLog_ExportFailureAfterAPageIsReturned: when the database fails once
// lines are out, Export returns the error (the API then cuts the
// connection) rather than ending as if the log were complete.
func TestLog_ExportFailureAfterAPageIsReturned(t *testing.T) {
	db := storagetest.SQLite(t)
	l := NewLog(NewStore(db), settingsOf(map[string]AppSettings{"a": {Enabled: true}}), nil, nil)
	l.exportPage = 2
	for i := range 3 {
		l.Record(t.Context(), Event{Tenant: "a", Type: APIUserDeleted, Message: string(rune('0' + i))})
	}
	var out bytes.Buffer
	err := l.Export(t.Context(), "a", &out, ExportOptions{Flush: func() error { return db.Close() }})
	if err == nil || len(exportLines(t, out.Bytes())) != 2 {
		t.Errorf("export over a database closed after the first page: %v, %q; want an error after two lines", err, out.String())
	}
}
