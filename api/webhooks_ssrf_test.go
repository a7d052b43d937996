package api_test

import (
	"net/http"
	"testing"
)

// TestWebhooks_SpecialPurposeTargetsRefused: an endpoint URL naming an
// address of an IANA special-purpose range, of either family, is refused
// when it is added (the ones issue 24 found accepted first); with
// WEBHOOKS_ALLOW_PRIVATE=1 a loopback receiver still gets its messages.
func TestWebhooks_SpecialPurposeTargetsRefused(t *testing.T) {
	h := webhookHarness(t, false)
	app := h.CreateApp(t, "hooks", nil)
	for _, host := range []string{
		"[64:ff9b::7f00:1]", "[64:ff9b::a00:1]", // NAT64
		"[2002:7f00:1::1]", "[2002:a9fe:a9fe::1]", // 6to4
		"[::127.0.0.1]", "[::169.254.169.254]", // IPv4-compatible
		"192.0.0.170", "198.18.0.1", "198.19.255.254", "240.0.0.1", "192.0.2.1", "198.51.100.1", "203.0.113.1",
		"[2001:db8::1]", "[2001::1]", "[100::1]", "[fc00::1]", "[ff02::1]", "0.0.0.0", "100.64.0.1",
		"127.0.0.1", "10.1.2.3", "172.16.0.1", "192.168.0.1", "169.254.169.254", "[::1]", "[fe80::1]",
		"[::ffff:192.168.0.1]", "[::ffff:7f00:1]",
	} {
		t.Run(host, func(t *testing.T) {
			wantProblem(t, h.Do(t, http.MethodPost, "/webhooks/add", app.Secret(),
				map[string]any{"url": "https://" + host + ":8443/in", "events": []string{"user.deleted"}}),
				400, "webhook_url_not_allowed")
		})
	}
	t.Run("a public address is accepted", func(t *testing.T) {
		addWebhook(t, h, app, "https://93.184.216.34:8443/in", "user.deleted")
	})
	t.Run("WEBHOOKS_ALLOW_PRIVATE=1 keeps loopback for development", func(t *testing.T) {
		dev := webhookHarness(t, true)
		devApp := dev.CreateApp(t, "hooks", nil)
		rcv := newReceiver(t)
		id := sendTest(t, dev, devApp, addWebhook(t, dev, devApp, rcv.srv.URL, "user.deleted").ID)
		deliver(t, dev)
		if got := rcv.messages(); len(got) != 1 || got[0].ID != id {
			t.Errorf("the loopback receiver got %+v, want the message %s", got, id)
		}
	})
}
