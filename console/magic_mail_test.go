package console_test

import (
	"fmt"
	"strings"
	"testing"

	"passwordless/api/apitest"
	"passwordless/mail/smtptest"
	"passwordless/server"
)

// The console's sign-in mail, over a real SMTP exchange, names the console
// in its subject (not the server's host) and comes from MAIL_FROM's
// display name.
func TestMagicLink_MailNamesTheConsoleFromMailFrom(t *testing.T) {
	srv := smtptest.Start(t, smtptest.Options{})
	h := apitest.New(t, apitest.Options{Configure: func(c *server.Config) {
		c.PublicURL = origin
		c.SMTPURL = fmt.Sprintf("smtp://127.0.0.1:%d?starttls=off", srv.Port())
		c.MailFrom = "Acme Auth <auth@acme.test>"
	}})
	owner(t, h, "Acme", "owner@acme.test")
	newBrowser(h).askLink(t, "owner@acme.test")
	h.Server.Console.WaitMail()
	got := srv.Wait(t)
	if subject, _ := got.Header("Subject"); subject != "Sign in to the Passwordless console" {
		t.Errorf("Subject = %q, want it to name the console", subject)
	}
	if from, _ := got.Header("From"); from != `"Acme Auth" <auth@acme.test>` {
		t.Errorf("From = %q, want MAIL_FROM's display name", from)
	}
	if text, err := got.Part("text/plain"); err != nil || !strings.Contains(text, "Sign in to the Passwordless console") ||
		!strings.Contains(text, origin+"/console/signin/link?token=") {
		t.Errorf("text body = %q, %v", text, err)
	}
}
