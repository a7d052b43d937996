package console_test

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/emersion/go-smtp"

	"passwordless/api/apitest"
	"passwordless/mail/smtptest"
	"passwordless/server"
)

// The invitation e-mail goes out over SMTP only once the invitation is
// committed: while the SMTP server holds the sender at DATA, another
// database connection already sees the invitation and can write (on
// SQLite an open transaction would hold the one writer for the whole
// SMTP exchange).
func TestInvite_MailIsSentAfterTheTransaction(t *testing.T) {
	type during struct {
		invites int64
		err     error
	}
	seen := make(chan during, 1)
	var h *apitest.Harness
	srv := smtptest.Start(t, smtptest.Options{OnData: func(smtptest.Mail) error {
		ctx, cancel := context.WithTimeout(context.Background(), 3*time.Second)
		defer cancel()
		db := h.Server.DB.Gorm.WithContext(ctx)
		var d during
		d.err = db.Table("console_invites").Where("email = ?", "second@acme.test").Count(&d.invites).Error
		if d.err == nil {
			d.err = db.Exec("UPDATE console_orgs SET name = name").Error
		}
		seen <- d
		return nil
	}})
	h = apitest.New(t, apitest.Options{Configure: func(c *server.Config) {
		c.PublicURL = origin
		c.SMTPURL = fmt.Sprintf("smtp://127.0.0.1:%d?starttls=off", srv.Port())
	}})
	acme := owner(t, h, "Acme", "owner@acme.test")
	p := acme.post(t, "/console/org/invites", csrfOf(t, acme.get(t, "/console/org")), url.Values{"email": {"second@acme.test"}})
	wantRedirect(t, "invite", p, http.StatusSeeOther, "/console/org")
	select {
	case d := <-seen:
		if d.err != nil || d.invites != 1 {
			t.Errorf("during the SMTP exchange another connection saw %d invitations (%v), want the committed one and a free writer",
				d.invites, d.err)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("no invitation mail reached the SMTP server")
	}
	m := srv.Wait(t)
	if text, err := m.Part("text/plain"); err != nil || !strings.Contains(text, origin+"/console/invite?token=") {
		t.Errorf("mail text = %q, %v; want the invitation link", text, err)
	}
}

// An invitation whose mail the SMTP server refuses stands, and its mail
// goes out when the mail job retries it: nothing is lost, and the link
// mailed late works.
func TestInvite_RefusedMailIsRetriedByTheJob(t *testing.T) {
	srv := smtptest.Start(t, smtptest.Options{Reject: &smtp.SMTPError{Code: 451, EnhancedCode: smtp.EnhancedCode{4, 3, 0}, Message: "try later"}})
	h := apitest.New(t, apitest.Options{Configure: func(c *server.Config) {
		c.PublicURL = origin
		c.SMTPURL = fmt.Sprintf("smtp://127.0.0.1:%d?starttls=off", srv.Port())
	}})
	acme := owner(t, h, "Acme", "owner@acme.test")
	p := acme.post(t, "/console/org/invites", csrfOf(t, acme.get(t, "/console/org")), url.Values{"email": {"second@acme.test"}})
	wantRedirect(t, "invite with the mail refused", p, http.StatusSeeOther, "/console/org")
	if !strings.Contains(acme.get(t, "/console/org").Body, "second@acme.test") {
		t.Fatal("the invitation is not pending after its mail was refused")
	}
	srv.SetReject(nil)
	if n, err := h.Server.MailQueue.RunOnce(t.Context()); err != nil || n != 0 {
		t.Fatalf("RunOnce before the retry is due = %d, %v; want nothing sent", n, err)
	}
	h.Clock.Advance(time.Minute)
	if n, err := h.Server.MailQueue.RunOnce(t.Context()); err != nil || n != 1 {
		t.Fatalf("RunOnce once due = %d, %v; want the invitation sent", n, err)
	}
	text, err := srv.Wait(t).Part("text/plain")
	link := regexp.MustCompile(regexp.QuoteMeta(origin) + `/console/invite\?token=[A-Za-z0-9._~-]+`).FindString(text)
	if err != nil || link == "" {
		t.Fatalf("retried mail = %q, %v; want the invitation link", text, err)
	}
	if done := newBrowser(h).accept(t, strings.TrimPrefix(link, origin)); done.Status != http.StatusOK {
		t.Errorf("accepting the late mail's link: %d %s", done.Status, done.Body)
	}
}
