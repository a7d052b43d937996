package events

import (
	"context"
	"maps"
	"reflect"
	"sync/atomic"
	"testing"
	"time"

	"gorm.io/gorm"

	"passwordless/storage/storagetest"
)

// fakeUsage serves whatever usage the test sets.
type fakeUsage struct{ m map[string]Usage }

func (f *fakeUsage) Usage(context.Context, time.Time) (map[string]Usage, error) {
	return maps.Clone(f.m), nil
}

func TestReports_SnapshotsOneRowPerAppPerDay(t *testing.T) {
	storagetest.Each(t, func(t *testing.T, db *gorm.DB) {
		clk := &testClock{now: time.Date(2025, 3, 1, 22, 0, 0, 0, time.UTC)}
		src := &fakeUsage{m: map[string]Usage{
			"a": {Users: 10, Credentials: 12, DailyActiveUsers: 3, WeeklyActiveUsers: 7},
			"b": {Users: 1, Credentials: 1},
		}}
		r := newReports(db, src, clk.Now)
		ctx := t.Context()

		snapshot := func() {
			t.Helper()
			if _, err := r.Snapshot(ctx); err != nil {
				t.Fatalf("Snapshot: %v", err)
			}
		}
		snapshot()
		src.m["a"] = Usage{Users: 11, Credentials: 14, DailyActiveUsers: 4, WeeklyActiveUsers: 8}
		snapshot() // same day: replaces
		clk.now = clk.now.Add(24 * time.Hour)
		delete(src.m, "b") // b's last credential was deleted
		src.m["a"] = Usage{Users: 12, Credentials: 15, DailyActiveUsers: 2, WeeklyActiveUsers: 9}
		snapshot()

		creds, err := r.Credentials(ctx, "a", "", "")
		if err != nil {
			t.Fatal(err)
		}
		wantCreds := []CredentialRow{{"2025-03-01", 11, 14}, {"2025-03-02", 12, 15}}
		if !reflect.DeepEqual(creds, wantCreds) {
			t.Errorf("Credentials(a) = %v, want %v", creds, wantCreds)
		}
		active, _ := r.ActiveUsers(ctx, "a", "", "")
		wantActive := []ActiveUsersRow{{"2025-03-01", 4, 8, 11}, {"2025-03-02", 2, 9, 12}}
		if !reflect.DeepEqual(active, wantActive) {
			t.Errorf("ActiveUsers(a) = %v, want %v", active, wantActive)
		}
		b, _ := r.Credentials(ctx, "b", "", "")
		if want := []CredentialRow{{"2025-03-01", 1, 1}, {"2025-03-02", 0, 0}}; !reflect.DeepEqual(b, want) {
			t.Errorf("Credentials(b) = %v, want %v: a dropped app gets a zero row", b, want)
		}
	})
}

func TestReports_RangeIsInclusive(t *testing.T) {
	storagetest.Each(t, func(t *testing.T, db *gorm.DB) {
		clk := &testClock{now: time.Date(2025, 3, 1, 12, 0, 0, 0, time.UTC)}
		r := newReports(db, &fakeUsage{m: map[string]Usage{"a": {Users: 1, Credentials: 1}, "other": {Users: 5}}}, clk.Now)
		for range 5 {
			if _, err := r.Snapshot(t.Context()); err != nil {
				t.Fatal(err)
			}
			clk.now = clk.now.AddDate(0, 0, 1)
		}
		tests := []struct {
			from, to string
			want     []string
		}{
			{"", "", []string{"2025-03-01", "2025-03-02", "2025-03-03", "2025-03-04", "2025-03-05"}},
			{"2025-03-02", "2025-03-04", []string{"2025-03-02", "2025-03-03", "2025-03-04"}},
			{"2025-03-04", "", []string{"2025-03-04", "2025-03-05"}},
			{"", "2025-03-01", []string{"2025-03-01"}},
			{"2025-04-01", "", []string{}},
		}
		for _, tt := range tests {
			rows, err := r.Credentials(t.Context(), "a", tt.from, tt.to)
			if err != nil {
				t.Fatal(err)
			}
			got := []string{}
			for _, row := range rows {
				got = append(got, row.Day)
			}
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("Credentials(from %q, to %q) days = %v, want %v", tt.from, tt.to, got, tt.want)
			}
		}
	})
}

func TestRunJobs_RunsAtStartAndOnEveryTick(t *testing.T) {
	var runs atomic.Int64
	ctx, cancel := context.WithCancel(t.Context())
	done := make(chan struct{})
	go func() {
		RunJobs(ctx, 5*time.Millisecond, nil, Job{Name: "count", Run: func(context.Context) (int64, error) {
			if runs.Add(1) == 3 {
				cancel()
			}
			return 0, nil
		}})
		close(done)
	}()
	select {
	case <-done:
	case <-time.After(5 * time.Second):
		t.Fatal("RunJobs did not stop when its context ended")
	}
	if n := runs.Load(); n < 3 {
		t.Errorf("job ran %d times, want at least 3", n)
	}
}
