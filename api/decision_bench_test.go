package api_test

import (
	"bytes"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	"passwordless/api/apitest"
	"passwordless/quota"
	"passwordless/server"
)

// BenchmarkDecision_NoHint measures POST /passkeys/decision through the
// real router as a page asks it before a prompt: a public key, a real
// User-Agent, capabilities and a device id, no user hint (issue 21 §4:
// one in-memory read path). Run:
// go test ./api -run '^$' -bench Decision_NoHint -benchmem -cpuprofile /tmp/decision.prof
func BenchmarkDecision_NoHint(b *testing.B) {
	h := apitest.New(b, apitest.Options{Configure: func(c *server.Config) {
		c.RateLimits = &quota.Limits{Tenant: quota.Rate{Limit: 1 << 30, Period: time.Minute},
			ClientIP: quota.Rate{Limit: 1 << 30, Period: time.Minute}}
	}})
	app := h.CreateApp(b, "bench", nil)
	body, _ := json.Marshal(map[string]any{"ceremony": "signin", "capabilities": macCapabilities, "deviceId": "device-1"})
	b.ReportAllocs()
	b.ResetTimer()
	for range b.N {
		req := httptest.NewRequest(http.MethodPost, "/passkeys/decision", bytes.NewReader(body))
		req.Header.Set("Content-Type", "application/json")
		req.Header.Set("ApiKey", app.APIKey1)
		req.Header.Set("User-Agent", macSafari["User-Agent"])
		req.RemoteAddr = "127.0.0.1:40000"
		rec := httptest.NewRecorder()
		h.Handler.ServeHTTP(rec, req)
		if rec.Code != http.StatusOK {
			b.Fatalf("status %d: %s", rec.Code, rec.Body)
		}
	}
}
