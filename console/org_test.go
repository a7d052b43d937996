package console_test

import (
	"html"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"passwordless/api/apitest"
	"passwordless/orgs"
	"passwordless/server"
	"passwordless/storage/storagetest"
)

// invite sends an invitation from the organization page of b (an owner)
// and returns the mailed link.
func (b *browser) invite(t *testing.T, email string) string {
	t.Helper()
	p := b.post(t, "/console/org/invites", csrfOf(t, b.get(t, "/console/org")), url.Values{"email": {email}})
	if p.Status != http.StatusSeeOther {
		t.Fatalf("invite %s: %d %.500s", email, p.Status, p.Body)
	}
	return mailedLink(t, b.h, strings.ToLower(email), "/console/invite")
}

// accept registers a passkey through the invitation link; the browser is
// then signed in. It returns the completion's answer.
func (b *browser) accept(t *testing.T, link string) page {
	t.Helper()
	p := b.get(t, link)
	if p.Status != http.StatusOK {
		return p
	}
	csrf, token := attr(t, p, "data-csrf"), attr(t, p, "data-token")
	begin, out := b.call(t, "/console/invite/begin", csrf, map[string]string{"token": token})
	if begin.Status != http.StatusOK {
		return begin
	}
	_, att, err := b.auth.Create(out["options"], origin)
	if err != nil {
		t.Fatalf("authenticator refused %s: %v", out["options"], err)
	}
	done, _ := b.call(t, "/console/invite/complete", csrf, map[string]any{"token": token, "session": unquote(out["session"]), "response": att})
	return done
}

// form posts a form of the organization page.
func (b *browser) form(t *testing.T, path string, fields url.Values) page {
	t.Helper()
	return b.post(t, path, csrfOf(t, b.get(t, "/console/org")), fields)
}

func TestInvite_AcceptedAdminJoinsTheOrganization(t *testing.T) {
	h := newHarness(t)
	acme := owner(t, h, "Acme", "owner@acme.test")
	acme.createApp(t, "acmeapp")
	owner(t, h, "Other", "owner@other.test").createApp(t, "otherapp")
	link := acme.invite(t, "Second@Acme.test")
	second := newBrowser(h)
	if done := second.accept(t, link); done.Status != http.StatusOK {
		t.Fatalf("accept: %d %s", done.Status, done.Body)
	}
	if p := second.get(t, "/console/apps"); !strings.Contains(p.Body, "acmeapp") || strings.Contains(p.Body, "otherapp") {
		t.Errorf("the new admin's applications: %.800s", p.Body)
	}
	if p := second.get(t, "/console/apps/otherapp"); p.Status != http.StatusNotFound {
		t.Errorf("another organization's app: %d, want 404", p.Status)
	}
	org := acme.get(t, "/console/org").Body
	if !strings.Contains(org, "second@acme.test") || !strings.Contains(org, "No pending invitations.") {
		t.Errorf("organization page after the acceptance: %.1500s", org)
	}
	// The new admin signs in with their passkey, by e-mail alias.
	if done := second.signin(t, "second@acme.test"); done.Status != http.StatusOK {
		t.Errorf("the new admin's sign-in: %d %s", done.Status, done.Body)
	}
	log := acme.get(t, "/console/org/events").Body
	for _, want := range []string{"Invitation sent to second@acme.test.", "Invitation of second@acme.test accepted.",
		"Admin second@acme.test added.", "Application acmeapp created.", "Organization Acme created."} {
		if !strings.Contains(log, want) {
			t.Errorf("org event log lacks %q: %.2000s", want, log)
		}
	}
	if strings.Contains(log, "otherapp") || strings.Contains(log, "Other created") {
		t.Errorf("org event log shows another organization's events: %.2000s", log)
	}
	// An invited admin is no owner: they cannot invite.
	if p := second.form(t, "/console/org/invites", url.Values{"email": {"third@acme.test"}}); p.Status != http.StatusForbidden {
		t.Errorf("an admin invites: %d, want 403", p.Status)
	}
}

func TestInvite_Refused(t *testing.T) {
	for _, tc := range []struct {
		name  string
		twist func(t *testing.T, h *apitest.Harness, acme *browser, link string)
	}{
		{"expired after 7 days", func(t *testing.T, h *apitest.Harness, _ *browser, _ string) {
			h.Clock.Advance(orgs.InviteTTL + time.Second)
		}},
		{"used already", func(t *testing.T, h *apitest.Harness, _ *browser, link string) {
			if done := newBrowser(h).accept(t, link); done.Status != http.StatusOK {
				t.Fatalf("first acceptance: %d %s", done.Status, done.Body)
			}
		}},
		{"revoked", func(t *testing.T, h *apitest.Harness, acme *browser, _ string) {
			id := regexp.MustCompile(`/console/org/invites/([^/]+)/revoke`).FindStringSubmatch(acme.get(t, "/console/org").Body)
			if id == nil {
				t.Fatal("no revoke form")
			}
			wantRedirect(t, "revoke", acme.form(t, "/console/org/invites/"+id[1]+"/revoke", nil), http.StatusSeeOther, "/console/org")
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			h := newHarness(t)
			acme := owner(t, h, "Acme", "owner@acme.test")
			link := acme.invite(t, "second@acme.test")
			tc.twist(t, h, acme, link)
			if p := newBrowser(h).accept(t, link); p.Status != http.StatusGone || !strings.Contains(p.Body, "Ask an owner") {
				t.Errorf("accept: %d %.300s, want 410", p.Status, p.Body)
			}
		})
	}
	t.Run("expired between begin and complete", func(t *testing.T) {
		h := newHarness(t)
		link := owner(t, h, "Acme", "owner@acme.test").invite(t, "second@acme.test")
		b := newBrowser(h)
		p := b.get(t, link)
		csrf, token := attr(t, p, "data-csrf"), attr(t, p, "data-token")
		_, out := b.call(t, "/console/invite/begin", csrf, map[string]string{"token": token})
		_, att, err := b.auth.Create(out["options"], origin)
		if err != nil {
			t.Fatal(err)
		}
		h.Clock.Advance(orgs.InviteTTL)
		done, _ := b.call(t, "/console/invite/complete", csrf, map[string]any{"token": token, "session": unquote(out["session"]), "response": att})
		if done.Status != http.StatusBadRequest || !strings.Contains(done.Body, "Ask an owner") {
			t.Errorf("complete after expiry: %d %s", done.Status, done.Body)
		}
	})
	t.Run("an address that is an admin already", func(t *testing.T) {
		h := newHarness(t)
		acme := owner(t, h, "Acme", "owner@acme.test")
		owner(t, h, "Other", "owner@other.test")
		p := acme.form(t, "/console/org/invites", url.Values{"email": {"owner@other.test"}})
		if p.Status != http.StatusBadRequest || !strings.Contains(p.Body, "belongs to one organization") {
			t.Errorf("invite another organization's admin: %d %.300s", p.Status, p.Body)
		}
		if m := mails(t, h); len(m) != 0 {
			t.Errorf("a refused invitation was mailed")
		}
	})
}

func TestOrg_RemoveAdmin(t *testing.T) {
	h := newHarness(t)
	acme := owner(t, h, "Acme", "owner@acme.test")
	other := owner(t, h, "Other", "owner@other.test")
	second := newBrowser(h)
	second.accept(t, acme.invite(t, "second@acme.test"))
	ids := regexp.MustCompile(`/console/org/admins/([^/]+)/delete`).FindAllStringSubmatch(acme.get(t, "/console/org").Body, -1)
	if len(ids) != 2 {
		t.Fatalf("remove forms: %v", ids)
	}
	ownerID, secondID := ids[0][1], ids[1][1]
	if p := other.form(t, "/console/org/admins/"+secondID+"/delete", nil); p.Status != http.StatusNotFound {
		t.Errorf("another organization removes an admin: %d, want 404", p.Status)
	}
	if p := acme.form(t, "/console/org/admins/"+ownerID+"/delete", url.Values{"confirm": {"yes"}}); p.Status != http.StatusBadRequest || !strings.Contains(p.Body, "last admin (or last owner)") {
		t.Errorf("remove the last owner: %d %.300s", p.Status, p.Body)
	}
	wantRedirect(t, "remove the second admin", acme.form(t, "/console/org/admins/"+secondID+"/delete", url.Values{"confirm": {"yes"}}), http.StatusSeeOther, "/console/org")
	wantRedirect(t, "the removed admin's session", second.get(t, "/console/apps"), http.StatusSeeOther, "/console/signin")
	if p := acme.form(t, "/console/org/admins/"+ownerID+"/delete", url.Values{"confirm": {"yes"}}); p.Status != http.StatusBadRequest {
		t.Errorf("remove the last admin: %d, want 400", p.Status)
	}
	if !strings.Contains(acme.get(t, "/console/org/events").Body, "Admin second@acme.test removed.") {
		t.Error("the removal is not in the org event log")
	}
}

func TestOrg_DeleteOnlyWithoutApps(t *testing.T) {
	h := newHarness(t)
	acme := owner(t, h, "Acme", "owner@acme.test")
	acme.createApp(t, "acmeapp")
	if p := acme.form(t, "/console/org/delete", url.Values{"confirm": {"yes"}}); p.Status != http.StatusBadRequest || !strings.Contains(p.Body, "Delete them first") {
		t.Errorf("delete with an app: %d %.300s", p.Status, p.Body)
	}
	if p := acme.get(t, "/console/org"); !strings.Contains(p.Body, "The organization has 1 application: delete it before the organization.") {
		t.Errorf("the organization page does not say what to delete first, in words: %.2000s", p.Body)
	}
	empty := owner(t, h, "Empty", "owner@empty.test")
	empty.createApp(t, "emptyapp")
	// A new application without passkeys is deleted at once; the organization's log says so.
	if p := empty.post(t, "/console/apps/emptyapp/delete", csrfOf(t, empty.get(t, "/console/apps/emptyapp")),
		url.Values{"confirm": {"on"}}); p.Status != http.StatusOK {
		t.Fatalf("delete the app: %d %.300s", p.Status, p.Body)
	}
	if log := empty.get(t, "/console/org/events").Body; !strings.Contains(log, "Application emptyapp deleted.") {
		t.Errorf("org event log lacks the deletion: %.1500s", log)
	}
	// Unconfirmed, the confirm page says what will be lost.
	p := empty.form(t, "/console/org/delete", nil)
	for _, want := range []string{"Delete the organization Empty?", "1 admin (owner@empty.test) and their console passkeys",
		"0 pending invitations", "you are signed out", `name="confirm" value="yes"`} {
		if p.Status != http.StatusOK || !strings.Contains(html.UnescapeString(p.Body), want) {
			t.Errorf("delete unconfirmed: %d, want %q in %.1500s", p.Status, want, p.Body)
		}
	}
	wantRedirect(t, "still signed in after the confirm page", empty.get(t, "/console/apps"), http.StatusOK, "")
	if p := empty.form(t, "/console/org/delete", url.Values{"confirm": {"yes"}}); p.Status != http.StatusOK || !strings.Contains(p.Body, "Organization deleted") {
		t.Fatalf("delete: %d %.300s", p.Status, p.Body)
	}
	wantRedirect(t, "after deletion", empty.get(t, "/console/apps"), http.StatusSeeOther, "/console/signin")
	if p := acme.get(t, "/console/apps/acmeapp"); p.Status != http.StatusOK {
		t.Errorf("another organization after the deletion: %d", p.Status)
	}
}

func TestOrg_Rename(t *testing.T) {
	h := newHarness(t)
	acme := owner(t, h, "Acme", "owner@acme.test")
	wantRedirect(t, "rename", acme.form(t, "/console/org/rename", url.Values{"name": {"Acme Corp"}}), http.StatusSeeOther, "/console/org")
	if p := acme.get(t, "/console/apps"); !strings.Contains(p.Body, "Acme Corp") {
		t.Error("the new name is not shown")
	}
	if p := acme.form(t, "/console/org/rename", url.Values{"name": {" "}}); p.Status != http.StatusBadRequest {
		t.Errorf("blank name: %d", p.Status)
	}
	if !strings.Contains(acme.get(t, "/console/org/events").Body, "Organization renamed from Acme to Acme Corp.") {
		t.Error("the rename is not in the org event log")
	}
}

func TestOrg_PagesRequireSignInAndCSRF(t *testing.T) {
	h := newHarness(t)
	acme := owner(t, h, "Acme", "owner@acme.test")
	stranger := newBrowser(h)
	posts := []string{"/console/org/rename", "/console/org/delete", "/console/org/invites",
		"/console/org/invites/x/revoke", "/console/org/admins/x/delete"}
	for _, path := range append([]string{"GET /console/org", "GET /console/org/events"}, posts...) {
		method, path, ok := strings.Cut(path, " ")
		if !ok {
			method, path = http.MethodPost, method
		}
		t.Run("signed out "+path, func(t *testing.T) {
			wantRedirect(t, path, stranger.do(t, method, path, nil, nil), http.StatusSeeOther, "/console/signin")
		})
	}
	for _, path := range posts {
		t.Run("no CSRF token "+path, func(t *testing.T) {
			if p := acme.post(t, path, "", url.Values{"name": {"X"}, "confirm": {"yes"}, "email": {"x@acme.test"}}); p.Status != http.StatusForbidden {
				t.Errorf("%d, want 403", p.Status)
			}
		})
	}
}

// Magic link, invitation, removal and deletion on PostgreSQL (the other
// tests run on SQLite).
func TestOrg_OnPostgreSQL(t *testing.T) {
	h := apitest.New(t, apitest.Options{DB: storagetest.Postgres(t), Configure: func(c *server.Config) { c.PublicURL = origin }})
	acme := owner(t, h, "Acme", "owner@acme.test")
	b := newBrowser(h)
	b.askLink(t, "owner@acme.test")
	link := mailedLink(t, h, "owner@acme.test", "/console/signin/link")
	wantRedirect(t, "magic link", b.useLink(t, link), http.StatusSeeOther, "/console/apps")
	if p := newBrowser(h).useLink(t, link); p.Status != http.StatusGone {
		t.Errorf("magic link reused: %d", p.Status)
	}
	second := newBrowser(h)
	if done := second.accept(t, acme.invite(t, "second@acme.test")); done.Status != http.StatusOK {
		t.Fatalf("accept: %d %s", done.Status, done.Body)
	}
	ids := regexp.MustCompile(`/console/org/admins/([^/]+)/delete`).FindAllStringSubmatch(acme.get(t, "/console/org").Body, -1)
	wantRedirect(t, "remove", acme.form(t, "/console/org/admins/"+ids[1][1]+"/delete", url.Values{"confirm": {"yes"}}), http.StatusSeeOther, "/console/org")
	if p := acme.form(t, "/console/org/delete", url.Values{"confirm": {"yes"}}); p.Status != http.StatusOK {
		t.Errorf("delete: %d %.300s", p.Status, p.Body)
	}
}
