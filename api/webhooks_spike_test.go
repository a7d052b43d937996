package api_test

import (
	"context"
	"fmt"
	"net/http"
	"testing"
	"time"

	"passwordless/api/apitest"
	"passwordless/server"
)

// spikeHarness is a webhook harness that trusts the loopback proxy's
// X-Forwarded-For, so that reports can come from several clients.
func spikeHarness(t *testing.T) *apitest.Harness {
	return apitest.New(t, apitest.Options{Configure: func(c *server.Config) {
		c.Webhooks = testWebhooks(true)
		c.TrustedProxies = []string{"127.0.0.1"}
	}})
}

// TestWebhooks_FailureSpikeFromTheDiagnosticsCounters: a client-failure
// code reported for 5 % of yesterday's sign-ins and 12 % of today's is
// sent as passkey.failure_spike the next day, once. Each failure comes
// from another client: the check counts clients, not reports.
func TestWebhooks_FailureSpikeFromTheDiagnosticsCounters(t *testing.T) {
	h := spikeHarness(t)
	app := h.CreateApp(t, "hooks", nil)
	rcv := newReceiver(t)
	addWebhook(t, h, app, rcv.srv.URL, "passkey.failure_spike")
	ctx := context.Background()
	notAllowed := map[string]any{"ceremony": "signin", "error": map[string]any{"name": "NotAllowedError", "message": "x"}}
	for _, failures := range []int{5, 12} {
		for range 100 {
			h.Server.Diagnostics.CountCeremony(ctx, app.ID, "signin", false)
		}
		for i := range failures {
			must(t, h, http.StatusOK, http.MethodPost, "/diagnostics/failures", from(app, fmt.Sprintf("127.0.1.%d", i+1), ""), notAllowed)
		}
		h.Clock.Advance(24 * time.Hour)
	}
	for run := range 2 {
		if n, err := h.Server.CheckWebhookSpikes(ctx); err != nil || n != int64(1-run) {
			t.Fatalf("run %d: %d queued, %v", run, n, err)
		}
	}
	deliver(t, h)
	got := rcv.messages()
	if len(got) != 1 || got[0].Type != "passkey.failure_spike" {
		t.Fatalf("received %+v", got)
	}
	want := map[string]string{"appId": app.ID, "day": "2026-01-03", "ceremony": "signin", "errorCode": "passkey_not_allowed",
		"failures": "12", "ceremonies": "100", "sharePercent": "12.0", "previousSharePercent": "5.0"}
	for k, v := range want {
		if got[0].Data[k] != v {
			t.Errorf("data %v: %s = %q, want %q", got[0].Data, k, got[0].Data[k], v)
		}
	}
}

// TestWebhooks_OneClientsBurstIsNoSpike (issue 24 item 5): one client with
// the public key reporting 65 failures for 100 sign-ins begun, after a day
// of 5 failures from 5 clients, is one client, not a spike. Before the
// fix it queued passkey.failure_spike.
func TestWebhooks_OneClientsBurstIsNoSpike(t *testing.T) {
	h := spikeHarness(t)
	app := h.CreateApp(t, "hooks", nil)
	rcv := newReceiver(t)
	addWebhook(t, h, app, rcv.srv.URL, "passkey.failure_spike")
	ctx := context.Background()
	notAllowed := map[string]any{"ceremony": "signin", "error": map[string]any{"name": "NotAllowedError"}}
	for day := range 2 {
		for range 100 {
			h.Server.Diagnostics.CountCeremony(ctx, app.ID, "signin", false)
		}
		for i := range 5 {
			must(t, h, http.StatusOK, http.MethodPost, "/diagnostics/failures", from(app, fmt.Sprintf("127.0.1.%d", i+1), ""), notAllowed)
		}
		for range 60 * day {
			must(t, h, http.StatusOK, http.MethodPost, "/diagnostics/failures", from(app, "127.0.0.66", ""), notAllowed)
		}
		h.Clock.Advance(24 * time.Hour)
	}
	if n, err := h.Server.CheckWebhookSpikes(ctx); err != nil || n != 0 {
		t.Fatalf("%d queued, %v", n, err)
	}
}
