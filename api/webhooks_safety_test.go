package api_test

import (
	"net/http"
	"strings"
	"testing"
	"time"

	"passwordless/api/apitest"
	"passwordless/server"
)

// TestWebhooks_RedeliverySendsTheSameMessage: a redelivered message
// arrives again with the same webhook-id.
func TestWebhooks_RedeliverySendsTheSameMessage(t *testing.T) {
	h := webhookHarness(t, true)
	app := h.CreateApp(t, "hooks", nil)
	rcv := newReceiver(t)
	hook := addWebhook(t, h, app, rcv.srv.URL, "user.deleted")
	id := sendTest(t, h, app, hook.ID)
	deliver(t, h)
	must(t, h, 202, http.MethodPost, "/webhooks/redeliver", app.Secret(), map[string]any{"deliveryId": id})
	deliver(t, h)
	got := rcv.messages()
	if len(got) != 2 || got[0].ID != id || got[1].ID != id || string(got[0].Body) != string(got[1].Body) {
		t.Fatalf("received %+v, want the message %s twice", got, id)
	}
	if !signedWith(t, got[1], hook.Secret) {
		t.Error("the redelivery is not signed")
	}
}

// TestWebhooks_RotationOverlap: after a rotation both secrets sign for
// 24 h, then only the new one.
func TestWebhooks_RotationOverlap(t *testing.T) {
	h := webhookHarness(t, true)
	app := h.CreateApp(t, "hooks", nil)
	rcv := newReceiver(t)
	hook := addWebhook(t, h, app, rcv.srv.URL, "user.deleted")
	resp := must(t, h, 200, http.MethodPost, "/webhooks/rotate-secret", app.Secret(), map[string]any{"id": hook.ID})
	var rotated struct{ Secret string }
	resp.JSON(t, &rotated)
	if !strings.HasPrefix(rotated.Secret, "whsec_") || rotated.Secret == hook.Secret {
		t.Fatalf("rotated secret %q", rotated.Secret)
	}
	sendTest(t, h, app, hook.ID)
	deliver(t, h)
	h.Clock.Advance(24*time.Hour + time.Second)
	sendTest(t, h, app, hook.ID)
	deliver(t, h)
	got := rcv.messages()
	if len(got) != 2 {
		t.Fatalf("received %d messages, want 2", len(got))
	}
	tests := []struct {
		name      string
		msg       received
		old, new_ bool
		sigs      int
	}{
		{"during the overlap both sign", got[0], true, true, 2},
		{"after 24 h only the new one", got[1], false, true, 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if signedWith(t, tt.msg, hook.Secret) != tt.old || signedWith(t, tt.msg, rotated.Secret) != tt.new_ ||
				len(strings.Fields(tt.msg.Signature)) != tt.sigs {
				t.Errorf("signature %q: old verifies %v, new %v", tt.msg.Signature, !tt.old, tt.new_)
			}
		})
	}
}

// TestWebhooks_PrivateTargetsRefused: without WEBHOOKS_ALLOW_PRIVATE only
// https to public addresses is accepted, and a name that resolves inside
// our network is refused when connecting.
func TestWebhooks_PrivateTargetsRefused(t *testing.T) {
	h := webhookHarness(t, false)
	app := h.CreateApp(t, "hooks", nil)
	rcv := newReceiver(t)
	for _, url := range []string{rcv.srv.URL, "http://hooks.example.com/in", "https://127.0.0.1/in",
		"https://10.1.2.3/in", "https://[::1]/in", "https://169.254.169.254/latest", "https://[::ffff:192.168.0.1]/in",
		"ftp://hooks.example.com/in"} {
		t.Run(url, func(t *testing.T) {
			wantProblem(t, h.Do(t, http.MethodPost, "/webhooks/add", app.Secret(),
				map[string]any{"url": url, "events": []string{"user.deleted"}}), 400, "webhook_url_not_allowed")
		})
	}
	t.Run("a name resolving to loopback", func(t *testing.T) {
		port := rcv.srv.URL[strings.LastIndex(rcv.srv.URL, ":"):]
		hook := addWebhook(t, h, app, "https://localhost"+port+"/in", "user.deleted")
		sendTest(t, h, app, hook.ID)
		deliver(t, h)
		if got := rcv.messages(); len(got) != 0 {
			t.Fatalf("the receiver got %d messages", len(got))
		}
		if d := deliveriesOf(t, h, app, hook.ID)[0]; d.Status != "pending" || d.Error != "target address not allowed" {
			t.Errorf("delivery %+v, want refused and pending", d)
		}
	})
}

// TestWebhooks_DifferentTenantSeesNothing: another application can neither
// see nor touch an endpoint or a delivery, and its events are not sent there.
func TestWebhooks_DifferentTenantSeesNothing(t *testing.T) {
	h := webhookHarness(t, true)
	mine := h.CreateApp(t, "mine", nil)
	other := h.CreateApp(t, "other", nil)
	rcv := newReceiver(t)
	hook := addWebhook(t, h, mine, rcv.srv.URL, "user.deleted")
	delivery := sendTest(t, h, mine, hook.ID)
	list := must(t, h, 200, http.MethodGet, "/webhooks/list", other.Secret(), nil)
	if strings.Contains(string(list.Body), hook.ID) {
		t.Errorf("the other app lists %s", list.Body)
	}
	calls := []struct {
		method, path string
		body         any
		status       int
		code         string
	}{
		{"GET", "/webhooks/deliveries?id=" + hook.ID, nil, 404, "webhook_not_found"},
		{"POST", "/webhooks/rotate-secret", map[string]any{"id": hook.ID}, 404, "webhook_not_found"},
		{"POST", "/webhooks/test", map[string]any{"id": hook.ID}, 404, "webhook_not_found"},
		{"POST", "/webhooks/delete", map[string]any{"id": hook.ID}, 404, "webhook_not_found"},
		{"POST", "/webhooks/redeliver", map[string]any{"deliveryId": delivery}, 404, "webhook_delivery_not_found"},
	}
	for _, c := range calls {
		t.Run(c.method+" "+c.path, func(t *testing.T) {
			wantProblem(t, h.Do(t, c.method, c.path, other.Secret(), c.body), c.status, c.code)
		})
	}
	must(t, h, 200, http.MethodPost, "/users/delete", other.Secret(), map[string]any{"userId": "u1"})
	for deliver(t, h) > 0 {
	}
	if got := rcv.types(); len(got) != 1 || got[0] != "webhook.test" {
		t.Errorf("mine received %v, want only its own test message", got)
	}
}

// TestWebhooks_Metrics: deliveries by outcome and the queue are exported.
func TestWebhooks_Metrics(t *testing.T) {
	h := webhookHarness(t, true)
	app := h.CreateApp(t, "hooks", nil)
	rcv := newReceiver(t)
	hook := addWebhook(t, h, app, rcv.srv.URL, "user.deleted")
	sendTest(t, h, app, hook.ID)
	deliver(t, h)
	rcv.status.Store(500)
	sendTest(t, h, app, hook.ID)
	deliver(t, h)
	h.Clock.Advance(time.Minute)
	body := string(must(t, h, 200, http.MethodGet, "/metrics", nil, nil).Body)
	for _, want := range []string{`passwordless_webhook_deliveries_total{outcome="delivered"} 1`,
		`passwordless_webhook_deliveries_total{outcome="retry"} 1`, "passwordless_webhook_queue_depth 1",
		"passwordless_webhook_oldest_pending_seconds 60"} {
		if !strings.Contains(body, want) {
			t.Errorf("/metrics lacks %q", want)
		}
	}
}

type endpointItem struct {
	ID           string     `json:"id"`
	FailingSince *time.Time `json:"failingSince"`
	DisabledAt   *time.Time `json:"disabledAt"`
}

func endpointsOf(t *testing.T, h *apitest.Harness, app apitest.App) []endpointItem {
	t.Helper()
	var out struct {
		Endpoints []endpointItem `json:"endpoints"`
	}
	must(t, h, 200, http.MethodGet, "/webhooks/list", app.Secret(), nil).JSON(t, &out)
	return out.Endpoints
}

// TestWebhooks_DisabledAfterFailingThreeDays: an endpoint that has failed
// for 3 days without a success is disabled (nothing queued, nothing sent)
// until it is enabled again; one success in between resets the streak.
func TestWebhooks_DisabledAfterFailingThreeDays(t *testing.T) {
	tests := []struct {
		name         string
		succeedOnDay int // -1: never
		wantDisabled bool
	}{
		{"failing every day", -1, true},
		{"a success on day 2", 2, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h := webhookHarness(t, true)
			app := h.CreateApp(t, "hooks", nil)
			rcv := newReceiver(t)
			hook := addWebhook(t, h, app, rcv.srv.URL, "user.deleted")
			for day := 0; day < 4; day++ {
				rcv.status.Store(500)
				if day == tt.succeedOnDay {
					rcv.status.Store(200)
				}
				sendTest(t, h, app, hook.ID)
				for deliver(t, h) > 0 {
				}
				h.Clock.Advance(25 * time.Hour)
			}
			ep := endpointsOf(t, h, app)[0]
			if (ep.DisabledAt != nil) != tt.wantDisabled || ep.FailingSince == nil {
				t.Fatalf("endpoint after 4 days: %+v, want disabled %v", ep, tt.wantDisabled)
			}
			if !tt.wantDisabled {
				return
			}
			rcv.status.Store(200)
			before := len(rcv.messages())
			must(t, h, 200, http.MethodPost, "/users/delete", app.Secret(), map[string]any{"userId": "u1"})
			id := sendTest(t, h, app, hook.ID)
			for deliver(t, h) > 0 {
			}
			if d := deliveriesOf(t, h, app, hook.ID)[0]; d.ID != id || d.Status != "failed" || d.Error != "endpoint disabled" {
				t.Errorf("a test to the disabled endpoint: %+v, want failed without an attempt", d)
			}
			if len(rcv.messages()) != before {
				t.Errorf("the disabled endpoint was sent %d messages", len(rcv.messages())-before)
			}
			must(t, h, 204, http.MethodPost, "/webhooks/enable", app.Secret(), map[string]any{"id": hook.ID})
			if ep := endpointsOf(t, h, app)[0]; ep.DisabledAt != nil || ep.FailingSince != nil {
				t.Errorf("after enable: %+v", ep)
			}
			must(t, h, 202, http.MethodPost, "/webhooks/redeliver", app.Secret(), map[string]any{"deliveryId": id})
			deliver(t, h)
			if got := rcv.messages(); len(got) != before+1 || got[len(got)-1].ID != id {
				t.Errorf("after enable and redeliver the receiver got %d new messages", len(got)-before)
			}
		})
	}
}

// TestWebhooks_RatePerApplication: past the per-application rate, the
// rest waits for the next window without an attempt being counted.
func TestWebhooks_RatePerApplication(t *testing.T) {
	h := apitest.New(t, apitest.Options{Configure: func(c *server.Config) {
		c.Webhooks = server.WebhookConfig{AllowPrivate: true, Poll: -1, RatePerMinute: 2}
	}})
	app := h.CreateApp(t, "hooks", nil)
	rcv := newReceiver(t)
	hook := addWebhook(t, h, app, rcv.srv.URL, "user.deleted")
	for range 3 {
		sendTest(t, h, app, hook.ID)
	}
	deliver(t, h)
	if got := len(rcv.messages()); got != 2 {
		t.Fatalf("first minute: %d sent, want 2", got)
	}
	var waiting deliveryItem
	for _, d := range deliveriesOf(t, h, app, hook.ID) {
		if d.Status == "pending" {
			waiting = d
		}
	}
	reset := h.Clock.Now().Truncate(time.Minute).Add(time.Minute)
	if waiting.Attempts != 0 || waiting.NextAttemptAt == nil || !waiting.NextAttemptAt.Equal(reset) {
		t.Fatalf("the third: %+v, want pending until %v without an attempt", waiting, reset)
	}
	h.Clock.Set(reset)
	deliver(t, h)
	if got := len(rcv.messages()); got != 3 {
		t.Errorf("next minute: %d sent in all, want 3", got)
	}
}

// TestWebhooks_AuditedInTheEventLog: endpoint changes (enabling one and
// asking for a redelivery too), a delivery that fails for good and an
// endpoint disabled after 3 days are in the app's event log, the two
// failures as alerts its admins see.
func TestWebhooks_AuditedInTheEventLog(t *testing.T) {
	h := webhookHarness(t, true)
	b := loggedApp(t, h, "hooklog")
	rcv := newReceiver(t)
	rcv.status.Store(500)
	hook := addWebhook(t, h, b.app, rcv.srv.URL, "user.deleted")
	must(t, h, 200, http.MethodPost, "/webhooks/rotate-secret", b.app.Secret(), map[string]any{"id": hook.ID})
	for day := 0; day < 4; day++ {
		sendTest(t, h, b.app, hook.ID)
		for deliver(t, h) > 0 {
		}
		h.Clock.Advance(25 * time.Hour)
		for deliver(t, h) > 0 {
		}
	}
	other := addWebhook(t, h, b.app, rcv.srv.URL, "user.deleted")
	must(t, h, 204, http.MethodPost, "/webhooks/delete", b.app.Secret(), map[string]any{"id": other.ID})
	must(t, h, 204, http.MethodPost, "/webhooks/enable", b.app.Secret(), map[string]any{"id": hook.ID})
	failed := deliveriesOf(t, h, b.app, hook.ID)[0].ID
	must(t, h, 202, http.MethodPost, "/webhooks/redeliver", b.app.Secret(), map[string]any{"deliveryId": failed})

	seen := map[string]string{}
	for _, e := range readEvents(t, h, b.app.Secret(), "?pageNumber=1&numberOfResults=1000").Events {
		seen[e.EventType] = e.Severity
	}
	for typ, severity := range map[string]string{"ApiWebhookEndpointAdded": "Informational",
		"ApiWebhookSecretRotated": "Informational", "ApiWebhookEndpointDeleted": "Informational",
		"ApiWebhookDeliveryFailed": "Alert", "ApiWebhookEndpointDisabled": "Alert",
		"ApiWebhookEndpointEnabled": "Informational", "ApiWebhookRedeliveryRequested": "Informational"} {
		if seen[typ] != severity {
			t.Errorf("%s: severity %q in the log, want %q (log: %v)", typ, seen[typ], severity, seen)
		}
	}
}
