package mail

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/emersion/go-smtp"

	"passwordless/mail/smtptest"
)

// testMessage is a sign-in e-mail as magiclink builds one.
func testMessage(t *testing.T) Message {
	t.Helper()
	const link = "https://app.example.com:8443/login?token=verify_abc.def"
	return Message{To: "user@example.com", Subject: "Sign in to app.example.com",
		Text: "Open this link to sign in. It expires in 1 hour.\n\n" + link + "\n",
		HTML: `<p><a href="` + link + `">Sign in</a></p>`}
}

func TestSMTP_DeliversOverTheWire(t *testing.T) {
	serverTLS, clientTLS := smtptest.SelfSigned(t)
	tests := []struct {
		name     string
		opts     smtptest.Options
		url      func(port int) string
		wantTLS  bool
		wantUser string
	}{
		{"plain local server", smtptest.Options{},
			func(p int) string { return fmt.Sprintf("smtp://127.0.0.1:%d", p) }, false, ""},
		{"plain with auth", smtptest.Options{Username: "mailer", Password: "s3cret"},
			func(p int) string { return fmt.Sprintf("smtp://mailer:s3cret@127.0.0.1:%d?auth=plain", p) }, false, "mailer"},
		{"STARTTLS offered is used", smtptest.Options{TLS: serverTLS},
			func(p int) string { return fmt.Sprintf("smtp://127.0.0.1:%d", p) }, true, ""},
		{"STARTTLS required with auth discovery", smtptest.Options{TLS: serverTLS, Username: "mailer", Password: "s3cret"},
			func(p int) string { return fmt.Sprintf("smtp://mailer:s3cret@127.0.0.1:%d?starttls=required", p) }, true, "mailer"},
		{"implicit TLS", smtptest.Options{TLS: serverTLS, Implicit: true},
			func(p int) string { return fmt.Sprintf("smtps://127.0.0.1:%d", p) }, true, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv := smtptest.Start(t, tt.opts)
			mailer, err := NewSMTP(SMTPConfig{URL: tt.url(srv.Port()), From: "noreply@example.com", TLSConfig: clientTLS})
			if err != nil {
				t.Fatalf("NewSMTP: %v", err)
			}
			if err := mailer.Send(t.Context(), testMessage(t)); err != nil {
				t.Fatalf("Send: %v", err)
			}
			got := srv.Wait(t)
			if got.From != "noreply@example.com" || len(got.To) != 1 || got.To[0] != "user@example.com" {
				t.Errorf("envelope from %q to %v, want noreply@example.com to user@example.com", got.From, got.To)
			}
			if got.TLS != tt.wantTLS || got.User != tt.wantUser {
				t.Errorf("tls %v user %q, want tls %v user %q", got.TLS, got.User, tt.wantTLS, tt.wantUser)
			}
			checkMail(t, got)
		})
	}
}

// checkMail asserts the headers and both bodies of the test message.
func checkMail(t *testing.T, got smtptest.Mail) {
	t.Helper()
	if subj, _ := got.Header("Subject"); subj != "Sign in to app.example.com" {
		t.Errorf("Subject = %q, want %q", subj, "Sign in to app.example.com")
	}
	if from, _ := got.Header("From"); !strings.Contains(from, "Sign in to app.example.com") || !strings.Contains(from, "<noreply@example.com>") {
		t.Errorf("From = %q, want the subject as display name and noreply@example.com", from)
	}
	const link = "https://app.example.com:8443/login?token=verify_abc.def"
	text, err := got.Part("text/plain")
	if err != nil || !strings.Contains(text, link) || !strings.Contains(text, "expires in 1 hour") {
		t.Errorf("text body = %q, %v; want the link and its lifetime", text, err)
	}
	html, err := got.Part("text/html")
	if err != nil || !strings.Contains(html, `href="`+link+`"`) {
		t.Errorf("html body = %q, %v; want a link to %s", html, err, link)
	}
}

func TestSMTP_Failures(t *testing.T) {
	serverTLS, clientTLS := smtptest.SelfSigned(t)
	reject := &smtp.SMTPError{Code: 554, EnhancedCode: smtp.EnhancedCode{5, 7, 1}, Message: "rejected"}
	tests := []struct {
		name string
		opts smtptest.Options
		url  string // %d is the port
	}{
		{"server rejects the message", smtptest.Options{Reject: reject}, "smtp://127.0.0.1:%d"},
		{"wrong password", smtptest.Options{Username: "mailer", Password: "s3cret"}, "smtp://mailer:nope@127.0.0.1:%d?auth=plain"},
		{"STARTTLS required but not offered", smtptest.Options{}, "smtp://127.0.0.1:%d?starttls=required"},
		{"implicit TLS to a plain server", smtptest.Options{}, "smtps://127.0.0.1:%d"},
		{"untrusted certificate", smtptest.Options{TLS: serverTLS, Implicit: true}, "smtps://localhost:%d"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv := smtptest.Start(t, tt.opts)
			cfg := SMTPConfig{URL: fmt.Sprintf(tt.url, srv.Port()), From: "noreply@example.com", Timeout: 5 * time.Second}
			if tt.name != "untrusted certificate" {
				cfg.TLSConfig = clientTLS
			}
			mailer, err := NewSMTP(cfg)
			if err != nil {
				t.Fatalf("NewSMTP: %v", err)
			}
			if err := mailer.Send(t.Context(), testMessage(t)); err == nil {
				t.Fatal("Send succeeded, want an error")
			}
			if n := len(srv.Mails()); n != 0 {
				t.Errorf("%d messages accepted, want none", n)
			}
		})
	}
}

func TestNewSMTP_RejectsBadURLs(t *testing.T) {
	for _, u := range []string{"http://mail.example.com", "smtp://", "smtp://mail.example.com:notaport", "smtp://mail.example.com?starttls=sometimes", "smtp://mail.example.com:70000"} {
		if _, err := NewSMTP(SMTPConfig{URL: u, From: "a@example.com"}); err == nil {
			t.Errorf("NewSMTP(%q) = nil error, want an error", u)
		}
	}
}

func TestNewSMTP_ErrorsHideThePassword(t *testing.T) {
	_, err := NewSMTP(SMTPConfig{URL: "smtp://user:hunter2@mail.example.com:99999"})
	if err == nil || strings.Contains(err.Error(), "hunter2") {
		t.Errorf("NewSMTP error = %v, want an error without the password", err)
	}
}

// MAIL_FROM's display name is the sender's name the recipient sees; a bare
// address takes the subject (upstream's choice).
func TestSMTP_MailFromDisplayNameKept(t *testing.T) {
	tests := []struct{ name, from, wantName string }{
		{"display name kept", "Acme Auth <auth@acme.test>", `"Acme Auth" <auth@acme.test>`},
		{"bare address: the subject", "auth@acme.test", `"Sign in to app.example.com" <auth@acme.test>`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv := smtptest.Start(t, smtptest.Options{})
			mailer, err := NewSMTP(SMTPConfig{URL: fmt.Sprintf("smtp://127.0.0.1:%d", srv.Port()), From: tt.from})
			if err != nil {
				t.Fatalf("NewSMTP: %v", err)
			}
			if err := mailer.Send(t.Context(), testMessage(t)); err != nil {
				t.Fatalf("Send: %v", err)
			}
			got := srv.Wait(t)
			if from, _ := got.Header("From"); from != tt.wantName {
				t.Errorf("From = %q, want %q", from, tt.wantName)
			}
			if got.From != "auth@acme.test" {
				t.Errorf("envelope from %q", got.From)
			}
		})
	}
}
