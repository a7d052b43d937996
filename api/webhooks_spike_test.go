package api_test

import (
	"context"
	"testing"
	"time"
)

// TestWebhooks_FailureSpikeFromTheDiagnosticsCounters: a client-failure
// code reported for 5 % of yesterday's sign-ins and 12 % of today's is
// sent as passkey.failure_spike the next day, once.
func TestWebhooks_FailureSpikeFromTheDiagnosticsCounters(t *testing.T) {
	h := webhookHarness(t, true)
	app := h.CreateApp(t, "hooks", nil)
	rcv := newReceiver(t)
	addWebhook(t, h, app, rcv.srv.URL, "passkey.failure_spike")
	ctx := context.Background()
	notAllowed := map[string]any{"ceremony": "signin", "error": map[string]any{"name": "NotAllowedError", "message": "x"}}
	for _, failures := range []int{5, 12} {
		for range 100 {
			h.Server.Diagnostics.CountCeremony(ctx, app.ID, "signin", false)
		}
		for range failures {
			report(t, h, app, notAllowed)
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
