package console_test

import (
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	"passwordless/api/apitest"
	"passwordless/mail/smtptest"
	"passwordless/server"
)

// sentTo counts the mails among ms addressed to to.
func sentTo(ms []string, to string) int {
	n := 0
	for _, m := range ms {
		if strings.Contains(m, "To: <"+to+">") || strings.Contains(m, "To: "+to) {
			n++
		}
	}
	return n
}

// A flood of the sign-in form from many addresses for one admin (issue 24
// item 6: 199 mails to one admin, and the console's quota spent for every
// admin) mails that admin at most the per-recipient cap; another admin
// still gets a working link after it.
func TestMagicLink_FloodForOneAdminSendsAtMostTheCap(t *testing.T) {
	h := newHarness(t)
	owner(t, h, "Acme", "owner@acme.test")
	owner(t, h, "Other", "owner@other.test")
	h.Clock.Advance(time.Minute)
	mails(t, h)
	const flood, addresses = 210, 30 // 210: more than a young console's share of its old quota
	status := map[int]int{}
	for i := range flood {
		b := newBrowser(h)
		b.remote = fmt.Sprintf("127.0.0.%d:40000", 10+i%addresses)
		status[b.askLink(t, "owner@acme.test").Status]++
	}
	if n := sentTo(mails(t, h), "owner@acme.test"); n != 3 {
		t.Errorf("%d requests for one admin mailed them %d links, want the cap of 3", flood, n)
	}
	if status[http.StatusOK] != 3 || status[http.StatusTooManyRequests] != flood-3 {
		t.Errorf("answers %v, want 3 × 200 and the rest 429", status)
	}
	b := newBrowser(h)
	b.remote = "127.0.0.200:40000"
	if p := b.askLink(t, "owner@other.test"); p.Status != http.StatusOK {
		t.Fatalf("another admin after the flood: %d %.300s", p.Status, p.Body)
	}
	link := mailedLink(t, h, "owner@other.test", "/console/signin/link")
	wantRedirect(t, "another admin's link", b.useLink(t, link), http.StatusSeeOther, "/console/apps")
	// The window slides: 15 minutes on, the flooded admin can ask again.
	h.Clock.Advance(15 * time.Minute)
	if p := b.askLink(t, "owner@acme.test"); p.Status != http.StatusOK || sentTo(mails(t, h), "owner@acme.test") != 1 {
		t.Errorf("the flooded admin 15 minutes later: %d", p.Status)
	}
}

// One client address asks for at most 10 links in 15 minutes, whatever the
// recipients; the refusal is the same for an admin's address and an
// unknown one, and neither is mailed.
func TestMagicLink_CappedPerClientAddressSameAnswerForEveryone(t *testing.T) {
	h := newHarness(t)
	owner(t, h, "Acme", "owner@acme.test")
	h.Clock.Advance(time.Minute)
	mails(t, h)
	b := newBrowser(h)
	b.remote = "127.0.0.9:40000"
	for i := range 10 {
		if p := b.askLink(t, fmt.Sprintf("nobody%d@acme.test", i)); p.Status != http.StatusOK {
			t.Fatalf("ask %d: %d", i+1, p.Status)
		}
	}
	known, unknown := b.askLink(t, "owner@acme.test"), b.askLink(t, "nobody@acme.test")
	if known.Status != http.StatusTooManyRequests || known.Header.Get("Retry-After") == "" ||
		!strings.Contains(known.Body, "Too many sign-in links") {
		t.Errorf("eleventh ask from one address: %d %v %.300s", known.Status, known.Header, known.Body)
	}
	if unknown.Status != known.Status || unknown.Body != known.Body {
		t.Errorf("refusal differs for an unknown address: %d vs %d", unknown.Status, known.Status)
	}
	if m := mails(t, h); len(m) != 0 {
		t.Errorf("%d mails sent, want none (unknown addresses, then refused)", len(m))
	}
}

// The form answers before the mail server does: while the SMTP server
// holds the admin's link at DATA, the answer for the admin is already the
// same page as for an unknown address, so neither its words nor its time
// tell whether the address has an account. The link goes out after.
func TestMagicLink_AnswerDoesNotWaitForTheMailServer(t *testing.T) {
	release, held := make(chan struct{}), make(chan struct{}, 1)
	srv := smtptest.Start(t, smtptest.Options{OnData: func(smtptest.Mail) error {
		held <- struct{}{}
		<-release
		return nil
	}})
	h := apitest.New(t, apitest.Options{Configure: func(c *server.Config) {
		c.PublicURL = origin
		c.SMTPURL = fmt.Sprintf("smtp://127.0.0.1:%d?starttls=off", srv.Port())
	}})
	owner(t, h, "Acme", "owner@acme.test")
	answered := make(chan page, 1)
	go func() { answered <- newBrowser(h).askLink(t, "owner@acme.test") }()
	var known page
	select {
	case known = <-answered:
	case <-time.After(5 * time.Second):
		close(release)
		t.Fatal("the answer for an admin waited for the mail server")
	}
	select {
	case <-held:
	case <-time.After(10 * time.Second):
		t.Fatal("the link never reached the SMTP server")
	}
	unknown := newBrowser(h).askLink(t, "nobody@acme.test")
	close(release)
	if known.Status != http.StatusOK ||
		strings.ReplaceAll(known.Body, "owner@acme.test", "X") != strings.ReplaceAll(unknown.Body, "nobody@acme.test", "X") {
		t.Errorf("admin: %d, unknown: %d; want the same page", known.Status, unknown.Status)
	}
	h.Server.Console.WaitMail()
	if m := srv.Mails(); len(m) != 1 || m[0].To[0] != "owner@acme.test" {
		t.Errorf("mails after release: %d, want the admin's link", len(m))
	}
}
