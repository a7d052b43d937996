package console_test

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"passwordless/api/apitest"
	"passwordless/events"
	"passwordless/server"
	"passwordless/storage/storagetest"
	"passwordless/tenants"
)

func TestApps_CreateShowsSecretsOnce(t *testing.T) {
	h := newHarness(t)
	b := owner(t, h, "Acme", "owner@acme.test")
	created := b.createApp(t, "acmeapp")
	keys := codes(created)
	for _, id := range []string{"api-key-1", "api-key-2", "api-secret-1", "api-secret-2"} {
		if !strings.HasPrefix(keys[id], "acmeapp:") {
			t.Fatalf("get started page lacks %s: %v", id, keys)
		}
	}
	if cc := created.Header.Get("Cache-Control"); cc != "no-store" {
		t.Errorf("get started page Cache-Control %q", cc)
	}
	for _, path := range []string{"/console/apps", "/console/apps/acmeapp", "/console/apps/acmeapp/events"} {
		p := b.get(t, path)
		if p.Status != http.StatusOK {
			t.Fatalf("%s: %d", path, p.Status)
		}
		for _, secret := range []string{keys["api-secret-1"], keys["api-secret-2"]} {
			if strings.Contains(p.Body, secret) {
				t.Errorf("%s shows a secret again", path)
			}
		}
	}
	if p := b.get(t, "/console/apps/acmeapp"); !strings.Contains(p.Body, keys["api-key-1"]) {
		t.Error("the app page does not show the public key")
	}
	again := b.post(t, "/console/apps", csrfOf(t, b.get(t, "/console/apps")), url.Values{"appId": {"acmeapp"}})
	if again.Status != http.StatusBadRequest || !strings.Contains(again.Body, "taken") || strings.Contains(again.Body, keys["api-secret-1"]) {
		t.Errorf("second create: %d %.400s", again.Status, again.Body)
	}
}

func TestApps_AvailabilityAndValidation(t *testing.T) {
	h := newHarness(t)
	b := owner(t, h, "Acme", "owner@acme.test")
	b.createApp(t, "acmeapp")
	for _, tc := range []struct{ id, want string }{
		{"freshapp", "freshapp is available."},
		{"acmeapp", "acmeapp is taken."},
		{h.Server.Console.AppID(), " is taken."},
		{"No", "must be between 3 and 62 characters"},
	} {
		t.Run(tc.id, func(t *testing.T) {
			if p := b.get(t, "/console/apps?check="+url.QueryEscape(tc.id)); !strings.Contains(p.Body, tc.want) {
				t.Errorf("check %q: %d, want %q in %.600s", tc.id, p.Status, tc.want, p.Body)
			}
		})
	}
	bad := b.post(t, "/console/apps", csrfOf(t, b.get(t, "/console/apps")), url.Values{"appId": {"Bad Id"}})
	if bad.Status != http.StatusBadRequest || !strings.Contains(bad.Body, "lowercase letters") {
		t.Errorf("invalid id: %d", bad.Status)
	}
}

// An admin sees only their organization's applications: another
// organization's (and the console's own) are not found, on every page and
// form, and are not listed.
func TestApps_OtherOrganizationsAppIsNotFound(t *testing.T) {
	h := newHarness(t)
	acme := owner(t, h, "Acme", "owner@acme.test")
	keys := codes(acme.createApp(t, "acmeapp"))
	keyID := lastFour(keys["api-key-1"])
	other := owner(t, h, "Other", "owner@other.test")
	other.createApp(t, "otherapp")
	csrf := csrfOf(t, other.get(t, "/console/apps"))
	for _, appID := range []string{"acmeapp", h.Server.Console.AppID(), "missingapp"} {
		for _, tc := range []struct{ method, path string }{
			{http.MethodGet, "/console/apps/" + appID},
			{http.MethodGet, "/console/apps/" + appID + "/events"},
			{http.MethodPost, "/console/apps/" + appID + "/keys/" + keyID + "/lock"},
			{http.MethodPost, "/console/apps/" + appID + "/keys/" + keyID + "/unlock"},
			{http.MethodPost, "/console/apps/" + appID + "/keys/" + keyID + "/delete"},
			{http.MethodPost, "/console/apps/" + appID + "/keys"},
			{http.MethodGet, "/console/apps/" + appID + "/users"},
			{http.MethodGet, "/console/apps/" + appID + "/users/u1"},
			{http.MethodPost, "/console/apps/" + appID + "/users/u1/delete"},
			{http.MethodPost, "/console/apps/" + appID + "/users/u1/credentials/abcd/delete"},
		} {
			t.Run(tc.method+" "+tc.path, func(t *testing.T) {
				var p page
				if tc.method == http.MethodPost {
					p = other.post(t, tc.path, csrf, nil)
				} else {
					p = other.get(t, tc.path)
				}
				if p.Status != http.StatusNotFound || strings.Contains(p.Body, keys["api-key-1"]) {
					t.Errorf("%d, want 404", p.Status)
				}
			})
		}
	}
	list := other.get(t, "/console/apps")
	if strings.Contains(list.Body, "acmeapp") || !strings.Contains(list.Body, "otherapp") {
		t.Errorf("other's list: %.600s", list.Body)
	}
	if p := acme.get(t, "/console/apps/acmeapp"); strings.Contains(p.Body, "Locked") {
		t.Error("another organization locked a key")
	}
}

// Locking a key from the console locks it for the API, and the app's event
// log names the admin who did it.
func TestApps_LockAndUnlockKeyAudited(t *testing.T) {
	h := newHarness(t)
	b := owner(t, h, "Acme", "owner@acme.test")
	keys := codes(b.createApp(t, "acmeapp"))
	public := keys["api-key-1"]
	keyID := lastFour(public)
	signinBegin := func() int {
		body := `{"origin": "https://acme.test", "rpId": "acme.test"}`
		return b.do(t, http.MethodPost, "/signin/begin", strings.NewReader(body),
			map[string]string{"ApiKey": public, "Content-Type": "application/json"}).Status
	}
	if got := signinBegin(); got != http.StatusOK {
		t.Fatalf("signin/begin with the new key: %d", got)
	}
	csrf := csrfOf(t, b.get(t, "/console/apps/acmeapp"))
	wantRedirect(t, "lock", b.post(t, "/console/apps/acmeapp/keys/"+keyID+"/lock", csrf, nil), http.StatusSeeOther, "/console/apps/acmeapp")
	if p := b.get(t, "/console/apps/acmeapp"); !strings.Contains(p.Body, "Unlock …"+keyID) {
		t.Errorf("app page after lock: %.800s", p.Body)
	}
	if got := signinBegin(); got != http.StatusForbidden {
		t.Errorf("signin/begin with the locked key: %d, want 403", got)
	}
	wantRedirect(t, "unlock", b.post(t, "/console/apps/acmeapp/keys/"+keyID+"/unlock", csrf, nil), http.StatusSeeOther, "/console/apps/acmeapp")
	if got := signinBegin(); got != http.StatusOK {
		t.Errorf("signin/begin after unlock: %d", got)
	}
	if p := b.post(t, "/console/apps/acmeapp/keys/zzzz/lock", csrf, nil); p.Status != http.StatusNotFound {
		t.Errorf("lock of a missing key: %d", p.Status)
	}
	log, err := h.Server.EventLog.List(context.Background(), "acmeapp", 1, 50)
	if err != nil {
		t.Fatal(err)
	}
	byAdmin := map[events.Type]bool{}
	for _, e := range log.Events {
		if e.PerformedBy == "owner@acme.test" {
			byAdmin[e.Type] = true
		}
	}
	for _, typ := range []events.Type{events.APIManagementAppCreated, events.AdminAPIKeyLocked, events.AdminAPIKeyUnlocked} {
		if !byAdmin[typ] {
			t.Errorf("no %v event by the admin in %+v", typ, log.Events)
		}
	}
	page := b.get(t, "/console/apps/acmeapp/events")
	if !strings.Contains(page.Body, "API key locked.") || !strings.Contains(page.Body, "owner@acme.test") {
		t.Errorf("events page: %.800s", page.Body)
	}
}

// The console's tables and transactions on PostgreSQL (the other tests run
// on SQLite): setup, sign-in, create, lock, another organization's 404.
func TestConsole_OnPostgreSQL(t *testing.T) {
	h := apitest.New(t, apitest.Options{DB: storagetest.Postgres(t), Configure: func(c *server.Config) { c.PublicURL = origin }})
	b := owner(t, h, "Acme", "owner@acme.test")
	if done := b.signin(t, "owner@acme.test"); done.Status != http.StatusOK {
		t.Fatalf("signin: %d %s", done.Status, done.Body)
	}
	keys := codes(b.createApp(t, "acmeapp"))
	keyID := lastFour(keys["api-key-1"])
	csrf := csrfOf(t, b.get(t, "/console/apps/acmeapp"))
	wantRedirect(t, "lock", b.post(t, "/console/apps/acmeapp/keys/"+keyID+"/lock", csrf, nil), http.StatusSeeOther, "/console/apps/acmeapp")
	if p := b.get(t, "/console/apps/acmeapp/events"); !strings.Contains(p.Body, "API key locked.") {
		t.Errorf("events page: %.500s", p.Body)
	}
	if p := owner(t, h, "Other", "owner@other.test").get(t, "/console/apps/acmeapp"); p.Status != http.StatusNotFound {
		t.Errorf("other organization: %d", p.Status)
	}
}

// A key created in the console is shown once (a secret never again) and
// works; a deleted key no longer does. Both are in the event log.
func TestApps_CreateAndDeleteKeys(t *testing.T) {
	h := newHarness(t)
	b := owner(t, h, "Acme", "owner@acme.test")
	b.createApp(t, "acmeapp")
	csrf := csrfOf(t, b.get(t, "/console/apps/acmeapp"))
	for _, tc := range []struct {
		name   string
		fields url.Values
		status int
		prefix string
	}{
		{"public key", url.Values{"kind": {"public"}, "scope": {"0", "1"}}, http.StatusCreated, "acmeapp:public:"},
		{"secret", url.Values{"kind": {"secret"}, "scope": {"1"}}, http.StatusCreated, "acmeapp:secret:"},
		{"no scope", url.Values{"kind": {"secret"}}, http.StatusBadRequest, ""},
		{"unknown scope", url.Values{"kind": {"public"}, "scope": {"7"}}, http.StatusBadRequest, ""},
		{"unknown kind", url.Values{"kind": {"master"}, "scope": {"0"}}, http.StatusBadRequest, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			p := b.post(t, "/console/apps/acmeapp/keys", csrf, tc.fields)
			value := codes(p)["new-key"]
			if p.Status != tc.status || !strings.HasPrefix(value, tc.prefix) {
				t.Fatalf("%d %q, want %d %q…", p.Status, value, tc.status, tc.prefix)
			}
			if tc.prefix == "acmeapp:secret:" && strings.Contains(b.get(t, "/console/apps/acmeapp").Body, value) {
				t.Error("the app page shows the secret again")
			}
		})
	}
	secret := codes(b.post(t, "/console/apps/acmeapp/keys", csrf, url.Values{"kind": {"secret"}, "scope": {"0", "1"}}))["new-key"]
	count := func() int {
		return b.do(t, http.MethodGet, "/users/count", nil, map[string]string{"ApiSecret": secret}).Status
	}
	if got := count(); got != http.StatusOK {
		t.Fatalf("users/count with the new secret: %d", got)
	}
	keyPath := "/console/apps/acmeapp/keys/" + lastFour(secret)
	if p := b.post(t, keyPath+"/delete", csrf, url.Values{"confirm": {"yes"}}); p.Status != http.StatusConflict || !strings.Contains(p.Body, "Lock the API key before deleting it") {
		t.Errorf("delete an active key: %d, want 409 saying to lock it first", p.Status)
	}
	wantRedirect(t, "lock", b.post(t, keyPath+"/lock", csrf, nil), http.StatusSeeOther, "/console/apps/acmeapp")
	if p := b.get(t, "/console/apps/acmeapp?done=key-locked"); !strings.Contains(p.Body, "Key locked.") {
		t.Error("no 'Key locked.' after locking")
	}
	if p := b.post(t, keyPath+"/delete", csrf, nil); p.Status != http.StatusOK || !strings.Contains(p.Body, `name="confirm" value="yes"`) ||
		!strings.Contains(p.Body, "…"+lastFour(secret)) {
		t.Errorf("delete without the confirm step: %d, want its confirm page: %.1500s", p.Status, p.Body)
	}
	if got := count(); got == http.StatusOK {
		t.Errorf("users/count with the locked secret: %d, want it refused", got)
	}
	wantRedirect(t, "delete", b.post(t, keyPath+"/delete", csrf, url.Values{"confirm": {"yes"}}), http.StatusSeeOther, "/console/apps/acmeapp")
	if got := count(); got != http.StatusUnauthorized {
		t.Errorf("users/count with the deleted secret: %d, want 401", got)
	}
	if p := b.get(t, "/console/apps/acmeapp/events"); !strings.Contains(p.Body, "API key created.") || !strings.Contains(p.Body, "API key deleted.") {
		t.Errorf("events page lacks the key events: %.600s", p.Body)
	}
}

// An application deleted through the management API leaves its
// organization with it: the id is not found and another organization can
// take it.
func TestApps_DeletedAppLeavesTheOrganization(t *testing.T) {
	h := newHarness(t)
	acme := owner(t, h, "Acme", "owner@acme.test")
	acme.createApp(t, "acmeapp")
	// Without passkeys, marking it for deletion deletes it at once.
	if p := acme.do(t, http.MethodPost, "/admin/apps/acmeapp/mark-delete", strings.NewReader(`{"deletedBy":"ops@acme.test"}`),
		map[string]string{"ManagementKey": apitest.ManagementKey, "Content-Type": "application/json"}); p.Status != http.StatusOK {
		t.Fatalf("delete app: %d %s", p.Status, p.Body)
	}
	if app, err := h.Server.Tenants.App(context.Background(), "acmeapp"); err != nil || app != nil {
		t.Fatalf("the app was not deleted: %+v %v", app, err)
	}
	if p := acme.get(t, "/console/apps/acmeapp"); p.Status != http.StatusNotFound {
		t.Errorf("the deleted app's page: %d, want 404", p.Status)
	}
	other := owner(t, h, "Other", "owner@other.test")
	other.createApp(t, "acmeapp")
	if p := acme.get(t, "/console/apps/acmeapp"); p.Status != http.StatusNotFound {
		t.Errorf("the id's new owner's app is visible to the old one: %d", p.Status)
	}
}

// TestApps_UnpinnedOriginsAreFlagged: an application accepting ceremonies
// from any origin says so on its page until allowedOrigins is set.
func TestApps_UnpinnedOriginsAreFlagged(t *testing.T) {
	h := newHarness(t)
	b := owner(t, h, "Acme", "owner@acme.test")
	b.createApp(t, "acmeapp")
	if p := b.get(t, "/console/apps/acmeapp"); !strings.Contains(p.Body, `id="origins-unpinned"`) {
		t.Fatalf("no unpinned-origins flag on the app page")
	}
	origins := []string{"https://acme.test"}
	if err := h.Server.Tenants.SetAppFeatures(t.Context(), "acmeapp", tenants.AppFeatureChange{AllowedOrigins: &origins}); err != nil {
		t.Fatal(err)
	}
	if p := b.get(t, "/console/apps/acmeapp"); strings.Contains(p.Body, `id="origins-unpinned"`) {
		t.Errorf("the flag stays after allowedOrigins is set")
	}
}
