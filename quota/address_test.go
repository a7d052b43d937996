package quota

import (
	"testing"
	"time"
)

func TestClientKey_GroupsIPv6ByPrefixAndKeepsIPv4Whole(t *testing.T) {
	tests := []struct {
		name, addr string
		prefix     int
		want       string
	}{
		{"IPv4 as it is", "192.0.2.7", 64, "192.0.2.7"},
		{"IPv4-mapped IPv6 is its IPv4 address", "::ffff:192.0.2.7", 64, "192.0.2.7"},
		{"IPv6 by its /64", "2001:db8:1:2:3:4:5:6", 64, "2001:db8:1:2::/64"},
		{"IPv6 zone dropped", "fe80::1%eth0", 64, "fe80::/64"},
		{"IPv6 by a /48", "2001:db8:1:2::9", 48, "2001:db8:1::/48"},
		{"IPv6 whole at /128", "2001:db8::9", 128, "2001:db8::9/128"},
		{"prefix 0 is the default /64", "2001:db8:1:2::9", 0, "2001:db8:1:2::/64"},
		{"scoped IPv6 keeps its scope", "console:2001:db8:1:2::9", 64, "console:2001:db8:1:2::/64"},
		{"scoped IPv4", "console:192.0.2.7", 64, "console:192.0.2.7"},
		{"not an address is used as it is", "unknown", 64, "unknown"},
		{"empty", "", 64, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := clientKey(tt.addr, tt.prefix); got != tt.want {
				t.Errorf("clientKey(%q, %d) = %q, want %q", tt.addr, tt.prefix, got, tt.want)
			}
		})
	}
}

func TestRateLimiter_AuthFailuresCountPerApplicationUnderAnAddressCeiling(t *testing.T) {
	eachBackend(t, func(t *testing.T, b Backend) {
		clk := newClock()
		clk.Set(windowStart(clk.Now(), time.Minute))
		l := NewRateLimiter(b, clk.Now, Limits{AuthFailures: Rate{Limit: 2, Period: time.Minute},
			AuthFailuresPerAddress: Rate{Limit: 5, Period: time.Minute}})
		fail := func(ip, app string) Decision {
			t.Helper()
			d, err := l.AuthFailed(t.Context(), ip, app)
			if err != nil {
				t.Fatal(err)
			}
			return d
		}
		for range 2 {
			if d := fail("2001:db8::1", "a"); !d.Allowed {
				t.Fatalf("failure within the allowance refused: %+v", d)
			}
		}
		if d := fail("2001:db8::2", "a"); d.Allowed {
			t.Fatal("third failure for a from one /64 allowed")
		}
		if _, blocked := l.AuthBlocked("2001:db8::3", "a"); !blocked {
			t.Error("a is not blocked for the /64")
		}
		if _, blocked := l.AuthBlocked("2001:db8::3", "b"); blocked {
			t.Error("b is blocked by a's failures")
		}
		if _, blocked := l.AuthBlocked("2001:db8:0:1::1", "a"); blocked {
			t.Error("the next /64 is blocked for a")
		}
		// Three failures so far count towards the ceiling of five.
		fail("2001:db8::1", "b")
		if d := fail("2001:db8::1", "c"); !d.Allowed || d.Remaining != 0 {
			t.Fatalf("fifth failure = %+v, want allowed with none left", d)
		}
		if d := fail("2001:db8::1", "d"); d.Allowed || d.Limit != 5 {
			t.Fatalf("sixth failure = %+v, want refused by the ceiling of 5", d)
		}
		d, blocked := l.AuthBlocked("2001:db8::9", "z")
		if !blocked || d.Reset != time.Minute {
			t.Errorf("AuthBlocked for any application = %+v %v, want blocked for the minute", d, blocked)
		}
		clk.Advance(time.Minute)
		if _, blocked := l.AuthBlocked("2001:db8::1", "a"); blocked {
			t.Error("still blocked after the window")
		}
	})
}

func TestRateLimiter_BudgetsAreCountedApart(t *testing.T) {
	eachBackend(t, func(t *testing.T, b Backend) {
		clk := newClock()
		r := Rate{Limit: 1, Period: time.Minute}
		l := NewRateLimiter(b, clk.Now, Limits{Tenant: r, Public: r, Telemetry: r})
		budgets := map[string]func() (Decision, error){
			"Tenant":    func() (Decision, error) { return l.Tenant(t.Context(), "app") },
			"Public":    func() (Decision, error) { return l.Public(t.Context(), "app") },
			"Telemetry": func() (Decision, error) { return l.Telemetry(t.Context(), "app") },
		}
		for name, hit := range budgets {
			if d, err := hit(); err != nil || !d.Allowed {
				t.Errorf("%s first request = %+v %v, want allowed whatever the others spent", name, d, err)
			}
			if d, _ := hit(); d.Allowed {
				t.Errorf("%s second request allowed over its limit of 1", name)
			}
		}
	})
}
