package magiclink

import (
	"context"
	"errors"
	"fmt"
	"net/url"
	"strings"
	"testing"
	"time"

	"passwordless/events"
	"passwordless/mail"
	"passwordless/mail/smtptest"
	"passwordless/problems"
	"passwordless/quota"
	"passwordless/tokens"
)

type fixture struct {
	svc    *Service
	tokens *tokens.Service
	smtp   *smtptest.Server
	now    time.Time
}

// newFixture wires the service as the server does: real tokens, the
// in-process quota and an SMTP mailer talking to a real SMTP server.
func newFixture(t *testing.T, mailer mail.Mailer) *fixture {
	t.Helper()
	f := &fixture{now: time.Date(2025, 3, 1, 12, 0, 0, 0, time.UTC)}
	clock := func() time.Time { return f.now }
	var err error
	f.tokens, err = tokens.New(tokens.NewMemoryStore(), []byte("test secret"), clock)
	if err != nil {
		t.Fatal(err)
	}
	if mailer == nil {
		f.smtp = smtptest.Start(t, smtptest.Options{})
		mailer, err = mail.NewSMTP(mail.SMTPConfig{URL: fmt.Sprintf("smtp://127.0.0.1:%d", f.smtp.Port()), From: "noreply@example.com"})
		if err != nil {
			t.Fatal(err)
		}
	}
	q := quota.NewEmails(quota.NewMemory(), clock, quota.DefaultNewAppTimeout)
	f.svc = NewService(f.tokens, q, mailer, clock, nil, events.Discard{})
	return f
}

func (f *fixture) app(quotaPerMonth int) App {
	return App{Enabled: true, Sender: quota.Sender{Tenant: "myapp", CreatedAt: f.now.Add(-365 * 24 * time.Hour),
		AdminEmails: []string{"admin@example.com"}, MonthlyQuota: quotaPerMonth}}
}

func validRequest() Request {
	return Request{EmailAddress: "user@example.com", URLTemplate: "https://shop.example.com/magic?token=$TOKEN", UserID: "user-42", TimeToLive: ptr(300)}
}

func TestService_Send_LinkTokenVerifiesAsMagicLink(t *testing.T) {
	f := newFixture(t, nil)
	if err := f.svc.Send(t.Context(), f.app(100), validRequest()); err != nil {
		t.Fatalf("Send: %v", err)
	}
	text, err := f.smtp.Wait(t).Part("text/plain")
	if err != nil {
		t.Fatal(err)
	}
	const prefix = "https://shop.example.com/magic?token="
	i := strings.Index(text, prefix)
	if i < 0 {
		t.Fatalf("no link in %q", text)
	}
	link, _ := url.Parse(strings.Fields(text[i:])[0])
	v, err := f.tokens.ParseVerify(t.Context(), "myapp", link.Query().Get("token"))
	if err != nil {
		t.Fatalf("ParseVerify(token from the mail): %v", err)
	}
	if v.Type != tokens.TypeMagicLink || v.UserID != "user-42" || !v.Success {
		t.Errorf("verified = %+v, want a successful magic_link for user-42", v)
	}
	if want := f.now.Add(300 * time.Second); !v.ExpiresAt.Equal(want) {
		t.Errorf("expiresAt = %v, want %v (timeToLive 300)", v.ExpiresAt, want)
	}
	if _, err := f.tokens.ParseVerify(t.Context(), "otherapp", link.Query().Get("token")); problems.From(err).Code != problems.InvalidToken {
		t.Errorf("the token verified for another application = %v, want invalid_token", err)
	}
}

func TestService_Send_Refusals(t *testing.T) {
	tests := []struct {
		name string
		app  func(App) App
		req  func(Request) Request
		want problems.Code
	}{
		{"validation comes before the feature flag", func(a App) App { a.Enabled = false; return a },
			func(r Request) Request { r.URLTemplate = "https://a.example/"; return r }, problems.ValidationFailed},
		{"feature off", func(a App) App { a.Enabled = false; return a }, nil, problems.MagicLinksDisabled},
		{"new app to a stranger", func(a App) App { a.CreatedAt = a.CreatedAt.Add(365 * 24 * time.Hour); return a }, nil, problems.MagicLinkEmailAdminAddressOnly},
		{"quota of zero", func(a App) App { a.MonthlyQuota = 0; return a }, nil, problems.MagicLinkEmailQuotaExceeded},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := newFixture(t, nil)
			app, req := f.app(10), validRequest()
			if tt.app != nil {
				app = tt.app(app)
			}
			if tt.req != nil {
				req = tt.req(req)
			}
			err := f.svc.Send(t.Context(), app, req)
			var p *problems.Error
			if !errors.As(err, &p) || p.Code != tt.want {
				t.Fatalf("Send = %v, want %s", err, tt.want)
			}
			if n := len(f.smtp.Mails()); n != 0 {
				t.Errorf("%d mails sent, want none", n)
			}
		})
	}
}

// flakyMailer fails its first n sends.
type flakyMailer struct {
	fail int
	sent int
}

func (m *flakyMailer) Send(context.Context, mail.Message) error {
	if m.fail > 0 {
		m.fail--
		return errors.New("451 try again later")
	}
	m.sent++
	return nil
}

func TestService_Send_FailedSendIsNotCounted(t *testing.T) {
	mailer := &flakyMailer{fail: 3}
	f := newFixture(t, mailer)
	app := f.app(2)
	for range 3 {
		err := f.svc.Send(t.Context(), app, validRequest())
		var p *problems.Error
		if !errors.As(err, &p) || p.Code != problems.MailSendFailed || p.StatusCode() != 503 {
			t.Fatalf("Send with the mail server failing = %v, want 503 mail_send_failed", err)
		}
	}
	for i := range 2 {
		if err := f.svc.Send(t.Context(), app, validRequest()); err != nil {
			t.Fatalf("send %d after the failures = %v, want sent (failures must not count)", i+1, err)
		}
	}
	if err := f.svc.Send(t.Context(), app, validRequest()); !errors.Is(err, problems.New(problems.MagicLinkEmailQuotaExceeded)) {
		t.Errorf("third successful send = %v, want quota exceeded", err)
	}
	if mailer.sent != 2 {
		t.Errorf("mailer delivered %d, want 2", mailer.sent)
	}
}
