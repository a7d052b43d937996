package quota

import (
	"testing"
	"time"

	"passwordless/problems"
)

func TestRateLimiter(t *testing.T) {
	eachBackend(t, func(t *testing.T, b Backend) {
		clk := newClock()
		clk.Set(windowStart(clk.Now(), time.Minute))
		l := NewRateLimiter(b, clk.Now, Limits{Tenant: Rate{Limit: 2, Period: time.Minute}})

		for i := range 2 {
			d, err := l.Tenant(t.Context(), "app")
			if err != nil || !d.Allowed || d.Remaining != int64(1-i) {
				t.Fatalf("request %d = %+v, %v; want allowed, remaining %d", i+1, d, err, 1-i)
			}
			if h := d.Header(); h.Get("RateLimit-Limit") != "2" || h.Get("Retry-After") != "" {
				t.Errorf("allowed headers = %v, want limit 2 and no Retry-After", h)
			}
		}
		clk.Advance(15 * time.Second)
		d, _ := l.Tenant(t.Context(), "app")
		if d.Allowed {
			t.Fatalf("third request in the window was allowed")
		}
		p := d.Problem()
		if p.Code != problems.RateLimited || p.StatusCode() != 429 {
			t.Errorf("Problem() = %v (status %d), want rate_limited 429", p, p.StatusCode())
		}
		for name, want := range map[string]string{"Retry-After": "45", "RateLimit-Reset": "45", "RateLimit-Remaining": "0"} {
			if got := p.Header.Get(name); got != want {
				t.Errorf("%s = %q, want %q", name, got, want)
			}
		}
		if d, _ := l.Tenant(t.Context(), "other"); !d.Allowed {
			t.Errorf("another tenant was limited by this one's requests")
		}
		clk.Advance(45 * time.Second)
		if d, _ := l.Tenant(t.Context(), "app"); !d.Allowed {
			t.Errorf("after the window ended the tenant is still limited: %+v", d)
		}
	})
}

func TestRateLimiter_UnlimitedRateSetsNoHeaders(t *testing.T) {
	l := NewRateLimiter(NewMemory(), newClock().Now, Limits{})
	for range 1000 {
		d, err := l.ClientIP(t.Context(), "127.0.0.1")
		if err != nil || !d.Allowed || len(d.Header()) != 0 {
			t.Fatalf("ClientIP with no limit = %+v, %v; want allowed, no headers", d, err)
		}
	}
}
