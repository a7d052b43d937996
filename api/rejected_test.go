package api_test

import (
	"net/http"
	"strings"
	"testing"
	"time"

	"passwordless/api/apitest"
)

// TestRejectedKeys_OneEventPerMinuteExactCountsInMetrics is issue 16 repro
// 7: a flood of invalid secrets wrote an event row per request. Now at most
// one event per application, key kind and reason is written a minute, and
// the metric counts every rejection.
func TestRejectedKeys_OneEventPerMinuteExactCountsInMetrics(t *testing.T) {
	h := apitest.New(t, apitest.Options{})
	b := loggedApp(t, h, "flooded")
	forged := apitest.H{"ApiSecret": "flooded:secret:00000000000000000000000000000000"}
	for range 30 {
		if resp := h.Do(t, http.MethodGet, "/users/count", forged, nil); resp.Status != http.StatusUnauthorized {
			t.Fatalf("forged secret: %d", resp.Status)
		}
	}
	h.Clock.Advance(time.Minute)
	h.Do(t, http.MethodGet, "/users/count", forged, nil)
	count := 0
	for _, e := range readEvents(t, h, b.app.Secret(), "?pageNumber=1&numberOfResults=1000").Events {
		if e.EventType == "ApiAuthInvalidSecretKeyUsed" {
			count++
		}
	}
	if count != 2 {
		t.Errorf("%d ApiAuthInvalidSecretKeyUsed events for 31 rejections over two minutes, want 2", count)
	}
	metrics := string(h.Do(t, http.MethodGet, "/metrics", nil, nil).Body)
	if !strings.Contains(metrics, `passwordless_rejected_api_keys_total{kind="secret",reason="invalid"} 31`) {
		t.Error("passwordless_rejected_api_keys_total does not count all 31 rejections")
	}
}
