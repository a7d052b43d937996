package magiclink

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"passwordless/mail"
	"passwordless/mail/smtptest"
)

// A magic-link e-mail, sent over the wire, names the link's host in its
// subject and sender, and carries the link and its lifetime in both bodies.
func TestNewMessage_ArrivesWithTheLinkInBothBodies(t *testing.T) {
	const link = "https://app.example.com:8443/login?token=verify_abc.def"
	m, err := NewMessage("user@example.com", link, time.Hour)
	if err != nil {
		t.Fatalf("NewMessage: %v", err)
	}
	srv := smtptest.Start(t, smtptest.Options{})
	mailer, err := mail.NewSMTP(mail.SMTPConfig{URL: fmt.Sprintf("smtp://127.0.0.1:%d", srv.Port()), From: "noreply@example.com"})
	if err != nil {
		t.Fatal(err)
	}
	if err := mailer.Send(t.Context(), m); err != nil {
		t.Fatalf("Send: %v", err)
	}
	got := srv.Wait(t)
	if subj, _ := got.Header("Subject"); subj != "Sign in to app.example.com" {
		t.Errorf("Subject = %q, want %q", subj, "Sign in to app.example.com")
	}
	if from, _ := got.Header("From"); !strings.Contains(from, "Sign in to app.example.com") || !strings.Contains(from, "<noreply@example.com>") {
		t.Errorf("From = %q, want the subject as display name and noreply@example.com", from)
	}
	text, err := got.Part("text/plain")
	if err != nil || !strings.Contains(text, link) || !strings.Contains(text, "expires in 1 hour") {
		t.Errorf("text body = %q, %v; want the link and its lifetime", text, err)
	}
	html, err := got.Part("text/html")
	if err != nil || !strings.Contains(html, `href="`+link+`"`) {
		t.Errorf("html body = %q, %v; want a link to %s", html, err, link)
	}
}
