package api_test

import (
	"fmt"
	"net/http"
	"testing"
	"time"

	"passwordless/api/apitest"
	"passwordless/quota"
)

// failureReport is a client's report of a failed ceremony, as the
// published browser client sends it.
var failureReport = map[string]any{"ceremony": "signin", "error": map[string]any{"name": "NotAllowedError", "message": "x"}}

// floodTelemetry sends failure reports with app's public key, perAddress
// from each loopback address in turn (fewer than the per-address limit, so
// only an application budget can refuse them), until one is refused or
// max were sent. It returns how many were sent and the refusal, if any.
func floodTelemetry(t *testing.T, h *apitest.Harness, app apitest.App, perAddress, max int) (int, *apitest.Response) {
	t.Helper()
	for n := range max {
		ip := fmt.Sprintf("127.1.%d.%d", n/perAddress/250, n/perAddress%250+1)
		resp := doFrom(t, h, ip, http.MethodPost, "/diagnostics/failures", app.Public(), failureReport)
		switch resp.Status {
		case http.StatusOK:
		case http.StatusTooManyRequests:
			return n + 1, resp
		default:
			t.Fatalf("report %d from %s: %d %s", n+1, ip, resp.Status, resp.Body)
		}
	}
	return max, nil
}

// TestRateLimit_PublicKeyFloodLeavesTheBackendItsBudget is issue 24 item 1:
// failure reports sent with nothing but the public key, from many
// addresses, spent the application's one budget, and its backend then got
// 429 on /register/token and /signin/verify: nobody could register or sign
// in. Now public-key telemetry has a budget of its own, the smallest, and
// is refused first; the backend's routes and the ceremonies keep theirs.
func TestRateLimit_PublicKeyFloodLeavesTheBackendItsBudget(t *testing.T) {
	eachLimiter(t, func(t *testing.T, useRedis bool) {
		limits := quota.DefaultLimits()
		limits.Tenant.Limit = 40 // a backend's budget far below the flood
		limits.ClientIP.Limit = 10
		h := limitedHarness(t, useRedis, limits)
		b := newBrowser(t, h, "flooded")
		verifyToken, _ := b.register(t, "alice", nil)

		sent, refused := floodTelemetry(t, h, b.app, 5, 3000)
		if refused == nil {
			t.Fatalf("%d public-key failure reports from %d addresses were never limited", sent, sent/5)
		}
		wantProblem(t, refused, http.StatusTooManyRequests, "rate_limited")
		if got := refused.Header.Values("RateLimit-Limit"); len(got) != 1 {
			t.Errorf("429 RateLimit-Limit %q, want the one limit that refused", got)
		}
		t.Logf("telemetry limited after %d reports from %d addresses (RateLimit-Limit %s)",
			sent, (sent+4)/5, refused.Header.Get("RateLimit-Limit"))

		if resp := h.Do(t, http.MethodPost, "/register/token", b.app.Secret(), map[string]any{"userId": "bob", "username": "bob"}); resp.Status != http.StatusOK {
			t.Errorf("/register/token after the flood: %d %s, want 200", resp.Status, resp.Body)
		}
		if resp := h.Do(t, http.MethodPost, "/signin/verify", b.app.Secret(), map[string]any{"token": verifyToken}); resp.Status != http.StatusOK {
			t.Errorf("/signin/verify after the flood: %d %s, want 200", resp.Status, resp.Body)
		}
		begin := doFrom(t, h, "127.2.0.1", http.MethodPost, "/signin/begin", b.app.Public(), map[string]any{"RPID": testRPID, "Origin": testOrigin})
		if begin.Status != http.StatusOK {
			t.Errorf("a ceremony after the telemetry flood: %d %s, want 200 (telemetry is shed first)", begin.Status, begin.Body)
		}
		if resp := doFrom(t, h, "127.2.0.2", http.MethodPost, "/diagnostics/failures", b.app.Public(), failureReport); resp.Status != http.StatusTooManyRequests {
			t.Errorf("telemetry from a fresh address in the same window: %d, want 429", resp.Status)
		}
		h.Clock.Advance(time.Minute)
		if resp := doFrom(t, h, "127.2.0.2", http.MethodPost, "/diagnostics/failures", b.app.Public(), failureReport); resp.Status != http.StatusOK {
			t.Errorf("telemetry in the next window: %d %s, want 200", resp.Status, resp.Body)
		}
	})
}

// TestRateLimit_BudgetsOfAnApplicationAreApart spends each of the three
// budgets of one application in turn and checks the other two, and the
// same budget of another application, are untouched.
func TestRateLimit_BudgetsOfAnApplicationAreApart(t *testing.T) {
	eachLimiter(t, func(t *testing.T, useRedis bool) {
		rate := func(n int64) quota.Rate { return quota.Rate{Limit: n, Period: time.Minute} }
		h := limitedHarness(t, useRedis, quota.Limits{Tenant: rate(3), Public: rate(3), Telemetry: rate(3)})
		app, other := h.CreateApp(t, "budgets", nil), h.CreateApp(t, "neighbour", nil)
		calls := map[string]func(app apitest.App) *apitest.Response{
			"secret": func(app apitest.App) *apitest.Response {
				return h.Do(t, http.MethodGet, "/users/count", app.Secret(), nil)
			},
			"ceremony": func(app apitest.App) *apitest.Response {
				return h.Do(t, http.MethodPost, "/signin/begin", app.Public(), map[string]any{"RPID": testRPID, "Origin": testOrigin})
			},
			"telemetry": func(app apitest.App) *apitest.Response {
				return h.Do(t, http.MethodPost, "/diagnostics/failures", app.Public(), failureReport)
			},
		}
		for _, spent := range []string{"telemetry", "ceremony", "secret"} {
			for range 3 {
				if resp := calls[spent](app); resp.Status != http.StatusOK {
					t.Fatalf("%s within its budget: %d %s", spent, resp.Status, resp.Body)
				}
			}
			wantProblem(t, calls[spent](app), http.StatusTooManyRequests, "rate_limited")
			if resp := calls[spent](other); resp.Status != http.StatusOK {
				t.Errorf("%s spent by one application limited another: %d", spent, resp.Status)
			}
			for name, call := range calls {
				if resp := call(app); name != spent && resp.Status != http.StatusOK {
					t.Errorf("%s answered %d once %s was spent", name, resp.Status, spent)
				}
			}
			h.Clock.Advance(time.Minute)
		}
	})
}
