package console_test

import (
	"context"
	"html"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"passwordless/api/apitest"
	"passwordless/events"
	"passwordless/server"
	"passwordless/tenants"
)

// hooksAdmin is an owner of acmeapp (event logging on) on a server that
// sends webhooks to local receivers and whose worker runs only when told.
func hooksAdmin(t *testing.T) (*apitest.Harness, *browser) {
	t.Helper()
	h := apitest.New(t, apitest.Options{Configure: func(c *server.Config) {
		c.PublicURL = origin
		c.Webhooks = server.WebhookConfig{AllowPrivate: true, Poll: -1, Timeout: 5 * time.Second,
			Jitter: func() float64 { return 0.5 }}
	}})
	b := owner(t, h, "Acme", "owner@acme.test")
	b.createApp(t, "acmeapp")
	if err := h.Server.Tenants.SetPlan(t.Context(), "acmeapp", tenants.Plan{EventLoggingEnabled: true}); err != nil {
		t.Fatal(err)
	}
	return h, b
}

// receiver answers every webhook with its status (200 unless set).
func receiver(t *testing.T) (*httptest.Server, *atomic.Int32) {
	t.Helper()
	var status atomic.Int32
	status.Store(http.StatusOK)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) { w.WriteHeader(int(status.Load())) }))
	t.Cleanup(srv.Close)
	return srv, &status
}

const hooksPage = "/console/apps/acmeapp/webhooks"

// addEndpoint adds an endpoint through the form and returns its id and
// the secret shown.
func addEndpoint(t *testing.T, b *browser, target string, events ...string) (id, secret string) {
	t.Helper()
	p := b.post(t, hooksPage, csrfOf(t, b.get(t, hooksPage)), url.Values{"url": {target}, "event": events, "description": {"orders"}})
	if p.Status != http.StatusCreated {
		t.Fatalf("add: %d %.500s", p.Status, p.Body)
	}
	c := codes(p)
	return c["endpoint-id"], c["webhook-secret"]
}

// deliverAll runs the worker until nothing is due.
func deliverAll(t *testing.T, h *apitest.Harness) {
	t.Helper()
	for {
		n, err := h.Server.WebhookWorker.RunOnce(context.Background())
		if err != nil {
			t.Fatal(err)
		}
		if n == 0 {
			return
		}
	}
}

func TestWebhooks_AddListRotateDeleteAudited(t *testing.T) {
	h, b := hooksAdmin(t)
	rcv, _ := receiver(t)
	id, secret := addEndpoint(t, b, rcv.URL+"/in", "user.created", "credential.deleted")
	if !strings.HasPrefix(id, "ep_") || !strings.HasPrefix(secret, "whsec_") {
		t.Fatalf("created page: id %q secret %q", id, secret)
	}
	list := b.get(t, hooksPage)
	for _, want := range []string{id, rcv.URL + "/in", "user.created, credential.deleted", "orders", "Enabled"} {
		if !strings.Contains(list.Body, want) {
			t.Errorf("list lacks %q", want)
		}
	}
	ep := b.get(t, hooksPage+"/"+id)
	for _, p := range []page{list, ep} {
		if strings.Contains(p.Body, secret) {
			t.Error("the secret is shown again")
		}
	}
	csrf := csrfOf(t, ep)
	rotated := b.post(t, hooksPage+"/"+id+"/rotate-secret", csrf, nil)
	next := codes(rotated)["webhook-secret"]
	if rotated.Status != http.StatusOK || !strings.HasPrefix(next, "whsec_") || next == secret || !strings.Contains(rotated.Body, "24 hours") {
		t.Errorf("rotate: %d secret %q: %.400s", rotated.Status, next, rotated.Body)
	}
	if p := b.get(t, hooksPage+"/"+id); strings.Contains(p.Body, next) || !strings.Contains(p.Body, "Previous secret") {
		t.Errorf("endpoint page after the rotation shows the secret, or not the overlap: %.600s", p.Body)
	}
	// Unconfirmed, the confirm page says what will be lost.
	p := b.post(t, hooksPage+"/"+id+"/delete", csrf, nil)
	for _, want := range []string{"Delete the webhook endpoint " + id + "?", rcv.URL + "/in", "user.created, credential.deleted",
		"its signing secret", "pending deliveries", "its delivery history", `name="confirm" value="yes"`} {
		if p.Status != http.StatusOK || !strings.Contains(html.UnescapeString(p.Body), want) {
			t.Errorf("delete unconfirmed: %d, want %q in %.1500s", p.Status, want, p.Body)
		}
	}
	wantRedirect(t, "delete", b.post(t, hooksPage+"/"+id+"/delete", csrf, url.Values{"confirm": {"yes"}}), http.StatusSeeOther, hooksPage)
	if p := b.get(t, hooksPage); strings.Contains(p.Body, id) || !strings.Contains(p.Body, "No endpoints yet") {
		t.Errorf("list after the deletion: %.600s", p.Body)
	}
	wantStatus(t, "deleted endpoint's page", b.get(t, hooksPage+"/"+id), http.StatusNotFound)
	wantEventsBy(t, h, "acmeapp", "owner@acme.test",
		events.APIWebhookEndpointAdded, events.APIWebhookSecretRotated, events.APIWebhookEndpointDeleted)
}

// TestWebhooks_RefusalsShownOnThePage: what the service refuses is the
// page's error sentence, with the form filled in again.
func TestWebhooks_RefusalsShownOnThePage(t *testing.T) {
	tests := []struct {
		name   string
		form   url.Values
		before int // endpoints added first
		want   string
		status int
	}{
		{"no event", url.Values{"url": {"https://hooks.example.com/in"}}, 0, "Subscribe to at least one event.", 400},
		{"unknown event", url.Values{"url": {"https://hooks.example.com/in"}, "event": {"user.exploded"}}, 0, "Unknown event", 400},
		{"not a URL", url.Values{"url": {"hooks"}, "event": {"user.created"}}, 0, "absolute https URL", 400},
		{"not https", url.Values{"url": {"ftp://hooks.example.com/in"}, "event": {"user.created"}}, 0, "must use https", 400},
		{"the eleventh", url.Values{"url": {"https://hooks.example.com/in"}, "event": {"user.created"}}, 10, "maximum number of webhook endpoints", 409},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, b := hooksAdmin(t)
			for range tt.before {
				addEndpoint(t, b, "https://hooks.example.com/in", "user.created")
			}
			tt.form.Set("description", "kept")
			p := b.post(t, hooksPage, csrfOf(t, b.get(t, hooksPage)), tt.form)
			if p.Status != tt.status || !strings.Contains(p.Body, `role="alert"`) || !strings.Contains(p.Body, tt.want) {
				t.Errorf("%d, want %d saying %q: %.800s", p.Status, tt.status, tt.want, p.Body)
			}
			if !strings.Contains(p.Body, `value="kept"`) {
				t.Error("the form is not filled in again")
			}
		})
	}
}

// TestWebhooks_PrivateTargetRefusedWithoutTheFlag: without
// WEBHOOKS_ALLOW_PRIVATE a loopback target is refused on the page.
func TestWebhooks_PrivateTargetRefusedWithoutTheFlag(t *testing.T) {
	h := newHarness(t)
	b := owner(t, h, "Acme", "owner@acme.test")
	b.createApp(t, "acmeapp")
	p := b.post(t, hooksPage, csrfOf(t, b.get(t, hooksPage)), url.Values{"url": {"https://127.0.0.1/in"}, "event": {"user.created"}})
	if p.Status != http.StatusBadRequest || !strings.Contains(p.Body, "private addresses") {
		t.Errorf("%d: %.600s", p.Status, p.Body)
	}
}

// TestWebhooks_TestEventDeliveredAndRedelivered: the test button queues a
// webhook.test delivery, listed with its outcome; redeliver sends it again.
func TestWebhooks_TestEventDeliveredAndRedelivered(t *testing.T) {
	h, b := hooksAdmin(t)
	rcv, _ := receiver(t)
	id, _ := addEndpoint(t, b, rcv.URL, "user.created")
	base := hooksPage + "/" + id
	csrf := csrfOf(t, b.get(t, base))
	wantRedirect(t, "test", b.post(t, base+"/test", csrf, nil), http.StatusSeeOther, base)
	deliverAll(t, h)
	p := b.get(t, base)
	deliveries := regexpAll(`<tr role="row" id="delivery-([^"]+)">`, p.Body)
	if len(deliveries) != 1 || !strings.Contains(p.Body, "webhook.test") || !strings.Contains(p.Body, "delivered") ||
		!strings.Contains(p.Body, `data-label="Status code">200`) {
		t.Fatalf("deliveries after the test: %v %.1500s", deliveries, p.Body)
	}
	wantRedirect(t, "redeliver", b.post(t, base+"/deliveries/"+deliveries[0]+"/redeliver", csrf, nil), http.StatusSeeOther, base)
	if p := b.get(t, base); !strings.Contains(p.Body, "pending") {
		t.Errorf("after redeliver, want pending: %.1500s", p.Body)
	}
	deliverAll(t, h)
	if p := b.get(t, base); !strings.Contains(p.Body, `data-label="Attempts">2</td>`) {
		t.Errorf("after redelivery, want 2 attempts: %.1500s", p.Body)
	}
	p = b.post(t, base+"/deliveries/msg_none/redeliver", csrf, nil)
	if p.Status != http.StatusNotFound || !strings.Contains(p.Body, "delivery was not found") {
		t.Errorf("redeliver a missing delivery: %d", p.Status)
	}
	wantEventsBy(t, h, "acmeapp", "owner@acme.test", events.APIWebhookRedeliveryRequested)
}

// TestWebhooks_DisabledEndpointEnabled: an endpoint that failed for 4
// days shows as disabled with its date and an Enable button that works.
func TestWebhooks_DisabledEndpointEnabled(t *testing.T) {
	h, b := hooksAdmin(t)
	rcv, status := receiver(t)
	status.Store(http.StatusInternalServerError)
	id, _ := addEndpoint(t, b, rcv.URL, "user.created")
	base := hooksPage + "/" + id
	for range 4 {
		wantRedirect(t, "test", b.post(t, base+"/test", csrfOf(t, b.get(t, base)), nil), http.StatusSeeOther, base)
		deliverAll(t, h)
		h.Clock.Advance(25 * time.Hour)
		b.signin(t, "owner@acme.test") // the session has expired meanwhile
	}
	p := b.get(t, base)
	if !strings.Contains(p.Body, "<strong>Disabled</strong> since") || !strings.Contains(p.Body, "Enable endpoint") {
		t.Fatalf("after failing 4 days: %.1500s", p.Body)
	}
	wantRedirect(t, "enable", b.post(t, base+"/enable", csrfOf(t, p), nil), http.StatusSeeOther, base)
	if p := b.get(t, base); strings.Contains(p.Body, "Disabled") || strings.Contains(p.Body, "Enable endpoint") {
		t.Errorf("after enable: %.1500s", p.Body)
	}
	wantEventsBy(t, h, "acmeapp", "owner@acme.test", events.APIWebhookEndpointEnabled)
}

// TestWebhooks_OtherOrganizationSeesNothing: another organization's admin
// gets not found for acmeapp's endpoint on its own application's path.
func TestWebhooks_OtherOrganizationSeesNothing(t *testing.T) {
	h, acme := hooksAdmin(t)
	id, _ := addEndpoint(t, acme, "https://hooks.example.com/in", "user.created")
	other := owner(t, h, "Other", "owner@other.test")
	other.createApp(t, "otherapp")
	csrf := csrfOf(t, other.get(t, "/console/apps/otherapp/webhooks"))
	if p := other.get(t, "/console/apps/otherapp/webhooks"); strings.Contains(p.Body, id) {
		t.Error("otherapp lists acmeapp's endpoint")
	}
	wantStatus(t, "acmeapp's endpoint under otherapp", other.get(t, "/console/apps/otherapp/webhooks/"+id), http.StatusNotFound)
	for _, action := range []string{"/delete", "/rotate-secret", "/enable", "/test"} {
		p := other.post(t, "/console/apps/otherapp/webhooks/"+id+action, csrf, url.Values{"confirm": {"on"}})
		if p.Status != http.StatusNotFound || !strings.Contains(p.Body, "endpoint was not found") {
			t.Errorf("%s: %d, want the not-found sentence", action, p.Status)
		}
	}
	if p := acme.get(t, hooksPage+"/"+id); p.Status != http.StatusOK {
		t.Errorf("acmeapp's endpoint after the other's attempts: %d", p.Status)
	}
}
