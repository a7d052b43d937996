package api_test

import (
	"fmt"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/emersion/go-smtp"

	"passwordless/api/apitest"
	"passwordless/mail/smtptest"
	"passwordless/server"
)

const oneDay = 24 * time.Hour

// mailHarness is a server whose SMTP_URL points at a real SMTP server.
func mailHarness(t *testing.T, configure func(*server.Config)) (*apitest.Harness, *smtptest.Server) {
	t.Helper()
	mail := smtptest.Start(t, smtptest.Options{})
	h := apitest.New(t, apitest.Options{Configure: func(c *server.Config) {
		c.SMTPURL = fmt.Sprintf("smtp://127.0.0.1:%d", mail.Port())
		c.MailFrom = "Passwordless <no-reply@passwordless.test>"
		if configure != nil {
			configure(c)
		}
	}})
	return h, mail
}

// magicApp creates an application with the given monthly quota.
func magicApp(t *testing.T, h *apitest.Harness, id string, quota int) apitest.App {
	t.Helper()
	return h.CreateApp(t, id, map[string]any{"adminEmail": "admin@example.com", "magicLinkEmailMonthlyQuota": quota})
}

func magicLink(to string) map[string]any {
	return map[string]any{"emailAddress": to, "urlTemplate": "https://shop.example.com/login?token=$TOKEN", "userId": "user-7", "timeToLive": 600}
}

func sendMagicLink(t *testing.T, h *apitest.Harness, app apitest.App, body map[string]any) *apitest.Response {
	t.Helper()
	return h.Do(t, http.MethodPost, "/magic-links/send", app.Secret(), body)
}

func TestMagicLinks_MailOverSMTPCarriesATokenThatVerifies(t *testing.T) {
	h, mail := mailHarness(t, nil)
	app := magicApp(t, h, "magicapp", 1000)
	h.Clock.Advance(365 * oneDay)
	if resp := sendMagicLink(t, h, app, magicLink("user@example.com")); resp.Status != http.StatusNoContent {
		t.Fatalf("send: %d %s", resp.Status, resp.Body)
	}
	got := mail.Wait(t)
	if len(got.To) != 1 || got.To[0] != "user@example.com" || got.From != "no-reply@passwordless.test" {
		t.Errorf("envelope %q → %v, want no-reply@passwordless.test → user@example.com", got.From, got.To)
	}
	if subject, _ := got.Header("Subject"); subject != "Sign in to shop.example.com" {
		t.Errorf("subject %q", subject)
	}
	text, err := got.Part("text/plain")
	if err != nil {
		t.Fatal(err)
	}
	i := strings.Index(text, "https://shop.example.com/login?token=")
	if i < 0 {
		t.Fatalf("no link in the mail: %q", text)
	}
	link, _ := url.Parse(strings.Fields(text[i:])[0])
	resp := h.Do(t, http.MethodPost, "/signin/verify", app.Secret(), map[string]any{"token": link.Query().Get("token")})
	var v struct {
		UserID    string    `json:"userId"`
		Type      string    `json:"type"`
		Success   bool      `json:"success"`
		ExpiresAt time.Time `json:"expiresAt"`
	}
	resp.JSON(t, &v)
	if resp.Status != 200 || v.Type != "magic_link" || v.UserID != "user-7" || !v.Success {
		t.Fatalf("verify the mailed token: %d %s, want a magic_link for user-7", resp.Status, resp.Body)
	}
	if want := h.Clock.Now().Add(600 * time.Second); !v.ExpiresAt.Equal(want) {
		t.Errorf("expiresAt %v, want %v (timeToLive 600)", v.ExpiresAt, want)
	}
}

func TestMagicLinks_Refusals(t *testing.T) {
	h, mail := mailHarness(t, nil)
	app := magicApp(t, h, "refusals", 1000)
	h.Clock.Advance(365 * oneDay)
	with := func(k string, v any) map[string]any { b := magicLink("user@example.com"); b[k] = v; return b }
	tests := []struct {
		name       string
		body       any
		wantStatus int
		wantCode   string
		wantErrors map[string]string
	}{
		{"template without $TOKEN", with("urlTemplate", "https://shop.example.com/login"), 400, "validation_failed",
			map[string]string{"urlTemplate": "You have provided a UrlTemplate without a $TOKEN template. Please include it like so: https://www.example.com?token=$TOKEN"}},
		{"template that is only $TOKEN", with("urlTemplate", "$TOKEN"), 400, "validation_failed",
			map[string]string{"urlTemplate": "You have provided a UrlTemplate that cannot be converted to a URL."}},
		{"bad address", with("emailAddress", "not-an-address"), 400, "validation_failed",
			map[string]string{"emailAddress": "The EmailAddress field is not a valid e-mail address."}},
		{"ttl out of range", with("timeToLive", 604801), 400, "validation_failed",
			map[string]string{"timeToLive": "The field TimeToLive must be between 1 and 604800."}},
		{"ttl as a string is read as a number", with("timeToLive", "0"), 400, "validation_failed",
			map[string]string{"timeToLive": "The field TimeToLive must be between 1 and 604800."}},
		{"empty body", "", 400, "invalid_json", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			resp := h.Do(t, http.MethodPost, "/magic-links/send", app.Secret(), tt.body)
			p := wantProblem(t, resp, tt.wantStatus, tt.wantCode)
			errs, _ := p["errors"].(map[string]any)
			for field, msg := range tt.wantErrors {
				if list, _ := errs[field].([]any); len(list) != 1 || list[0] != msg {
					t.Errorf("errors.%s = %v, want [%q]", field, errs[field], msg)
				}
			}
		})
	}
	if n := len(mail.Mails()); n != 0 {
		t.Errorf("%d mails sent by refused requests", n)
	}
}

func TestMagicLinks_FeatureFlag(t *testing.T) {
	h, _ := mailHarness(t, nil)
	app := magicApp(t, h, "flagapp", 1000)
	h.Clock.Advance(365 * oneDay)
	resp := h.Do(t, http.MethodPost, "/apps/features", app.Secret(), map[string]any{"enableMagicLinks": false})
	if resp.Status != http.StatusNoContent {
		t.Fatalf("disable magic links: %d %s", resp.Status, resp.Body)
	}
	p := wantProblem(t, sendMagicLink(t, h, app, magicLink("user@example.com")), 403, "magic_links_disabled")
	if p["title"] != "You must enable Magic Links in settings in order to use this feature." {
		t.Errorf("title %q", p["title"])
	}
	h.Do(t, http.MethodPost, "/apps/features", app.Secret(), map[string]any{"enableMagicLinks": true})
	if resp := sendMagicLink(t, h, app, magicLink("user@example.com")); resp.Status != http.StatusNoContent {
		t.Errorf("after enabling again: %d %s", resp.Status, resp.Body)
	}
}

func TestMagicLinks_NewApplicationMailsOnlyItsAdmins(t *testing.T) {
	h, _ := mailHarness(t, nil)
	app := magicApp(t, h, "newapp", 1000)
	p := wantProblem(t, sendMagicLink(t, h, app, magicLink("user@example.com")), 403, "magic_link_email_admin_address_only")
	if !strings.Contains(p["type"].(string), "magic_link_email_admin_address_only") {
		t.Errorf("type %q does not name the code", p["type"])
	}
	if resp := sendMagicLink(t, h, app, magicLink("Admin@Example.com")); resp.Status != http.StatusNoContent {
		t.Errorf("to the admin: %d %s", resp.Status, resp.Body)
	}
	h.Clock.Advance(oneDay)
	if resp := sendMagicLink(t, h, app, magicLink("user@example.com")); resp.Status != http.StatusNoContent {
		t.Errorf("after 24 hours: %d %s", resp.Status, resp.Body)
	}
}

func TestMagicLinks_ConfiguredNewAppTimeout(t *testing.T) {
	timeout := 37 * time.Hour // upstream's test: NewAccountTimeout 1.13:00:00
	h, _ := mailHarness(t, func(c *server.Config) { c.MagicLinkNewAppTimeout = &timeout })
	app := magicApp(t, h, "slowapp", 1000)
	h.Clock.Advance(36 * time.Hour)
	wantProblem(t, sendMagicLink(t, h, app, magicLink("user@example.com")), 403, "magic_link_email_admin_address_only")
	h.Clock.Advance(time.Hour + 6*time.Minute)
	if resp := sendMagicLink(t, h, app, magicLink("user@example.com")); resp.Status != http.StatusNoContent {
		t.Errorf("after 37.1 h: %d %s", resp.Status, resp.Body)
	}
}

func TestMagicLinks_QuotaOverASlidingWindow(t *testing.T) {
	h, _ := mailHarness(t, nil)
	app := magicApp(t, h, "quotaapp", 5)
	h.Clock.Advance(365 * oneDay)
	for i := range 5 {
		if resp := sendMagicLink(t, h, app, magicLink("user@example.com")); resp.Status != http.StatusNoContent {
			t.Fatalf("send %d: %d %s", i+1, resp.Status, resp.Body)
		}
		h.Clock.Advance(time.Minute)
	}
	resp := sendMagicLink(t, h, app, magicLink("user@example.com"))
	wantProblem(t, resp, 429, "magic_link_email_quota_exceeded")
	// The first mail leaves the window 30 days after it was sent.
	if got, want := resp.Header.Get("Retry-After"), strconv.Itoa(int((30*oneDay - 5*time.Minute).Seconds())); got != want {
		t.Errorf("Retry-After %q, want %q", got, want)
	}
	h.Clock.Advance(31 * oneDay)
	if resp := sendMagicLink(t, h, app, magicLink("user@example.com")); resp.Status != http.StatusNoContent {
		t.Errorf("31 days later: %d %s", resp.Status, resp.Body)
	}
}

func TestMagicLinks_FailedSendIs503AndNotCounted(t *testing.T) {
	h, mail := mailHarness(t, nil)
	app := magicApp(t, h, "failapp", 1)
	h.Clock.Advance(365 * oneDay)
	mail.SetReject(&smtp.SMTPError{Code: 451, EnhancedCode: smtp.EnhancedCode{4, 3, 0}, Message: "try later"})
	for range 2 {
		wantProblem(t, sendMagicLink(t, h, app, magicLink("user@example.com")), 503, "mail_send_failed")
	}
	mail.SetReject(nil)
	if resp := sendMagicLink(t, h, app, magicLink("user@example.com")); resp.Status != http.StatusNoContent {
		t.Fatalf("send after the failures: %d %s (failed sends were counted)", resp.Status, resp.Body)
	}
	wantProblem(t, sendMagicLink(t, h, app, magicLink("user@example.com")), 429, "magic_link_email_quota_exceeded")
}

func TestMagicLinks_OutboxWithoutSMTP(t *testing.T) {
	h := apitest.New(t, apitest.Options{})
	app := magicApp(t, h, "outboxapp", 10)
	if resp := sendMagicLink(t, h, app, magicLink("admin@example.com")); resp.Status != http.StatusNoContent {
		t.Fatalf("send: %d %s", resp.Status, resp.Body)
	}
	files, _ := filepath.Glob(filepath.Join(h.Config.DataDir, "outbox", "*.eml"))
	if len(files) != 1 {
		t.Fatalf("outbox holds %d messages, want 1", len(files))
	}
	data, _ := os.ReadFile(files[0])
	text, err := smtptest.Mail{Data: data}.Part("text/plain")
	if err != nil || !strings.Contains(text, "https://shop.example.com/login?token=verify_") {
		t.Errorf("outbox message text %q (%v) lacks the link", text, err)
	}
}
