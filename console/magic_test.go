package console_test

import (
	"net/http"
	"strings"
	"testing"
	"time"

	"passwordless/api/apitest"
	"passwordless/console"
	"passwordless/quota"
	"passwordless/server"
)

// A magic link signs the admin in once, with a new session.
func TestMagicLink_SignsInOnceWithANewSession(t *testing.T) {
	h := newHarness(t)
	owner(t, h, "Acme", "owner@acme.test").createApp(t, "acmeapp")
	b := newBrowser(h)
	if p := b.askLink(t, "Owner@Acme.test "); p.Status != http.StatusOK || !strings.Contains(p.Body, "Check your inbox") {
		t.Fatalf("ask for a link: %d %.300s", p.Status, p.Body)
	}
	link := mailedLink(t, h, "owner@acme.test", "/console/signin/link")
	// A session cookie planted before sign-in is never the one signed in.
	b.jar["__Host-console-session"] = &http.Cookie{Name: "__Host-console-session", Value: "planted"}
	wantRedirect(t, "use the link", b.useLink(t, link), http.StatusSeeOther, "/console/apps")
	if c := b.jar["__Host-console-session"]; c == nil || c.Value == "planted" {
		t.Fatalf("session cookie after the link: %+v", c)
	}
	if p := b.get(t, "/console/apps"); p.Status != http.StatusOK || !strings.Contains(p.Body, "acmeapp") {
		t.Errorf("signed in by link: %d", p.Status)
	}
	if p := newBrowser(h).useLink(t, link); p.Status != http.StatusGone {
		t.Errorf("the link used again: %d, want 410", p.Status)
	}
}

// Opening the link (as a mail scanner does) does not use it up.
func TestMagicLink_OpeningDoesNotUseIt(t *testing.T) {
	h := newHarness(t)
	owner(t, h, "Acme", "owner@acme.test")
	b := newBrowser(h)
	b.askLink(t, "owner@acme.test")
	link := mailedLink(t, h, "owner@acme.test", "/console/signin/link")
	for range 3 {
		newBrowser(h).get(t, link)
	}
	wantRedirect(t, "use the link after it was opened", b.useLink(t, link), http.StatusSeeOther, "/console/apps")
}

func TestMagicLink_Refused(t *testing.T) {
	for _, tc := range []struct {
		name  string
		twist func(h *apitest.Harness, link string) string
	}{
		{"expired", func(h *apitest.Harness, link string) string {
			h.Clock.Advance(console.MagicLinkTTL + time.Second)
			return link
		}},
		{"tampered", func(_ *apitest.Harness, link string) string { return link[:len(link)-3] + "abc" }},
		{"not a token", func(_ *apitest.Harness, _ string) string { return "/console/signin/link?token=verify_nothing" }},
	} {
		t.Run(tc.name, func(t *testing.T) {
			h := newHarness(t)
			owner(t, h, "Acme", "owner@acme.test")
			b := newBrowser(h)
			b.askLink(t, "owner@acme.test")
			link := tc.twist(h, mailedLink(t, h, "owner@acme.test", "/console/signin/link"))
			if p := b.useLink(t, link); p.Status != http.StatusGone || !strings.Contains(p.Body, "expired or was used already") {
				t.Errorf("%d %.300s, want 410", p.Status, p.Body)
			}
			wantRedirect(t, "not signed in", b.get(t, "/console/apps"), http.StatusSeeOther, "/console/signin")
		})
	}
}

// An unknown address gets the same page and no mail: the form does not
// tell whether an address has an account.
func TestMagicLink_UnknownAddressSamePageNoMail(t *testing.T) {
	h := newHarness(t)
	owner(t, h, "Acme", "owner@acme.test")
	known := newBrowser(h).askLink(t, "owner@acme.test")
	mails(t, h)
	unknown := newBrowser(h).askLink(t, "nobody@acme.test")
	if unknown.Status != known.Status ||
		strings.ReplaceAll(unknown.Body, "nobody@acme.test", "X") != strings.ReplaceAll(known.Body, "owner@acme.test", "X") {
		t.Errorf("unknown address: %d %.300s\nknown: %d %.300s", unknown.Status, unknown.Body, known.Status, known.Body)
	}
	if m := mails(t, h); len(m) != 0 {
		t.Errorf("mail sent to an unknown address: %d", len(m))
	}
}

func TestMagicLink_FormNeedsCSRF(t *testing.T) {
	h := newHarness(t)
	owner(t, h, "Acme", "owner@acme.test")
	b := newBrowser(h)
	b.get(t, "/console/signin")
	for _, path := range []string{"/console/signin/email", "/console/signin/link"} {
		if p := b.post(t, path, "", nil); p.Status != http.StatusForbidden {
			t.Errorf("%s without CSRF token: %d, want 403", path, p.Status)
		}
	}
	if m := mails(t, h); len(m) != 0 {
		t.Errorf("a refused form sent mail")
	}
}

// The form counts against the per-address limit of the console's ceremony
// calls: once it is spent, no mail is sent and the page says so.
func TestMagicLink_RateLimited(t *testing.T) {
	h := apitest.New(t, apitest.Options{Configure: func(c *server.Config) {
		c.PublicURL = origin
		c.RateLimits = &quota.Limits{ClientIP: quota.Rate{Limit: 2, Period: time.Minute}}
	}})
	owner(t, h, "Acme", "owner@acme.test") // two setup calls spend the limit
	h.Clock.Advance(time.Minute)
	b := newBrowser(h)
	for range 2 {
		if p := b.askLink(t, "owner@acme.test"); p.Status != http.StatusOK {
			t.Fatalf("ask: %d", p.Status)
		}
	}
	mails(t, h)
	p := b.askLink(t, "owner@acme.test")
	if p.Status != http.StatusTooManyRequests || p.Header.Get("Retry-After") == "" || !strings.Contains(p.Body, "Too many attempts") {
		t.Errorf("third ask: %d %v %.300s", p.Status, p.Header, p.Body)
	}
	if m := mails(t, h); len(m) != 0 {
		t.Errorf("a refused ask sent mail")
	}
}
