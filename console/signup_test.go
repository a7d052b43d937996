package console_test

import (
	"fmt"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"passwordless/api/apitest"
	"passwordless/server"
)

// askSignup posts the sign-up form from the sign-in page's link.
func (b *browser) askSignup(t *testing.T, org, email string) page {
	t.Helper()
	form := b.get(t, "/console/signup")
	if form.Status != http.StatusOK {
		t.Fatalf("sign-up page: %d %.300s", form.Status, form.Body)
	}
	return b.post(t, "/console/signup", csrfOf(t, form), url.Values{"org": {org}, "email": {email}})
}

// useSignupLink opens a mailed sign-up link and presses its button.
func (b *browser) useSignupLink(t *testing.T, link string) page {
	t.Helper()
	p := b.get(t, link)
	if p.Status != http.StatusOK {
		return p
	}
	token := regexp.MustCompile(`name="token" value="([^"]*)"`).FindStringSubmatch(p.Body)
	if token == nil {
		t.Fatalf("no token on the sign-up link page: %.500s", p.Body)
	}
	return b.post(t, "/console/signup/verify", csrfOf(t, p), url.Values{"token": {unescape(token[1])}})
}

// A stranger creates an organization from the sign-in page: the mailed
// link (opening it changes nothing) creates it with them as owner, signs
// them in and sends them to add a passkey; the link works once.
func TestSignup_MailedLinkCreatesTheOrganizationOnce(t *testing.T) {
	h := newHarness(t)
	b := newBrowser(h)
	if !strings.Contains(b.get(t, "/console/signin").Body, `href="/console/signup"`) {
		t.Fatal("the sign-in page does not offer sign-up")
	}
	p := b.askSignup(t, "Acme Ltd", "Founder@Acme.test")
	if p.Status != http.StatusOK || !strings.Contains(p.Body, "Check your inbox") {
		t.Fatalf("sign-up: %d %.300s", p.Status, p.Body)
	}
	link := mailedLink(t, h, "founder@acme.test", "/console/signup/verify")
	if p := b.get(t, link); p.Status != http.StatusOK || strings.Contains(b.get(t, "/console/org").Body, "Acme Ltd") {
		t.Fatalf("opening the link: %d; it must only show a button", p.Status)
	}
	wantRedirect(t, "the link's button", b.useSignupLink(t, link), http.StatusSeeOther, "/console/profile")
	profile := b.get(t, "/console/profile?done=signed-up")
	if !strings.Contains(profile.Body, "Add a passkey") || !strings.Contains(profile.Body, "Your organization is created") {
		t.Errorf("profile after sign-up: %.500s", profile.Body)
	}
	org := b.get(t, "/console/org")
	if org.Status != http.StatusOK || !strings.Contains(org.Body, "Acme Ltd") || !strings.Contains(org.Body, "founder@acme.test") ||
		!strings.Contains(org.Body, "owner") {
		t.Errorf("organization page of the new owner: %d %.500s", org.Status, org.Body)
	}
	if p := b.addPasskey(t, csrfOf(t, profile)); p.Status != http.StatusOK {
		t.Fatalf("adding a passkey after sign-up: %d %.300s", p.Status, p.Body)
	}
	if p := b.signin(t, "founder@acme.test"); p.Status != http.StatusOK {
		t.Errorf("signing in by e-mail with the passkey added after sign-up: %d %.300s", p.Status, p.Body)
	}
	again := newBrowser(h).useSignupLink(t, link)
	if again.Status != http.StatusGone {
		t.Errorf("the link used a second time: %d, want 410", again.Status)
	}
}

// The answer is the same page whether or not the address is an admin's;
// only an unknown address is mailed.
func TestSignup_KnownAddressSameAnswerNoMail(t *testing.T) {
	h := newHarness(t)
	owner(t, h, "Acme", "owner@acme.test")
	mails(t, h)
	known := newBrowser(h).askSignup(t, "Another", "owner@acme.test")
	unknown := newBrowser(h).askSignup(t, "Another", "nobody@acme.test")
	if known.Status != http.StatusOK ||
		strings.ReplaceAll(known.Body, "owner@acme.test", "X") != strings.ReplaceAll(unknown.Body, "nobody@acme.test", "X") {
		t.Errorf("known: %d, unknown: %d; want the same page", known.Status, unknown.Status)
	}
	ms := mails(t, h)
	if sentTo(ms, "owner@acme.test") != 0 || sentTo(ms, "nobody@acme.test") != 1 {
		t.Errorf("mails: %d to the admin, %d to the unknown address; want 0 and 1",
			sentTo(ms, "owner@acme.test"), sentTo(ms, "nobody@acme.test"))
	}
}

// Two links for one address: the first used makes the address an admin,
// and the second then creates nothing.
func TestSignup_SecondLinkForAnAdminCreatesNothing(t *testing.T) {
	h := newHarness(t)
	b := newBrowser(h)
	b.askSignup(t, "One", "twice@acme.test")
	first := mailedLink(t, h, "twice@acme.test", "/console/signup/verify")
	b.askSignup(t, "Two", "twice@acme.test")
	second := mailedLink(t, h, "twice@acme.test", "/console/signup/verify")
	wantRedirect(t, "first link", b.useSignupLink(t, first), http.StatusSeeOther, "/console/profile")
	if p := newBrowser(h).useSignupLink(t, second); p.Status != http.StatusConflict {
		t.Errorf("second link of an admin's address: %d %.300s, want 409", p.Status, p.Body)
	}
}

// The operator's switch: with sign-up off, the sign-in page does not offer
// it and every sign-up route is not found.
func TestSignup_OffIsNotFound(t *testing.T) {
	h := apitest.New(t, apitest.Options{Configure: func(c *server.Config) {
		c.PublicURL = origin
		c.OrgLimits.SignupDisabled = true
	}})
	b := newBrowser(h)
	signin := b.get(t, "/console/signin")
	if strings.Contains(signin.Body, "/console/signup") {
		t.Error("the sign-in page offers sign-up while it is off")
	}
	csrf := attr(t, signin, "data-csrf")
	for _, p := range []page{b.get(t, "/console/signup"), b.get(t, "/console/signup/verify?token=x"),
		b.post(t, "/console/signup", csrf, url.Values{"org": {"Acme"}, "email": {"a@acme.test"}}),
		b.post(t, "/console/signup/verify", csrf, url.Values{"token": {"x"}})} {
		if p.Status != http.StatusNotFound {
			t.Errorf("sign-up route while off: %d, want 404", p.Status)
		}
	}
	if m := mails(t, h); len(m) != 0 {
		t.Errorf("%d mails sent while sign-up is off", len(m))
	}
}

// The name is capped and refused with the typed values kept; the mail's
// subject is the service's words, never the name.
func TestSignup_NameCappedAndKeptOutOfTheSubject(t *testing.T) {
	h := newHarness(t)
	long := newBrowser(h).askSignup(t, strings.Repeat("n", 101), "long@acme.test")
	if long.Status != http.StatusBadRequest || !strings.Contains(long.Body, "at most 100 characters") ||
		!strings.Contains(long.Body, `value="long@acme.test"`) {
		t.Errorf("a 101-character name: %d %.600s", long.Status, long.Body)
	}
	phish := "Your account is locked, call +1 555 0100"
	if p := newBrowser(h).askSignup(t, phish, "victim@acme.test"); p.Status != http.StatusOK {
		t.Fatalf("sign-up: %d", p.Status)
	}
	ms := mails(t, h)
	if len(ms) != 1 {
		t.Fatalf("%d mails, want 1", len(ms))
	}
	subject := regexp.MustCompile(`(?m)^Subject: (.*)$`).FindStringSubmatch(ms[0])
	if subject == nil || strings.Contains(subject[1], "locked") || !strings.Contains(ms[0], "“"+phish+"”") {
		t.Errorf("subject %q; the body must quote the name as the organization's: %.800s", subject, ms[0])
	}
}

// A flood of sign-ups for one address from many client addresses mails it
// at most the per-recipient cap (shared with sign-in links), and one
// client address asks for at most 10 links; refusals are 429.
func TestSignup_CappedPerRecipientAndClientAddress(t *testing.T) {
	h := newHarness(t)
	status := map[int]int{}
	for i := range 6 {
		b := newBrowser(h)
		b.remote = fmt.Sprintf("127.0.0.%d:40000", 10+i)
		status[b.askSignup(t, "Flood", "target@acme.test").Status]++
	}
	if n := sentTo(mails(t, h), "target@acme.test"); n != 3 || status[http.StatusTooManyRequests] != 3 {
		t.Errorf("6 sign-ups for one address mailed %d, answers %v; want 3 mailed and 3 × 429", n, status)
	}
	b := newBrowser(h)
	b.remote = "127.0.0.99:40000"
	for i := range 10 {
		if p := b.askSignup(t, "Spread", fmt.Sprintf("r%d@acme.test", i)); p.Status != http.StatusOK {
			t.Fatalf("sign-up %d from one address: %d", i+1, p.Status)
		}
	}
	if p := b.askSignup(t, "Spread", "r10@acme.test"); p.Status != http.StatusTooManyRequests || p.Header.Get("Retry-After") == "" {
		t.Errorf("eleventh sign-up from one address: %d %v", p.Status, p.Header)
	}
	h.Clock.Advance(15 * time.Minute)
	if p := b.askSignup(t, "Spread", "r10@acme.test"); p.Status != http.StatusOK {
		t.Errorf("15 minutes later: %d", p.Status)
	}
}

// No console page tells a tenant to run a command or set an environment
// variable (issue 22): operator instructions are in docs/operations.md.
func TestTemplates_NameNoCommandOrVariable(t *testing.T) {
	files, err := filepath.Glob("templates/*.html")
	if err != nil || len(files) == 0 {
		t.Fatalf("templates: %v %v", files, err)
	}
	operator := regexp.MustCompile("`passwordless |\\bpasswordless (console|apps|orgs|serve|migrate|users|keys)\\b|\\b(SMTP_URL|MAIL_FROM|PUBLIC_URL|DATA_DIR|TOKEN_SECRET|MANAGEMENT_KEY|DATABASE_URL|REDIS_URL|CONSOLE_[A-Z_]+|RATE_LIMIT_[A-Z_]+|MAGIC_LINK_NEW_APP_TIMEOUT)\\b")
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		if m := operator.FindString(string(b)); m != "" {
			t.Errorf("%s tells the tenant %q: operator instructions belong in docs/operations.md", f, m)
		}
	}
}
