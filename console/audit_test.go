package console_test

import (
	"encoding/base64"
	"net/http"
	"strings"
	"testing"
)

// orgLog is the organization's event log page as b sees it.
func (b *browser) orgLog(t *testing.T) string {
	t.Helper()
	p := b.get(t, "/console/org/events")
	if p.Status != http.StatusOK {
		t.Fatalf("org events: %d", p.Status)
	}
	return p.Body
}

// failedSignin begins a passkey sign-in with email and completes it with a
// broken signature.
func (b *browser) failedSignin(t *testing.T, email string) page {
	t.Helper()
	csrf := attr(t, b.get(t, "/console/signin"), "data-csrf")
	_, out := b.call(t, "/console/signin/begin", csrf, map[string]string{"email": email})
	_, assertion, err := b.auth.Get(out["options"], origin)
	if err != nil {
		t.Fatal(err)
	}
	sig, _ := base64.RawURLEncoding.DecodeString(assertion.Response.Signature)
	sig[len(sig)-1] ^= 0xff
	assertion.Response.Signature = base64.RawURLEncoding.EncodeToString(sig)
	done, _ := b.call(t, "/console/signin/complete", csrf, map[string]any{"session": unquote(out["session"]), "response": assertion})
	return done
}

// Sign-ins by passkey and magic link, a refused passkey, a used link and a
// sign-out are in the organization's log, naming the admin; another
// organization's log shows none of them.
func TestAudit_SigninsAndSignoutsInOrgLog(t *testing.T) {
	h := newHarness(t)
	b := owner(t, h, "Acme", "owner@acme.test")
	other := owner(t, h, "Other", "boss@other.test")

	if done := b.signin(t, "owner@acme.test"); done.Status != http.StatusOK {
		t.Fatalf("signin: %d %s", done.Status, done.Body)
	}
	if done := b.failedSignin(t, "owner@acme.test"); done.Status == http.StatusOK {
		t.Fatalf("a broken signature signed in: %s", done.Body)
	}
	m := newBrowser(h)
	m.askLink(t, "owner@acme.test")
	link := mailedLink(t, h, "owner@acme.test", "/console/signin/link")
	wantRedirect(t, "use the link", m.useLink(t, link), http.StatusSeeOther, "/console/apps")
	if p := newBrowser(h).useLink(t, link); p.Status != http.StatusGone {
		t.Fatalf("the link used again: %d", p.Status)
	}
	wantRedirect(t, "sign out", m.post(t, "/console/signout", csrfOf(t, m.get(t, "/console/apps")), nil),
		http.StatusSeeOther, "/console/signin")

	log := b.orgLog(t)
	for _, want := range []string{
		"ConsoleAdminSignedIn", "Admin owner@acme.test signed in with a passkey.",
		"Admin owner@acme.test signed in with a magic link.",
		"ConsoleAdminSigninFailed", "Sign-in of owner@acme.test with a passkey refused",
		"Sign-in of owner@acme.test with a magic link refused: the link was used already.",
		"ConsoleAdminSignedOut", "Admin owner@acme.test signed out.",
	} {
		if !strings.Contains(log, want) {
			t.Errorf("org log lacks %q", want)
		}
	}
	if strings.Count(log, `data-label="By">owner@acme.test</td>`) < 3 {
		t.Errorf("sign-ins and sign-out not performed by the admin:\n%s", log)
	}
	if theirs := other.orgLog(t); strings.Contains(theirs, "owner@acme.test") {
		t.Errorf("another organization sees Acme's sign-ins")
	}
}
