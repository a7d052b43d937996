package api_test

import (
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"passwordless/api/apitest"
	"passwordless/server"
)

// received is one message a receiver got.
type received struct {
	ID, Timestamp, Signature string
	Body                     []byte
	Type                     string
	Data                     map[string]string
}

// receiver is a real HTTP endpoint on 127.0.0.1 that records what it is
// sent and answers with status (after delay).
type receiver struct {
	srv    *httptest.Server
	mu     sync.Mutex
	got    []received
	status atomic.Int32
	delay  atomic.Int64
}

func newReceiver(t *testing.T) *receiver {
	t.Helper()
	r := &receiver{}
	r.status.Store(http.StatusOK)
	r.srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, req *http.Request) {
		body, _ := io.ReadAll(req.Body)
		var msg struct {
			Type string            `json:"type"`
			Data map[string]string `json:"data"`
		}
		_ = json.Unmarshal(body, &msg)
		r.mu.Lock()
		r.got = append(r.got, received{ID: req.Header.Get("webhook-id"), Timestamp: req.Header.Get("webhook-timestamp"),
			Signature: req.Header.Get("webhook-signature"), Body: body, Type: msg.Type, Data: msg.Data})
		r.mu.Unlock()
		select {
		case <-time.After(time.Duration(r.delay.Load())):
		case <-req.Context().Done():
			return
		}
		w.WriteHeader(int(r.status.Load()))
	}))
	t.Cleanup(r.srv.Close)
	return r
}

func (r *receiver) messages() []received {
	r.mu.Lock()
	defer r.mu.Unlock()
	return append([]received(nil), r.got...)
}

func (r *receiver) types() []string {
	var out []string
	for _, m := range r.messages() {
		out = append(out, m.Type)
	}
	return out
}

// signedWith verifies m as docs/webhooks.md tells receivers to: the
// base64 HMAC-SHA256, keyed with the base64-decoded part of the whsec_
// secret, of "<webhook-id>.<webhook-timestamp>.<body>", is one of the
// space-separated "v1,<signature>" values of webhook-signature.
func signedWith(t *testing.T, m received, secret string) bool {
	t.Helper()
	key, err := base64.StdEncoding.DecodeString(strings.TrimPrefix(secret, "whsec_"))
	if err != nil {
		t.Fatalf("secret %q is not whsec_<base64>: %v", secret, err)
	}
	mac := hmac.New(sha256.New, key)
	mac.Write([]byte(m.ID + "." + m.Timestamp + "." + string(m.Body)))
	want := "v1," + base64.StdEncoding.EncodeToString(mac.Sum(nil))
	for _, sig := range strings.Fields(m.Signature) {
		if hmac.Equal([]byte(sig), []byte(want)) {
			return true
		}
	}
	return false
}

// webhookHarness is a server whose webhook worker the test drives
// (deliver), with attempts timing out after 300 ms and no jitter.
func webhookHarness(t *testing.T, allowPrivate bool) *apitest.Harness {
	t.Helper()
	return webhookHarnessTimeout(t, allowPrivate, 0)
}

// webhookHarnessTimeout is webhookHarness with attempts timing out after
// timeout (testWebhooks' default when 0).
func webhookHarnessTimeout(t *testing.T, allowPrivate bool, timeout time.Duration) *apitest.Harness {
	t.Helper()
	return apitest.New(t, apitest.Options{Configure: func(c *server.Config) {
		c.Webhooks = testWebhooks(allowPrivate)
		if timeout > 0 {
			c.Webhooks.Timeout = timeout
		}
	}})
}

// testWebhooks is the webhook configuration of the tests: no worker of
// its own, no jitter, and attempts timing out after 5 s — far above what a
// loopback receiver needs even on a loaded 2-core CI machine (with 300 ms,
// an attempt that should have read a 500 sometimes ended as "timeout").
// The timeout test shortens it with a receiver slower than that.
func testWebhooks(allowPrivate bool) server.WebhookConfig {
	return server.WebhookConfig{AllowPrivate: allowPrivate, Poll: -1, Timeout: 5 * time.Second,
		Jitter: func() float64 { return 0.5 }}
}

// deliver runs one pass of the worker and returns how many deliveries it
// attempted.
func deliver(t *testing.T, h *apitest.Harness) int {
	t.Helper()
	n, err := h.Server.WebhookWorker.RunOnce(context.Background())
	if err != nil {
		t.Fatalf("worker: %v", err)
	}
	return n
}

type createdWebhook struct {
	ID     string `json:"id"`
	Secret string `json:"secret"`
}

// addWebhook registers url for events and returns its id and secret.
func addWebhook(t *testing.T, h *apitest.Harness, app apitest.App, url string, events ...string) createdWebhook {
	t.Helper()
	resp := must(t, h, http.StatusCreated, http.MethodPost, "/webhooks/add", app.Secret(),
		map[string]any{"url": url, "events": events, "description": "test"})
	var out createdWebhook
	resp.JSON(t, &out)
	return out
}

type deliveryItem struct {
	ID             string     `json:"id"`
	EventType      string     `json:"eventType"`
	Status         string     `json:"status"`
	Attempts       int        `json:"attempts"`
	NextAttemptAt  *time.Time `json:"nextAttemptAt"`
	LastStatusCode int        `json:"lastStatusCode"`
	Error          string     `json:"error"`
}

// deliveriesOf lists an endpoint's deliveries, newest first.
func deliveriesOf(t *testing.T, h *apitest.Harness, app apitest.App, endpointID string) []deliveryItem {
	t.Helper()
	resp := must(t, h, http.StatusOK, http.MethodGet, "/webhooks/deliveries?id="+endpointID, app.Secret(), nil)
	var out struct {
		Deliveries []deliveryItem `json:"deliveries"`
	}
	resp.JSON(t, &out)
	return out.Deliveries
}

// sendTest queues a webhook.test message and returns its delivery id.
func sendTest(t *testing.T, h *apitest.Harness, app apitest.App, endpointID string) string {
	t.Helper()
	resp := must(t, h, http.StatusAccepted, http.MethodPost, "/webhooks/test", app.Secret(), map[string]any{"id": endpointID})
	var out struct {
		DeliveryID string `json:"deliveryId"`
	}
	resp.JSON(t, &out)
	return out.DeliveryID
}
