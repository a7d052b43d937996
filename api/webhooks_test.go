package api_test

import (
	"net/http"
	"slices"
	"strings"
	"testing"
	"time"

	"passwordless/api/apitest"
	"passwordless/passkeys/passkeystest"
)

// TestWebhooks_ChangesAreDeliveredSigned: each change reaches the
// endpoints subscribed to its event, signed with the endpoint's secret,
// carrying ids only; what nobody subscribed to, or what rolled back, is
// not sent.
func TestWebhooks_ChangesAreDeliveredSigned(t *testing.T) {
	tests := []struct {
		name      string
		subscribe []string
		act       func(t *testing.T, b *browser)
		want      []string
		wantData  map[string]string // of the first message, besides appId
	}{
		{name: "user deleted", subscribe: []string{"user.deleted"},
			act: func(t *testing.T, b *browser) {
				must(t, b.h, 200, http.MethodPost, "/users/delete", b.app.Secret(), map[string]any{"userId": "u1"})
			},
			want: []string{"user.deleted"}, wantData: map[string]string{"userId": "u1"}},
		{name: "aliases set", subscribe: []string{"alias.changed"},
			act: func(t *testing.T, b *browser) {
				must(t, b.h, 204, http.MethodPost, "/alias", b.app.Secret(),
					map[string]any{"userId": "u1", "aliases": []string{"ann@example.com"}})
			},
			want: []string{"alias.changed"}, wantData: map[string]string{"userId": "u1"}},
		{name: "a user's first passkey also creates the user", subscribe: []string{"user.created", "credential.created"},
			act: func(t *testing.T, b *browser) {
				b.register(t, "u1", nil)
				phone := &browser{h: b.h, app: b.app, auth: passkeystest.New(passkeystest.EdDSA, passkeystest.AttestationNone)}
				phone.register(t, "u1", nil)
			},
			want:     []string{"credential.created", "user.created", "credential.created"},
			wantData: map[string]string{"userId": "u1"}},
		{name: "sign-ins only when named", subscribe: []string{"user.deleted", "credential.created"},
			act: func(t *testing.T, b *browser) {
				b.register(t, "u1", nil)
				b.signin(t, map[string]any{"userId": "u1"})
			},
			want: []string{"credential.created"}},
		{name: "sign-ins when named", subscribe: []string{"signin.succeeded"},
			act: func(t *testing.T, b *browser) {
				b.register(t, "u1", nil)
				b.signin(t, map[string]any{"userId": "u1"})
			},
			want: []string{"signin.succeeded"}, wantData: map[string]string{"userId": "u1"}},
		{name: "api key locked and unlocked", subscribe: []string{"api_key.locked", "api_key.unlocked"},
			act: func(t *testing.T, b *browser) {
				path := "/admin/apps/" + b.app.ID + "/api-keys/" + keyID(b.app.APIKey2)
				must(t, b.h, 204, http.MethodPost, path+"/lock", apitest.Management(), nil)
				must(t, b.h, 204, http.MethodPost, path+"/unlock", apitest.Management(), nil)
			},
			want: []string{"api_key.locked", "api_key.unlocked"}},
		{name: "a delete that found nothing rolled back: nothing sent", subscribe: []string{"credential.deleted"},
			act: func(t *testing.T, b *browser) {
				must(t, b.h, 204, http.MethodPost, "/credentials/delete", b.app.Secret(), map[string]any{"credentialId": "AAAA"})
			}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h := webhookHarness(t, true)
			b := newBrowser(t, h, "hooks")
			rcv := newReceiver(t)
			hook := addWebhook(t, h, b.app, rcv.srv.URL+"/in", tt.subscribe...)
			tt.act(t, b)
			for deliver(t, h) > 0 {
			}
			got := rcv.messages()
			slices.SortStableFunc(got, func(a, b received) int { return strings.Compare(a.ID, b.ID) })
			var types []string
			for _, m := range got {
				types = append(types, m.Type)
				if !signedWith(t, m, hook.Secret) {
					t.Errorf("%s: signature %q does not verify", m.Type, m.Signature)
				}
				if m.Data["appId"] != b.app.ID {
					t.Errorf("%s: appId %q", m.Type, m.Data["appId"])
				}
			}
			if !slices.Equal(types, tt.want) {
				t.Fatalf("delivered %v, want %v", types, tt.want)
			}
			for k, v := range tt.wantData {
				if got[0].Data[k] != v {
					t.Errorf("data %v, want %s=%s", got[0].Data, k, v)
				}
			}
			for _, d := range deliveriesOf(t, h, b.app, hook.ID) {
				if d.Status != "delivered" || d.Attempts != 1 || d.LastStatusCode != 200 {
					t.Errorf("delivery %+v, want delivered at the first attempt", d)
				}
			}
		})
	}
}

// TestWebhooks_ManagingEndpoints: the secret is shown once, the limit and
// the event names hold, and a deleted endpoint is gone with its deliveries.
func TestWebhooks_ManagingEndpoints(t *testing.T) {
	h := webhookHarness(t, true)
	app := h.CreateApp(t, "hooks", nil)
	rcv := newReceiver(t)
	hook := addWebhook(t, h, app, rcv.srv.URL, "user.deleted")
	if !strings.HasPrefix(hook.Secret, "whsec_") || hook.ID == "" {
		t.Fatalf("created %+v", hook)
	}
	list := must(t, h, 200, http.MethodGet, "/webhooks/list", app.Secret(), nil)
	if strings.Contains(string(list.Body), "whsec_") || !strings.Contains(string(list.Body), hook.ID) {
		t.Errorf("list %s: want the endpoint without its secret", list.Body)
	}
	for i := 1; i < 10; i++ {
		addWebhook(t, h, app, rcv.srv.URL, "user.deleted")
	}
	bad := []struct {
		name   string
		body   map[string]any
		status int
		code   string
	}{
		{"eleventh endpoint", map[string]any{"url": rcv.srv.URL, "events": []string{"user.deleted"}}, 409, "webhook_limit_exceeded"},
		{"unknown event", map[string]any{"url": rcv.srv.URL, "events": []string{"user.renamed"}}, 400, "validation_failed"},
		{"no event", map[string]any{"url": rcv.srv.URL}, 400, "validation_failed"},
		{"not a URL", map[string]any{"url": "hooks", "events": []string{"user.deleted"}}, 400, "validation_failed"},
		{"a 10 000-character URL", map[string]any{"url": rcv.srv.URL + "/" + strings.Repeat("a", 10_000), "events": []string{"user.deleted"}},
			400, "validation_failed"},
		{"a 10 000-character description", map[string]any{"url": rcv.srv.URL, "events": []string{"user.deleted"},
			"description": strings.Repeat("d", 10_000)}, 400, "validation_failed"},
	}
	for _, tt := range bad {
		t.Run(tt.name, func(t *testing.T) {
			wantProblem(t, h.Do(t, http.MethodPost, "/webhooks/add", app.Secret(), tt.body), tt.status, tt.code)
		})
	}
	wantProblem(t, h.Do(t, http.MethodPost, "/webhooks/delete", app.Secret(), map[string]any{}), 400, "validation_failed")
	sendTest(t, h, app, hook.ID)
	must(t, h, 204, http.MethodPost, "/webhooks/delete", app.Secret(), map[string]any{"id": hook.ID})
	wantProblem(t, h.Do(t, http.MethodGet, "/webhooks/deliveries?id="+hook.ID, app.Secret(), nil), 404, "webhook_not_found")
	if n := deliver(t, h); n != 0 {
		t.Errorf("the deleted endpoint's delivery was attempted (%d)", n)
	}
}

// TestWebhooks_RetriesWithBackoffThenFails: a 500 or a timeout is retried
// after 5 s, 30 s, …; a success ends it; after 24 h the delivery fails.
func TestWebhooks_RetriesWithBackoffThenFails(t *testing.T) {
	tests := []struct {
		name      string
		status    int
		delay     time.Duration
		timeout   time.Duration // of an attempt; the harness default when 0
		wantCode  int
		wantError string
	}{
		{"server error", 500, 0, 0, 500, ""},
		{"timeout", 200, 2 * time.Second, 300 * time.Millisecond, 0, "timeout"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h := webhookHarnessTimeout(t, true, tt.timeout)
			app := h.CreateApp(t, "hooks", nil)
			rcv := newReceiver(t)
			rcv.status.Store(int32(tt.status))
			rcv.delay.Store(int64(tt.delay))
			hook := addWebhook(t, h, app, rcv.srv.URL, "user.deleted")
			sendTest(t, h, app, hook.ID)
			deliver(t, h)
			d := deliveriesOf(t, h, app, hook.ID)[0]
			if d.Status != "pending" || d.Attempts != 1 || d.LastStatusCode != tt.wantCode || d.Error != tt.wantError ||
				d.NextAttemptAt == nil || !d.NextAttemptAt.Equal(h.Clock.Now().Add(5*time.Second)) {
				t.Fatalf("after the first failure: %+v, want pending, retry in 5 s", d)
			}
			if n := deliver(t, h); n != 0 {
				t.Fatalf("retried before the backoff passed")
			}
			h.Clock.Advance(5 * time.Second)
			deliver(t, h)
			if d := deliveriesOf(t, h, app, hook.ID)[0]; d.Attempts != 2 || !d.NextAttemptAt.Equal(h.Clock.Now().Add(30*time.Second)) {
				t.Fatalf("after the second failure: %+v, want a retry in 30 s", d)
			}
			for i := 0; i < 40 && deliveriesOf(t, h, app, hook.ID)[0].Status == "pending"; i++ {
				h.Clock.Advance(time.Hour)
				deliver(t, h)
			}
			d = deliveriesOf(t, h, app, hook.ID)[0]
			if d.Status != "failed" || d.Attempts < 8 {
				t.Fatalf("after 24 h: %+v, want failed", d)
			}
			h.Clock.Advance(24 * time.Hour)
			if n := deliver(t, h); n != 0 {
				t.Errorf("a failed delivery was attempted again")
			}
		})
	}
}
