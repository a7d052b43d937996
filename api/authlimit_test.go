package api_test

import (
	"net"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	"passwordless/api/apitest"
	"passwordless/quota"
)

// doFrom sends a request through the router from client address ip.
func doFrom(t *testing.T, h *apitest.Harness, ip, method, path string, headers apitest.H, body any) *apitest.Response {
	t.Helper()
	req := apitest.NewRequest(t, method, path, headers, body)
	req.RemoteAddr = net.JoinHostPort(ip, "5000")
	rec := httptest.NewRecorder()
	h.Handler.ServeHTTP(rec, req)
	resp := &apitest.Response{Status: rec.Code, Header: rec.Header(), Body: rec.Body.Bytes()}
	apitest.CheckResponse(t, req, resp)
	return resp
}

// TestRateLimit_FailedAuthenticationsPerAddress is issue 16 repros 7 and 8:
// wrong ApiSecrets and management keys were unlimited. Past the allowance
// an address gets 429 before its credential is even looked at, the right
// credential included, until the window ends; other addresses and public
// keys are unaffected.
func TestRateLimit_FailedAuthenticationsPerAddress(t *testing.T) {
	eachLimiter(t, func(t *testing.T, useRedis bool) {
		h := limitedHarness(t, useRedis, quota.Limits{AuthFailures: quota.Rate{Limit: 3, Period: time.Minute}})
		app := h.CreateApp(t, "authlimit", nil)
		tests := []struct {
			name, path  string
			wrong, good apitest.H
			wrongStatus int
		}{
			{"wrong ApiSecret", "/users/count", apitest.H{"ApiSecret": "authlimit:secret:00000000000000000000000000000000"},
				app.Secret(), http.StatusUnauthorized},
			{"wrong management key", "/admin/apps/authlimit/features", apitest.H{"ManagementKey": "wrong"},
				apitest.Management(), http.StatusUnauthorized},
		}
		for i, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				ip := "198.51.100." + string(rune('1'+i))
				for n := range 3 {
					if resp := doFrom(t, h, ip, http.MethodGet, tt.path, tt.wrong, nil); resp.Status != tt.wrongStatus {
						t.Fatalf("failure %d: %d %s, want %d", n+1, resp.Status, resp.Body, tt.wrongStatus)
					}
				}
				wantProblem(t, doFrom(t, h, ip, http.MethodGet, tt.path, tt.wrong, nil), http.StatusTooManyRequests, "rate_limited")
				resp := doFrom(t, h, ip, http.MethodGet, tt.path, tt.good, nil)
				wantProblem(t, resp, http.StatusTooManyRequests, "rate_limited")
				if resp.Header.Get("Retry-After") == "" {
					t.Error("429 without Retry-After")
				}
				if resp := doFrom(t, h, "203.0.113.9", http.MethodGet, tt.path, tt.good, nil); resp.Status != http.StatusOK {
					t.Errorf("another address was limited: %d %s", resp.Status, resp.Body)
				}
			})
		}
		t.Run("wrong public keys are not counted", func(t *testing.T) {
			for range 5 {
				resp := doFrom(t, h, "198.51.100.7", http.MethodPost, "/signin/begin",
					apitest.H{"ApiKey": "authlimit:public:00000000000000000000000000000000"}, map[string]any{})
				if resp.Status != http.StatusUnauthorized {
					t.Fatalf("wrong public key: %d, want 401", resp.Status)
				}
			}
		})
		h.Clock.Advance(time.Minute)
		if resp := doFrom(t, h, "198.51.100.1", http.MethodGet, "/users/count", app.Secret(), nil); resp.Status != http.StatusOK {
			t.Errorf("after the window: %d %s", resp.Status, resp.Body)
		}
	})
}
