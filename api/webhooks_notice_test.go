package api_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/emersion/go-smtp"

	"passwordless/api/apitest"
	"passwordless/mail/smtptest"
	"passwordless/server"
)

// noticeHarness is webhookHarness with SMTP_URL pointing at a real SMTP
// server (mailHarness).
func noticeHarness(t *testing.T) (*apitest.Harness, *smtptest.Server) {
	t.Helper()
	return mailHarness(t, func(c *server.Config) { c.Webhooks = testWebhooks(true) })
}

// failFourDays sends a test message to the failing endpoint each day for
// 4 days, on the fake clock: it is disabled on the last.
func failFourDays(t *testing.T, h *apitest.Harness, app apitest.App, id string) {
	t.Helper()
	for day := 0; day < 4; day++ {
		sendTest(t, h, app, id)
		for deliver(t, h) > 0 {
		}
		h.Clock.Advance(25 * time.Hour)
	}
	if ep := endpointsOf(t, h, app)[0]; ep.DisabledAt == nil {
		t.Fatalf("endpoint after failing 4 days: %+v, want disabled", ep)
	}
}

// TestWebhooks_DisabledEndpointMailsTheAdmins: when an endpoint is
// disabled after 3 days of failures, the application's admins get one
// mail over SMTP naming the endpoint, since when it failed and how to
// enable it, without its secret or its URL's query; a mail the SMTP server
// refuses is sent by the hourly notices job once it accepts again.
func TestWebhooks_DisabledEndpointMailsTheAdmins(t *testing.T) {
	tests := []struct {
		name          string
		refuseAtFirst bool
	}{
		{"sent after the disabling commits", false},
		{"refused, then retried by the notices job", true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h, mail := noticeHarness(t)
			app := h.CreateApp(t, "hooks", map[string]any{"adminEmail": "admin@example.com"})
			rcv := newReceiver(t)
			rcv.status.Store(500)
			hook := addWebhook(t, h, app, rcv.srv.URL+"/in?token=receiver-token-7", "user.deleted")
			started := h.Clock.Now().UTC()
			if tt.refuseAtFirst {
				mail.SetReject(&smtp.SMTPError{Code: 451, Message: "try again later"})
			}
			failFourDays(t, h, app, hook.ID)
			if tt.refuseAtFirst {
				if n := len(mail.Mails()); n != 0 {
					t.Fatalf("%d mails accepted while the server refused", n)
				}
				mail.SetReject(nil)
				h.Clock.Advance(time.Hour)
				if _, err := h.Server.Webhooks.SendNotices(context.Background()); err != nil {
					t.Fatal(err)
				}
			}
			got := mail.Wait(t)
			if len(got.To) != 1 || got.To[0] != "admin@example.com" {
				t.Errorf("mail to %v, want admin@example.com", got.To)
			}
			text, err := got.Part("text/plain")
			if err != nil {
				t.Fatal(err)
			}
			for _, want := range []string{hook.ID, rcv.srv.URL + "/in", started.Format(time.RFC1123), "POST /webhooks/enable",
				apitest.PublicURL + "/console/apps/" + app.ID + "/webhooks/" + hook.ID} {
				if !strings.Contains(text, want) {
					t.Errorf("mail lacks %q:\n%s", want, text)
				}
			}
			for _, secret := range []string{hook.Secret, strings.TrimPrefix(hook.Secret, "whsec_"), "receiver-token-7"} {
				if strings.Contains(string(got.Data), secret) {
					t.Errorf("mail carries %q:\n%s", secret, got.Data)
				}
			}
			// Still failing, the job running again: no second mail.
			sendTest(t, h, app, hook.ID)
			for deliver(t, h) > 0 {
			}
			h.Clock.Advance(2 * time.Hour)
			if _, err := h.Server.Webhooks.SendNotices(context.Background()); err != nil {
				t.Fatal(err)
			}
			if n := len(mail.Mails()); n != 1 {
				t.Errorf("%d mails for one disabling, want 1", n)
			}
		})
	}
}
