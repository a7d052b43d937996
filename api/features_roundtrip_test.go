package api_test

import (
	"bytes"
	"net/http"
	"testing"

	"passwordless/api/apitest"
)

// TestManagedFeatures_RoundTrip: what GET /admin/apps/{app}/features
// answers can be posted back to it unchanged, and the next GET answers the
// same (a plan tool reads, edits one field and writes back).
func TestManagedFeatures_RoundTrip(t *testing.T) {
	h := apitest.New(t, apitest.Options{})
	h.CreateApp(t, "roundtrip", nil)
	h.SetFeatures(t, "roundtrip", map[string]any{"eventLoggingIsEnabled": true, "eventLoggingRetentionPeriod": 30,
		"magicLinkEmailMonthlyQuota": 500, "maxUsers": 40, "allowAttestation": true, "maxCredentialsPerUser": 3,
		"allowedOrigins": []string{"https://shop.example"}})
	path := "/admin/apps/roundtrip/features"
	first := h.Do(t, http.MethodGet, path, apitest.Management(), nil)
	if first.Status != http.StatusOK {
		t.Fatalf("GET = %d %s", first.Status, first.Body)
	}
	if posted := h.Do(t, http.MethodPost, path, apitest.Management(), first.Body); posted.Status != http.StatusNoContent {
		t.Fatalf("POST of the GET's answer = %d %s", posted.Status, posted.Body)
	}
	if again := h.Do(t, http.MethodGet, path, apitest.Management(), nil); !bytes.Equal(again.Body, first.Body) {
		t.Errorf("after the round trip GET = %s, want %s", again.Body, first.Body)
	}
}
