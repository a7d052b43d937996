package diagnostics

import (
	"context"
	"testing"
	"time"

	"gorm.io/gorm"

	"passwordless/storage/storagetest"
)

func TestDeviceOf_FamiliesNotVersions(t *testing.T) {
	tests := []struct {
		name, ua string
		hints    ClientHints
		want     Device
	}{
		{"Chrome on Windows", "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36", ClientHints{}, Device{"windows", "chrome"}},
		{"Edge by its client hints", "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36",
			ClientHints{Platform: `"Windows"`, Brands: `"Chromium";v="124", "Microsoft Edge";v="124", "Not-A.Brand";v="99"`}, Device{"windows", "edge"}},
		{"Edge by its User-Agent", "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36 Edg/124.0.2478.51", ClientHints{}, Device{"windows", "edge"}},
		{"Safari on macOS", "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4 Safari/605.1.15", ClientHints{}, Device{"macos", "safari"}},
		{"Chrome hints say macOS", "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36",
			ClientHints{Platform: `"macOS"`, Brands: `"Google Chrome";v="124", "Not:A-Brand";v="8", "Chromium";v="124"`}, Device{"macos", "chrome"}},
		{"Safari on iPhone", "Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4 Mobile/15E148 Safari/604.1", ClientHints{}, Device{"ios", "safari"}},
		{"Chrome on iPad", "Mozilla/5.0 (iPad; CPU OS 17_4 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) CriOS/124.0.6367.88 Mobile/15E148 Safari/604.1", ClientHints{}, Device{"ios", "chrome"}},
		{"Chrome on Android", "Mozilla/5.0 (Linux; Android 10; K) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Mobile Safari/537.36", ClientHints{}, Device{"android", "chrome"}},
		{"Samsung Internet", "Mozilla/5.0 (Linux; Android 14; SM-S918B) AppleWebKit/537.36 (KHTML, like Gecko) SamsungBrowser/24.0 Chrome/117.0.0.0 Mobile Safari/537.36", ClientHints{}, Device{"android", "samsung"}},
		{"Firefox on Linux", "Mozilla/5.0 (X11; Linux x86_64; rv:125.0) Gecko/20100101 Firefox/125.0", ClientHints{}, Device{"linux", "firefox"}},
		{"Chrome on ChromeOS", "Mozilla/5.0 (X11; CrOS x86_64 14541.0.0) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36", ClientHints{}, Device{"chromeos", "chrome"}},
		{"an iOS app's URLSession", "MyShop/3.2 CFNetwork/1494.0.7 Darwin/23.4.0", ClientHints{}, Device{"ios", "app"}},
		{"an Android app's OkHttp", "okhttp/4.12.0", ClientHints{}, Device{"other", "app"}},
		{"nothing", "", ClientHints{}, Device{"other", "other"}},
		{"unknown client hints platform", "", ClientHints{Platform: `"Fuchsia"`}, Device{"other", "other"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := DeviceOf(tt.ua, tt.hints); got != tt.want {
				t.Errorf("DeviceOf = %+v, want %+v", got, tt.want)
			}
		})
	}
}

// A thousand ceremonies from a few devices are a few rows, written by
// one flush.
func TestSegments_CountsAreAggregatedInMemory(t *testing.T) {
	storagetest.Each(t, func(t *testing.T, db *gorm.DB) {
		store := &SegmentStore{db: db}
		now := time.Date(2026, 2, 3, 4, 5, 6, 0, time.UTC)
		s := NewSegments(SegmentOptions{Store: store, Now: func() time.Time { return now }})
		ctx := t.Context()
		win, mac := Device{"windows", "chrome"}, Device{"macos", "safari"}
		for i := range 1000 {
			d := win
			if i%2 == 1 {
				d = mac
			}
			s.Begun(ctx, "t1", "signin", d, nil)
			s.Completed(ctx, "t1", "signin", d, nil, "platform", Begin{})
		}
		var rows int64
		if err := db.Model(&segmentRow{}).Where("tenant = ?", "t1").Count(&rows).Error; err != nil || rows != 0 {
			t.Fatalf("rows before the flush = %d %v, want none", rows, err)
		}
		sum, err := s.SegmentSummary(ctx, "t1", "", "", GroupByPlatform)
		if err != nil {
			t.Fatal(err)
		}
		if err := db.Model(&segmentRow{}).Where("tenant = ?", "t1").Count(&rows).Error; err != nil || rows != 4 {
			t.Errorf("rows = %d %v, want 4 (2 devices × begun, completed)", rows, err)
		}
		if len(sum.Segments) != 2 || sum.Segments[0].Begun != 500 || sum.Segments[0].Completed != 500 {
			t.Errorf("segments = %+v, want 2 of 500/500", sum.Segments)
		}
	})
}

func TestSegmentStore_DifferentTenantSeesNothing(t *testing.T) {
	type call = func(ctx context.Context, s *SegmentStore, b string) (any, error)
	key := func(tenant string) segmentKey {
		return segmentKey{tenant, isolationDay, "signin", "windows", "chrome", "Windows Hello", "platform", outcomeCompleted}
	}
	storagetest.Isolation[*SegmentStore]{
		Recv: "SegmentStore",
		Open: func(db *gorm.DB) *SegmentStore { return &SegmentStore{db: db} },
		Seed: func(t *testing.T, s *SegmentStore, a, _ string) {
			ctx := t.Context()
			for _, err := range []error{
				s.addSegments(ctx, map[segmentKey]int64{key(a): 3}),
				s.addSigninUsers(ctx, map[signinUser]int64{{a, isolationDay, "alice"}: 1}),
			} {
				if err != nil {
					t.Fatal(err)
				}
			}
		},
		Expect: func(t *testing.T, s *SegmentStore, a string) {
			ctx := t.Context()
			rows, err := s.segments(ctx, a, isolationDay, isolationDay)
			if err != nil || len(rows) != 1 || rows[0].Count != 3 {
				t.Errorf("a's segments afterwards = %+v %v, want one row of 3", rows, err)
			}
			users, _, err := s.enrollment(ctx, a, isolationDay, isolationDay)
			if err != nil || users != 1 {
				t.Errorf("a's signed-in users afterwards = %d %v, want 1", users, err)
			}
		},
		Cases: map[string]call{
			"addSegments": func(ctx context.Context, s *SegmentStore, b string) (any, error) {
				return nil, s.addSegments(ctx, map[segmentKey]int64{key(b): 5})
			},
			"addSigninUsers": func(ctx context.Context, s *SegmentStore, b string) (any, error) {
				return nil, s.addSigninUsers(ctx, map[signinUser]int64{{b, isolationDay, "alice"}: 1})
			},
			"segments": func(ctx context.Context, s *SegmentStore, b string) (any, error) {
				return s.segments(ctx, b, isolationDay, isolationDay)
			},
			"deviceRates": func(ctx context.Context, s *SegmentStore, b string) (any, error) {
				return s.deviceRates(ctx, b, isolationDay)
			},
			"enrollment": func(ctx context.Context, s *SegmentStore, b string) (any, error) {
				users, with, err := s.enrollment(ctx, b, isolationDay, isolationDay)
				return users + with, err
			},
		},
		Exempt: map[string]string{
			"conn":                 "returns the connection; reads and writes nothing",
			"deleteSegmentsBefore": "the retention sweep over every tenant, by day",
		},
	}.Run(t)
}
