package api_test

import (
	"fmt"
	"net/http"
	"testing"
	"time"

	"passwordless/api/apitest"
	"passwordless/quota"
)

// wrongSecret is a well-formed ApiSecret of appID that is not its secret.
func wrongSecret(appID string) apitest.H {
	return apitest.H{"ApiSecret": appID + ":secret:00000000000000000000000000000000"}
}

// TestRateLimit_IPv6ClientsAreCountedPerNetwork is issue 24 item 3: the
// per-address counters keyed on the full IPv6 address, so 200 wrong
// secrets, each from another address of one /64, were never limited. Every
// per-address limit now counts an IPv6 client by its /64.
func TestRateLimit_IPv6ClientsAreCountedPerNetwork(t *testing.T) {
	eachLimiter(t, func(t *testing.T, useRedis bool) {
		limits := quota.DefaultLimits()
		limits.ClientIP.Limit = 3
		h := limitedHarness(t, useRedis, limits)
		app := h.CreateApp(t, "sixapp", nil)

		t.Run("failed authentications", func(t *testing.T) {
			refusedAt := 0
			for n := 1; n <= 200 && refusedAt == 0; n++ {
				resp := doFrom(t, h, fmt.Sprintf("2001:db8:1:2::%x", n), http.MethodGet, "/users/count", wrongSecret("sixapp"), nil)
				if resp.Status == http.StatusTooManyRequests {
					refusedAt = n
				}
			}
			if refusedAt == 0 {
				t.Fatal("200 wrong secrets from addresses of one /64 were never limited")
			}
			t.Logf("limited at wrong secret %d", refusedAt)
			wantProblem(t, doFrom(t, h, "2001:db8:1:2:ffff::1", http.MethodGet, "/users/count", app.Secret(), nil),
				http.StatusTooManyRequests, "rate_limited")
			if resp := doFrom(t, h, "2001:db8:1:3::1", http.MethodGet, "/users/count", app.Secret(), nil); resp.Status != http.StatusOK {
				t.Errorf("the next /64 was limited too: %d %s", resp.Status, resp.Body)
			}
		})
		t.Run("public endpoints", func(t *testing.T) {
			begin := func(ip string) *apitest.Response {
				return doFrom(t, h, ip, http.MethodPost, "/signin/begin", app.Public(), map[string]any{"RPID": testRPID, "Origin": testOrigin})
			}
			for n := 1; n <= 3; n++ {
				if resp := begin(fmt.Sprintf("2001:db8:9:9::%x", n)); resp.Status != http.StatusOK {
					t.Fatalf("begin %d: %d %s", n, resp.Status, resp.Body)
				}
			}
			wantProblem(t, begin("2001:db8:9:9:abcd::4"), http.StatusTooManyRequests, "rate_limited")
			if resp := begin("2001:db8:9:a::1"); resp.Status != http.StatusOK {
				t.Errorf("the next /64 was limited too: %d %s", resp.Status, resp.Body)
			}
		})
	})
}

// TestRateLimit_IPv6PrefixIsConfigurable: with a /128 prefix every IPv6
// address is a client of its own again; with a /48, a whole site is one.
func TestRateLimit_IPv6PrefixIsConfigurable(t *testing.T) {
	tests := []struct {
		name    string
		prefix  int
		second  string
		limited bool
	}{
		{"/128 counts each address", 128, "2001:db8:5:5::2", false},
		{"/64 groups an interface network", 64, "2001:db8:5:5::2", true},
		{"/48 groups a site", 48, "2001:db8:5:ffff::1", true},
		{"/48 does not reach the next site", 48, "2001:db8:6::1", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h := limitedHarness(t, false, quota.Limits{ClientIP: quota.Rate{Limit: 1, Period: time.Minute}, IPv6Prefix: tt.prefix})
			app := h.CreateApp(t, "prefixapp", nil)
			begin := func(ip string) *apitest.Response {
				return doFrom(t, h, ip, http.MethodPost, "/signin/begin", app.Public(), map[string]any{"RPID": testRPID, "Origin": testOrigin})
			}
			if resp := begin("2001:db8:5:5::1"); resp.Status != http.StatusOK {
				t.Fatalf("first begin: %d %s", resp.Status, resp.Body)
			}
			if got := begin(tt.second).Status == http.StatusTooManyRequests; got != tt.limited {
				t.Errorf("second address %s limited = %v, want %v", tt.second, got, tt.limited)
			}
		})
	}
}

// TestRateLimit_FailedAuthenticationsCountPerApplication is issue 24 item
// 4: the failed-authentication limit was per address across every tenant,
// so one application's wrong secrets from a shared egress (NAT,
// serverless) locked another application's valid secret out. Failures now
// count per address and application.
func TestRateLimit_FailedAuthenticationsCountPerApplication(t *testing.T) {
	eachLimiter(t, func(t *testing.T, useRedis bool) {
		limits := quota.DefaultLimits()
		limits.AuthFailures.Limit = 5
		h := limitedHarness(t, useRedis, limits)
		a, b := h.CreateApp(t, "tenanta", nil), h.CreateApp(t, "tenantb", nil)
		const egress = "127.5.0.1"
		for n := range 5 {
			if resp := doFrom(t, h, egress, http.MethodGet, "/users/count", wrongSecret("tenanta"), nil); resp.Status != http.StatusUnauthorized {
				t.Fatalf("wrong secret %d: %d %s, want 401", n+1, resp.Status, resp.Body)
			}
		}
		wantProblem(t, doFrom(t, h, egress, http.MethodGet, "/users/count", wrongSecret("tenanta"), nil), http.StatusTooManyRequests, "rate_limited")
		wantProblem(t, doFrom(t, h, egress, http.MethodGet, "/users/count", a.Secret(), nil), http.StatusTooManyRequests, "rate_limited")
		for _, path := range []string{"/users/count", "/credentials/list?userId=u"} {
			if resp := doFrom(t, h, egress, http.MethodGet, path, b.Secret(), nil); resp.Status != http.StatusOK {
				t.Errorf("another application's valid secret from the same address: %s %d %s, want 200", path, resp.Status, resp.Body)
			}
		}
		if resp := doFrom(t, h, egress, http.MethodPost, "/register/token", b.Secret(), map[string]any{"userId": "u", "username": "u"}); resp.Status != http.StatusOK {
			t.Errorf("another application's /register/token from the same address: %d %s", resp.Status, resp.Body)
		}
	})
}

// TestRateLimit_FailedAuthenticationsHaveAPerAddressCeiling: an address
// that spreads its wrong secrets over many application ids (and wrong
// management keys) still meets a ceiling, over which every secret and
// management route refuses it until the window ends.
func TestRateLimit_FailedAuthenticationsHaveAPerAddressCeiling(t *testing.T) {
	eachLimiter(t, func(t *testing.T, useRedis bool) {
		rate := func(n int64) quota.Rate { return quota.Rate{Limit: n, Period: time.Minute} }
		h := limitedHarness(t, useRedis, quota.Limits{AuthFailures: rate(3), AuthFailuresPerAddress: rate(8)})
		app := h.CreateApp(t, "ceiling", nil)
		const spreader = "127.6.0.1"
		for n := range 9 {
			path, wrong, want := "/users/count", wrongSecret(fmt.Sprintf("ghost%d", n)), http.StatusUnauthorized
			if n == 7 {
				path, wrong = "/admin/apps/ceiling/features", apitest.H{"ManagementKey": "wrong"}
			}
			if n == 8 {
				want = http.StatusTooManyRequests // the ninth failure, over the ceiling of 8
			}
			if resp := doFrom(t, h, spreader, http.MethodGet, path, wrong, nil); resp.Status != want {
				t.Fatalf("wrong credential %d: %d %s, want %d", n+1, resp.Status, resp.Body, want)
			}
		}
		for name, call := range map[string]func() *apitest.Response{
			"secret route": func() *apitest.Response {
				return doFrom(t, h, spreader, http.MethodGet, "/users/count", app.Secret(), nil)
			},
			"management route": func() *apitest.Response {
				return doFrom(t, h, spreader, http.MethodGet, "/admin/apps/ceiling/features", apitest.Management(), nil)
			},
		} {
			resp := call()
			wantProblem(t, resp, http.StatusTooManyRequests, "rate_limited")
			if resp.Header.Get("Retry-After") == "" || resp.Header.Get("RateLimit-Limit") != "8" {
				t.Errorf("%s: Retry-After %q RateLimit-Limit %q, want a wait and the ceiling 8", name,
					resp.Header.Get("Retry-After"), resp.Header.Get("RateLimit-Limit"))
			}
		}
		if resp := doFrom(t, h, "127.6.0.2", http.MethodGet, "/users/count", app.Secret(), nil); resp.Status != http.StatusOK {
			t.Errorf("another address was limited: %d %s", resp.Status, resp.Body)
		}
		h.Clock.Advance(time.Minute)
		if resp := doFrom(t, h, spreader, http.MethodGet, "/users/count", app.Secret(), nil); resp.Status != http.StatusOK {
			t.Errorf("after the window: %d %s", resp.Status, resp.Body)
		}
	})
}
