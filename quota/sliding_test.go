package quota

import (
	"testing"
	"time"
)

// Sliding counts an event in every window or in none: a refusal by the
// daily rate does not spend the short one, and the windows slide.
func TestRateLimiter_SlidingCountsInEveryWindowOrNone(t *testing.T) {
	eachBackend(t, func(t *testing.T, b Backend) {
		clk := newClock()
		l := NewRateLimiter(b, clk.Now, DefaultLimits())
		short, day := Rate{Limit: 3, Period: 15 * time.Minute}, Rate{Limit: 5, Period: 24 * time.Hour}
		allowed := func() bool {
			t.Helper()
			d, err := l.Sliding(t.Context(), "to:alice", short, day)
			if err != nil {
				t.Fatal(err)
			}
			return d.Allowed
		}
		for i := range 3 {
			if !allowed() {
				t.Fatalf("event %d refused, want allowed", i+1)
			}
			clk.Advance(time.Minute)
		}
		d, _ := l.Sliding(t.Context(), "to:alice", short, day)
		if d.Allowed || d.Reset != 12*time.Minute || d.Header().Get("Retry-After") != "720" {
			t.Fatalf("fourth event in 15 minutes = %+v, want refused until the first leaves the window (12m)", d)
		}
		if d, _ := l.Sliding(t.Context(), "to:bob", short, day); !d.Allowed {
			t.Errorf("another key was refused by alice's events")
		}
		clk.Advance(12 * time.Minute) // the first event leaves the short window
		if !allowed() {
			t.Fatalf("refused after the window slid")
		}
		clk.Advance(15 * time.Minute)
		if !allowed() {
			t.Fatalf("fifth event of the day refused")
		}
		if allowed() {
			t.Fatalf("sixth event of the day allowed")
		}
		// The daily refusal gave the short window its slot back: only the
		// fifth event is in it.
		if d, _ := l.Sliding(t.Context(), "to:alice", short); !d.Allowed || d.Remaining != 1 {
			t.Errorf("short window after a daily refusal = %+v, want allowed with 1 left", d)
		}
	})
}

// SlidingClient counts an IPv6 client per /64, as every per-address limit.
func TestRateLimiter_SlidingClientGroupsIPv6PerNetwork(t *testing.T) {
	l := NewRateLimiter(NewMemory(), newClock().Now, DefaultLimits())
	r := Rate{Limit: 2, Period: time.Hour}
	for i, ip := range []string{"2001:db8:1:2::1", "2001:db8:1:2:ffff::9", "2001:db8:1:2::77"} {
		d, err := l.SlidingClient(t.Context(), "mail", ip, r)
		if err != nil || d.Allowed != (i < 2) {
			t.Errorf("request %d from %s = %+v, %v; want allowed %v", i+1, ip, d, err, i < 2)
		}
	}
	if d, _ := l.SlidingClient(t.Context(), "mail", "2001:db8:1:3::1", r); !d.Allowed {
		t.Errorf("another /64 was refused")
	}
}
