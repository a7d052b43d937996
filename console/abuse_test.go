package console_test

import (
	"html"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"passwordless/api/apitest"
	"passwordless/orgs"
	"passwordless/server"
	"passwordless/storage"
	"passwordless/storage/storagetest"
)

// eachDatabase runs fn with a console on SQLite and, when TEST_DATABASE_URL
// is set, on PostgreSQL (which refuses NUL and invalid UTF-8 as a 500).
func eachDatabase(t *testing.T, limits orgs.Limits, fn func(t *testing.T, h *apitest.Harness)) {
	for _, db := range []struct {
		name string
		open func(testing.TB) *storage.DB
	}{{"sqlite", storagetest.SQLite}, {"postgres", storagetest.Postgres}} {
		t.Run(db.name, func(t *testing.T) {
			fn(t, apitest.New(t, apitest.Options{DB: db.open(t), Configure: func(c *server.Config) {
				c.PublicURL = origin
				c.OrgLimits = limits
			}}))
		})
	}
}

// Console forms get the API's text hygiene: NUL or invalid UTF-8 in any
// field, signed in or not, is a 400 page in plain words, never a 500, and
// nothing is stored or mailed (issue 24 item 8).
func TestForms_RefuseNulAndInvalidUTF8(t *testing.T) {
	eachDatabase(t, orgs.Limits{}, func(t *testing.T, h *apitest.Harness) {
		acme := owner(t, h, "Acme", "owner@acme.test")
		mails(t, h)
		for _, bad := range []string{"Acme\x00Corp", "Acme\xff\xfeCorp"} {
			for path, field := range map[string]string{"/console/org/rename": "name", "/console/org/invites": "email",
				"/console/apps": "appId"} {
				p := acme.form(t, path, url.Values{field: {bad}})
				if p.Status != http.StatusBadRequest || !strings.Contains(p.Body, "Text not accepted") {
					t.Errorf("%s %s=%q: %d %.300s, want 400 Text not accepted", path, field, bad, p.Status, p.Body)
				}
			}
			if p := newBrowser(h).askLink(t, "owner@acme.test"+bad); p.Status != http.StatusBadRequest {
				t.Errorf("sign-in link for %q: %d, want 400", bad, p.Status)
			}
			if p := acme.get(t, "/console/invite?token="+url.QueryEscape(bad)); p.Status != http.StatusBadRequest {
				t.Errorf("invitation page with token %q: %d, want 400", bad, p.Status)
			}
		}
		if m := mails(t, h); len(m) != 0 {
			t.Errorf("%d mails sent by refused forms", len(m))
		}
		if p := acme.get(t, "/console/org"); !strings.Contains(p.Body, "Acme") || strings.Contains(p.Body, "\ufffd") {
			t.Errorf("organization page after refused forms: %d", p.Status)
		}
	})
}

// A quote in an organization's name is fine and a CR/LF or a BEL is
// refused, so no name breaks a later invitation (it once was a 503 for
// every invitation after it); the invitation's subject is the service's,
// and the name is quoted in its body (issue 24 items 7, 8).
func TestInvite_OrganizationNameNeverBreaksOrLeadsTheMail(t *testing.T) {
	eachDatabase(t, orgs.Limits{}, func(t *testing.T, h *apitest.Harness) {
		acme := owner(t, h, "Acme", "owner@acme.test")
		for _, name := range []string{"Acme\r\nBcc: victim@example.com", "Acme\nCorp", "Acme\aCorp"} {
			p := acme.form(t, "/console/org/rename", url.Values{"name": {name}})
			if p.Status != http.StatusBadRequest || !strings.Contains(p.Body, "one line of text") {
				t.Errorf("rename to %q: %d %.300s, want 400 in plain words", name, p.Status, p.Body)
			}
		}
		const phish = `Call "+1 555 0100" https://evil.example/`
		wantRedirect(t, "rename", acme.form(t, "/console/org/rename", url.Values{"name": {phish}}), http.StatusSeeOther, "/console/org")
		mails(t, h)
		wantRedirect(t, "invite", acme.form(t, "/console/org/invites", url.Values{"email": {"second@acme.test"}}),
			http.StatusSeeOther, "/console/org")
		ms := mails(t, h)
		if len(ms) != 1 {
			t.Fatalf("%d invitation mails, want 1", len(ms))
		}
		head, body, _ := strings.Cut(ms[0], "\r\n\r\n")
		if !strings.Contains(head, "Subject: Invitation to the Passwordless console\r\n") || strings.Contains(head, "evil") {
			t.Errorf("headers carry the tenant's text:\n%s", head)
		}
		if !strings.Contains(html.UnescapeString(body), "The organization's name, as it chose it: “"+phish+"”") {
			t.Errorf("body does not quote the name as the organization's:\n%s", body)
		}
	})
}

// An organization sends at most its daily number of invitations and owns
// at most its number of applications; past them the console says so in
// plain words and another organization is not held back (issue 24 item 7).
func TestOrganization_InvitationsAndApplicationsAreCapped(t *testing.T) {
	eachDatabase(t, orgs.Limits{InvitesPerDay: 2, AppsPerOrg: 2}, func(t *testing.T, h *apitest.Harness) {
		acme := owner(t, h, "Acme", "owner@acme.test")
		other := owner(t, h, "Other", "owner@other.test")
		for _, email := range []string{"a@acme.test", "b@acme.test"} {
			wantRedirect(t, "invite", acme.form(t, "/console/org/invites", url.Values{"email": {email}}), http.StatusSeeOther, "/console/org")
		}
		mails(t, h)
		p := acme.form(t, "/console/org/invites", url.Values{"email": {"c@acme.test"}})
		if p.Status != http.StatusTooManyRequests || !strings.Contains(p.Body, "sent 2 invitations in the last 24 hours") {
			t.Errorf("third invitation: %d %.400s", p.Status, p.Body)
		}
		if m := mails(t, h); len(m) != 0 {
			t.Errorf("a refused invitation sent %d mails", len(m))
		}
		acme.createApp(t, "acmeone")
		acme.createApp(t, "acmetwo")
		p = acme.post(t, "/console/apps", csrfOf(t, acme.get(t, "/console/apps")), url.Values{"appId": {"acmethree"}})
		if p.Status != http.StatusBadRequest || !strings.Contains(p.Body, "has 2 applications, the most it may have") {
			t.Errorf("third application: %d %.400s", p.Status, p.Body)
		}
		if ok, err := h.Server.Tenants.Available(t.Context(), "acmethree"); err != nil || !ok {
			t.Errorf("the refused application exists: available %v, %v", ok, err)
		}
		wantRedirect(t, "another organization's invitation", other.form(t, "/console/org/invites",
			url.Values{"email": {"a@other.test"}}), http.StatusSeeOther, "/console/org")
		other.createApp(t, "otherone")
	})
}
