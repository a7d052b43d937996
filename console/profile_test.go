package console_test

import (
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/google/uuid"

	"passwordless/passkeys/passkeystest"
)

var deletePattern = regexp.MustCompile(`/console/profile/passkeys/([A-Za-z0-9_-]+)/delete`)

// passkeyIDs are the ids of the passkeys listed on the profile page.
func passkeyIDs(t *testing.T, b *browser) ([]string, string) {
	t.Helper()
	p := b.get(t, "/console/profile")
	if p.Status != http.StatusOK {
		t.Fatalf("profile: %d", p.Status)
	}
	var ids []string
	for _, m := range deletePattern.FindAllStringSubmatch(p.Body, -1) {
		ids = append(ids, m[1])
	}
	return ids, csrfOf(t, p)
}

// addPasskey runs the profile page's registration ceremony.
func (b *browser) addPasskey(t *testing.T, csrf string) page {
	t.Helper()
	begin, out := b.call(t, "/console/profile/passkeys/begin", csrf, map[string]string{})
	if begin.Status != http.StatusOK {
		return begin
	}
	_, att, err := b.auth.Create(out["options"], origin)
	if err != nil {
		t.Fatalf("authenticator refused %s: %v", out["options"], err)
	}
	done, _ := b.call(t, "/console/profile/passkeys/complete", csrf, map[string]any{"session": unquote(out["session"]), "response": att})
	return done
}

func TestProfile_AddAndDeletePasskeys(t *testing.T) {
	h := newHarness(t)
	b := owner(t, h, "Acme", "owner@acme.test")
	ids, csrf := passkeyIDs(t, b)
	if len(ids) != 1 {
		t.Fatalf("passkeys after setup = %v, want 1", ids)
	}
	// A second device, a synced passkey provider: the first one holds a
	// passkey already, which the options exclude.
	b.auth = passkeystest.New(passkeystest.EdDSA, passkeystest.AttestationNone)
	b.auth.AAGUID = uuid.MustParse("08987058-cadc-4b81-b6e1-30de50dcbe96")
	b.auth.BackupEligible, b.auth.BackedUp = true, true
	if done := b.addPasskey(t, csrf); done.Status != http.StatusOK {
		t.Fatalf("add passkey: %d %s", done.Status, done.Body)
	}
	if ids, _ = passkeyIDs(t, b); len(ids) != 2 {
		t.Fatalf("passkeys after adding = %v, want 2", ids)
	}
	profile := b.get(t, "/console/profile").Body
	for _, want := range []string{"Windows Hello", "Synced passkey", "Unknown authenticator", "This device only"} {
		if !strings.Contains(profile, want) {
			t.Errorf("the profile's list lacks %q", want)
		}
	}
	if done := b.signin(t, "owner@acme.test"); done.Status != http.StatusOK {
		t.Fatalf("sign-in with the added passkey: %d %s", done.Status, done.Body)
	}
	_, csrf = passkeyIDs(t, b) // the sign-in rotated the session
	wantRedirect(t, "delete one of two", b.post(t, "/console/profile/passkeys/"+ids[0]+"/delete", csrf, url.Values{"confirm": {"yes"}}), http.StatusSeeOther, "/console/profile")
	last, _ := passkeyIDs(t, b)
	if len(last) != 1 || last[0] != ids[1] {
		t.Fatalf("passkeys after deleting = %v, want [%s]", last, ids[1])
	}
	refused := b.post(t, "/console/profile/passkeys/"+last[0]+"/delete", csrf, nil)
	if refused.Status != http.StatusOK || !strings.Contains(refused.Body, "your last passkey") || !strings.Contains(refused.Body, `name="confirm"`) {
		t.Errorf("unconfirmed delete of the last passkey: %d", refused.Status)
	}
	if still, _ := passkeyIDs(t, b); len(still) != 1 {
		t.Fatalf("the last passkey was deleted without confirmation")
	}
	wantRedirect(t, "confirmed delete of the last", b.post(t, "/console/profile/passkeys/"+last[0]+"/delete", csrf,
		url.Values{"confirm": {"yes"}}), http.StatusSeeOther, "/console/profile")
	if gone, _ := passkeyIDs(t, b); len(gone) != 0 {
		t.Errorf("passkeys after the confirmed delete = %v", gone)
	}
}

// An admin cannot delete another admin's passkey, nor add one without
// their session's CSRF token or a session.
func TestProfile_OthersPasskeysUntouchable(t *testing.T) {
	h := newHarness(t)
	acme := owner(t, h, "Acme", "owner@acme.test")
	acmeIDs, acmeCSRF := passkeyIDs(t, acme)
	other := owner(t, h, "Other", "owner@other.test")
	_, otherCSRF := passkeyIDs(t, other)
	p := other.post(t, "/console/profile/passkeys/"+acmeIDs[0]+"/delete", otherCSRF, url.Values{"confirm": {"yes"}})
	if p.Status != http.StatusNotFound {
		t.Errorf("delete of another admin's passkey: %d, want 404", p.Status)
	}
	if ids, _ := passkeyIDs(t, acme); len(ids) != 1 {
		t.Error("another admin's passkey was deleted")
	}
	preCSRF := attr(t, newBrowser(h).get(t, "/console/signin"), "data-csrf")
	for _, tc := range []struct {
		name string
		b    *browser
		csrf string
	}{
		{"another session's token", other, acmeCSRF},
		{"a pre-sign-in token", other, preCSRF},
		{"no token", other, ""},
		{"no session", newBrowser(h), acmeCSRF},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if p, _ := tc.b.call(t, "/console/profile/passkeys/begin", tc.csrf, map[string]string{}); p.Status == http.StatusOK {
				t.Errorf("begin accepted: %s", p.Body)
			}
		})
	}
}
