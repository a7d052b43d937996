package console_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"
)

// An owner's passkey-only switch turns off the organization's admin magic
// links: the form answers as for an unknown address and mails nothing,
// links mailed before no longer sign in, other organizations keep theirs,
// the page says so and the change is in the organization's log.
func TestOrg_PasskeyOnlyTurnsOffMagicLinks(t *testing.T) {
	h := newHarness(t)
	acme := owner(t, h, "Acme", "owner@acme.test")
	owner(t, h, "Other", "owner@other.test")
	second := newBrowser(h)
	second.accept(t, acme.invite(t, "second@acme.test"))
	newBrowser(h).askLink(t, "owner@acme.test")
	before := mailedLink(t, h, "owner@acme.test", "/console/signin/link")

	if p := second.form(t, "/console/org/settings", url.Values{"passkeyOnly": {"on"}}); p.Status != http.StatusForbidden {
		t.Errorf("an admin who is no owner changes the setting: %d, want 403", p.Status)
	}
	wantRedirect(t, "turn magic links off", acme.form(t, "/console/org/settings", url.Values{"passkeyOnly": {"on"}}),
		http.StatusSeeOther, "/console/org")
	if p := second.get(t, "/console/org"); !strings.Contains(p.Body, "Passkey only: admins of this organization sign in with their passkey") {
		t.Errorf("the organization page does not say it is passkey-only: %.300s", p.Body)
	}

	asked := newBrowser(h).askLink(t, "owner@acme.test")
	unknown := newBrowser(h).askLink(t, "nobody@acme.test")
	if asked.Status != unknown.Status ||
		strings.ReplaceAll(asked.Body, "owner@acme.test", "X") != strings.ReplaceAll(unknown.Body, "nobody@acme.test", "X") {
		t.Errorf("a passkey-only admin's answer differs from an unknown address's: %d %.300s", asked.Status, asked.Body)
	}
	if m := mails(t, h); len(m) != 0 {
		t.Errorf("mail sent to a passkey-only admin: %d", len(m))
	}
	if p := newBrowser(h).useLink(t, before); p.Status != http.StatusGone {
		t.Errorf("a link mailed before the switch: %d, want 410", p.Status)
	}
	newBrowser(h).askLink(t, "owner@other.test")
	mailedLink(t, h, "owner@other.test", "/console/signin/link") // another organization keeps its links

	log := acme.orgLog(t)
	for _, want := range []string{"ConsoleOrgSettingsChanged", "Admin magic links turned off",
		"Sign-in of owner@acme.test with a magic link refused: the organization signs in with passkeys only."} {
		if !strings.Contains(log, want) {
			t.Errorf("org log lacks %q", want)
		}
	}

	wantRedirect(t, "turn magic links back on", acme.form(t, "/console/org/settings", nil), http.StatusSeeOther, "/console/org")
	newBrowser(h).askLink(t, "owner@acme.test")
	mailedLink(t, h, "owner@acme.test", "/console/signin/link")
}
