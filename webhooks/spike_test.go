package webhooks

import (
	"context"
	"testing"
	"time"

	"passwordless/internal/clocktest"
	"passwordless/storage/storagetest"
)

// TestCheckSpikes: an errorCode whose share of a ceremony doubled (with at
// least 10 failures) is sent once to the endpoints that subscribe to it.
func TestCheckSpikes(t *testing.T) {
	day := func(begun int64, failures map[string]int64) map[string]CeremonyDay {
		return map[string]CeremonyDay{"signin": {Begun: begun, Failures: failures}}
	}
	tests := []struct {
		name        string
		before, day map[string]CeremonyDay
		wantSpikes  int
	}{
		{"doubled", day(100, map[string]int64{"passkey_cancelled": 5}), day(100, map[string]int64{"passkey_cancelled": 12}), 1},
		{"new code", day(100, nil), day(200, map[string]int64{"passkey_timeout": 10}), 1},
		{"grew less than double", day(100, map[string]int64{"passkey_cancelled": 5}), day(100, map[string]int64{"passkey_cancelled": 9}), 0},
		{"too few to tell", day(10, nil), day(10, map[string]int64{"passkey_timeout": 9}), 0},
		{"more ceremonies, same share", day(100, map[string]int64{"passkey_cancelled": 10}), day(300, map[string]int64{"passkey_cancelled": 30}), 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			db := storagetest.SQLite(t)
			clock := clocktest.New(time.Date(2026, 3, 10, 1, 0, 0, 0, time.UTC))
			svc := newTestService(t, db, clock)
			ctx := context.Background()
			sub, err := svc.Add(ctx, "app", AddRequest{URL: "http://127.0.0.1:1/in", Events: []string{FailureSpike}})
			if err != nil {
				t.Fatal(err)
			}
			if _, err := svc.Add(ctx, "app", AddRequest{URL: "http://127.0.0.1:1/other", Events: []string{UserDeleted}}); err != nil {
				t.Fatal(err)
			}
			if _, err := svc.Add(ctx, "quiet", AddRequest{URL: "http://127.0.0.1:1/in", Events: []string{FailureSpike}}); err != nil {
				t.Fatal(err)
			}
			counts := func(_ context.Context, tenant, d string) (map[string]CeremonyDay, error) {
				switch {
				case tenant != "app":
					return nil, nil
				case d == "2026-03-09":
					return tt.day, nil
				case d == "2026-03-08":
					return tt.before, nil
				}
				t.Errorf("counts asked for %s", d)
				return nil, nil
			}
			for run := range 2 {
				n, err := svc.CheckSpikes(ctx, counts)
				if want := map[bool]int64{true: int64(tt.wantSpikes), false: 0}[run == 0]; err != nil || n != want {
					t.Fatalf("run %d: CheckSpikes = %d, %v; want %d", run, n, err, want)
				}
			}
			got, err := svc.Deliveries(ctx, "app", sub.ID)
			if err != nil || len(got) != tt.wantSpikes {
				t.Fatalf("deliveries %+v, %v; want %d", got, err, tt.wantSpikes)
			}
			for _, d := range got {
				if d.EventType != FailureSpike {
					t.Errorf("delivery %+v", d)
				}
			}
		})
	}
}
