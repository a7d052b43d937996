package api_test

import (
	"net/http"
	"net/http/httptest"
	"strconv"
	"testing"
	"time"

	"passwordless/api/apitest"
	"passwordless/quota"
	"passwordless/server"
	"passwordless/storage/storagetest"
)

// limitedHarness is a server with small rate limits, in process or, with
// TEST_REDIS_URL, on Redis under the test's own key prefix.
func limitedHarness(t *testing.T, useRedis bool, limits quota.Limits) *apitest.Harness {
	t.Helper()
	o := apitest.Options{Configure: func(c *server.Config) { c.RateLimits = &limits }}
	if useRedis {
		client, prefix := storagetest.Redis(t)
		o.Redis = client
		o.Configure = func(c *server.Config) { c.RateLimits, c.RedisKeyPrefix = &limits, prefix }
	}
	h := apitest.New(t, o)
	// Start on a window boundary so the test knows when the window ends.
	now := h.Clock.Now()
	h.Clock.Advance(now.Truncate(time.Minute).Add(time.Minute).Sub(now))
	return h
}

func eachLimiter(t *testing.T, fn func(t *testing.T, useRedis bool)) {
	t.Run("memory", func(t *testing.T) { fn(t, false) })
	t.Run("redis", func(t *testing.T) { fn(t, true) })
}

func TestRateLimit_PerApplication(t *testing.T) {
	eachLimiter(t, func(t *testing.T, useRedis bool) {
		h := limitedHarness(t, useRedis, quota.Limits{Tenant: quota.Rate{Limit: 3, Period: time.Minute}})
		app, other := h.CreateApp(t, "limited", nil), h.CreateApp(t, "neighbour", nil)
		for i := range 3 {
			resp := h.Do(t, http.MethodGet, "/users/count", app.Secret(), nil)
			if resp.Status != http.StatusOK {
				t.Fatalf("request %d: %d %s", i+1, resp.Status, resp.Body)
			}
			if got := resp.Header.Get("RateLimit-Remaining"); got != strconv.Itoa(2-i) || resp.Header.Get("RateLimit-Limit") != "3" {
				t.Errorf("request %d: RateLimit-Limit %q Remaining %q, want 3 and %d", i+1, resp.Header.Get("RateLimit-Limit"), got, 2-i)
			}
		}
		h.Clock.Advance(20 * time.Second)
		resp := h.Do(t, http.MethodPost, "/register/token", app.Secret(), map[string]any{"userId": "u", "username": "u"})
		wantProblem(t, resp, http.StatusTooManyRequests, "rate_limited")
		for name, want := range map[string]string{"Retry-After": "40", "RateLimit-Reset": "40", "RateLimit-Remaining": "0", "RateLimit-Limit": "3"} {
			if got := resp.Header.Get(name); got != want {
				t.Errorf("429 %s = %q, want %q", name, got, want)
			}
		}
		if resp := h.Do(t, http.MethodGet, "/users/count", other.Secret(), nil); resp.Status != http.StatusOK {
			t.Errorf("another application was limited: %d", resp.Status)
		}
		if resp := h.Do(t, http.MethodGet, "/admin/apps/limited/features", apitest.Management(), nil); resp.Status != http.StatusOK {
			t.Errorf("management call limited by the application's rate: %d", resp.Status)
		}
		h.Clock.Advance(40 * time.Second)
		if resp := h.Do(t, http.MethodGet, "/users/count", app.Secret(), nil); resp.Status != http.StatusOK {
			t.Errorf("after the window: %d %s, want recovered", resp.Status, resp.Body)
		}
	})
}

func TestRateLimit_PerClientAddressOnPublicEndpoints(t *testing.T) {
	eachLimiter(t, func(t *testing.T, useRedis bool) {
		h := limitedHarness(t, useRedis, quota.Limits{ClientIP: quota.Rate{Limit: 2, Period: time.Minute}})
		app := h.CreateApp(t, "ipapp", nil)
		from := func(ip string) *apitest.Response {
			return doFrom(t, h, ip, http.MethodPost, "/signin/begin", app.Public(),
				map[string]any{"RPID": testRPID, "Origin": testOrigin})
		}
		for i := range 2 {
			if resp := from("192.0.2.1"); resp.Status != http.StatusOK {
				t.Fatalf("begin %d: %d %s", i+1, resp.Status, resp.Body)
			}
		}
		wantProblem(t, from("192.0.2.1"), http.StatusTooManyRequests, "rate_limited")
		if resp := from("192.0.2.2"); resp.Status != http.StatusOK {
			t.Errorf("another address was limited: %d %s", resp.Status, resp.Body)
		}
		// The address is counted before authentication: a flood of bad keys
		// from one address is cut off too.
		bad := apitest.NewRequest(t, http.MethodPost, "/signin/begin", apitest.H{"ApiKey": "ipapp:public:00000000000000000000000000000000"}, map[string]any{})
		bad.RemoteAddr = "192.0.2.1:5000"
		rec := httptest.NewRecorder()
		h.Handler.ServeHTTP(rec, bad)
		if rec.Code != http.StatusTooManyRequests {
			t.Errorf("bad key from a limited address: %d, want 429", rec.Code)
		}
		// Backends are not limited per address.
		for range 3 {
			if resp := h.Do(t, http.MethodGet, "/users/count", app.Secret(), nil); resp.Status != http.StatusOK {
				t.Fatalf("secret endpoint limited per address: %d", resp.Status)
			}
		}
		h.Clock.Advance(time.Minute)
		if resp := from("192.0.2.1"); resp.Status != http.StatusOK {
			t.Errorf("after the window: %d %s", resp.Status, resp.Body)
		}
	})
}

func TestRateLimit_DefaultLimitsApplyWithoutConfiguration(t *testing.T) {
	h := apitest.New(t, apitest.Options{})
	app := h.CreateApp(t, "defaults", nil)
	resp := h.Do(t, http.MethodGet, "/users/count", app.Secret(), nil)
	d := quota.DefaultLimits()
	if got := resp.Header.Get("RateLimit-Limit"); got != strconv.FormatInt(d.Tenant.Limit, 10) {
		t.Errorf("RateLimit-Limit %q, want the default %d", got, d.Tenant.Limit)
	}
}
