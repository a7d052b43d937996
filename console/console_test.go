package console_test

import (
	"context"
	"encoding/json"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"passwordless/api/apitest"
	"passwordless/orgs"
	"passwordless/passkeys"
	"passwordless/quota"
	"passwordless/server"
	"passwordless/storage/storagetest"
)

func TestConsole_RootRedirectsToConsole(t *testing.T) {
	h := newHarness(t)
	b := newBrowser(h)
	wantRedirect(t, "GET /", b.get(t, "/"), http.StatusFound, "/console")
	wantRedirect(t, "GET /console", b.get(t, "/console"), http.StatusSeeOther, "/console/signin")
}

// The console's own application exists from the first start, and its API
// keys are locked: the console needs none, so its tenant is closed to HTTP.
func TestConsole_OwnAppKeysLocked(t *testing.T) {
	h := newHarness(t)
	keys, err := h.Server.Tenants.Keys(context.Background(), h.Server.Console.AppID())
	if err != nil || len(keys) == 0 {
		t.Fatalf("keys of the console app: %v %v", keys, err)
	}
	for _, k := range keys {
		if !k.IsLocked {
			t.Errorf("key %s of the console app is not locked", k.ID)
		}
	}
}

// A restart (or a second instance) finds the console's application
// instead of creating another.
func TestConsole_RestartKeepsItsApp(t *testing.T) {
	// Two connections to one database file, as two processes would have.
	url := storagetest.SQLiteURL(t)
	configure := func(c *server.Config) { c.PublicURL = origin }
	first := apitest.New(t, apitest.Options{DB: storagetest.MustOpen(t, url), Configure: configure})
	second := apitest.New(t, apitest.Options{DB: storagetest.MustOpen(t, url), Configure: configure})
	if a, b := first.Server.Console.AppID(), second.Server.Console.AppID(); a == "" || a != b {
		t.Errorf("console apps %q and %q, want one", a, b)
	}
}

func TestConsole_PagesRequireSignIn(t *testing.T) {
	h := newHarness(t)
	owner(t, h, "Acme", "owner@acme.test").createApp(t, "acmeapp")
	stranger := newBrowser(h)
	for _, tc := range []struct{ method, path string }{
		{http.MethodGet, "/console/apps"},
		{http.MethodGet, "/console/apps?check=newapp"},
		{http.MethodPost, "/console/apps"},
		{http.MethodGet, "/console/apps/acmeapp"},
		{http.MethodGet, "/console/apps/acmeapp/events"},
		{http.MethodPost, "/console/apps/acmeapp/keys/abcd/lock"},
		{http.MethodPost, "/console/apps/acmeapp/keys/abcd/unlock"},
		{http.MethodPost, "/console/apps/acmeapp/keys/abcd/delete"},
		{http.MethodPost, "/console/apps/acmeapp/keys"},
		{http.MethodPost, "/console/signout"},
		{http.MethodGet, "/console/profile"},
		{http.MethodGet, "/console/apps/acmeapp/users"},
		{http.MethodGet, "/console/apps/acmeapp/users/u1"},
		{http.MethodPost, "/console/apps/acmeapp/users/u1/delete"},
		{http.MethodPost, "/console/profile/passkeys/abcd/delete"},
	} {
		t.Run(tc.method+" "+tc.path, func(t *testing.T) {
			wantRedirect(t, tc.path, stranger.do(t, tc.method, tc.path, nil, nil), http.StatusSeeOther, "/console/signin")
		})
	}
}

func TestConsole_SetupCreatesOwnerAndSignsIn(t *testing.T) {
	h := newHarness(t)
	b := newBrowser(h)
	done := b.setup(t, setupLink(t, h), "Acme", "Owner@Acme.test")
	if done.Status != http.StatusOK || !strings.Contains(done.Body, `"/console/apps"`) {
		t.Fatalf("setup complete: %d %s", done.Status, done.Body)
	}
	c := b.jar["__Host-console-session"]
	if c == nil || !c.HttpOnly || !c.Secure || c.SameSite != http.SameSiteStrictMode || c.Path != "/" || c.Domain != "" {
		t.Fatalf("session cookie = %+v, want __Host-, HttpOnly, Secure, SameSite=Strict, Path=/", c)
	}
	apps := b.get(t, "/console/apps")
	if apps.Status != http.StatusOK || !strings.Contains(apps.Body, "Acme") || !strings.Contains(apps.Body, "owner@acme.test") {
		t.Errorf("apps page: %d %.500s", apps.Status, apps.Body)
	}
}

func TestConsole_SetupLinkIsSingleUse(t *testing.T) {
	h := newHarness(t)
	link := setupLink(t, h)
	first := newBrowser(h)
	if done := first.setup(t, link, "Acme", "owner@acme.test"); done.Status != http.StatusOK {
		t.Fatalf("first use: %d %s", done.Status, done.Body)
	}
	// The page speaks to the tenant: no command to run (issue 22).
	if p := newBrowser(h).get(t, link); p.Status != http.StatusGone || strings.Contains(p.Body, "passwordless console") ||
		!strings.Contains(p.Body, "create an organization from the sign-in page") {
		t.Errorf("used link page: %d %.300s", p.Status, p.Body)
	}
}

// A link whose registration was begun twice (a cancelled browser dialog)
// still creates exactly one organization.
func TestConsole_SetupLinkCompletesOnce(t *testing.T) {
	h := newHarness(t)
	link := setupLink(t, h)
	a, b := newBrowser(h), newBrowser(h)
	pa, pb := a.get(t, link), b.get(t, link)
	token := attr(t, pa, "data-token")
	_, outA := a.call(t, "/console/setup/begin", attr(t, pa, "data-csrf"), map[string]string{"token": token, "org": "A", "email": "a@a.test"})
	_, attA, _ := a.auth.Create(outA["options"], origin)
	if done := b.setup(t, link, "B", "b@b.test"); done.Status != http.StatusOK {
		t.Fatalf("b: %d %s", done.Status, done.Body)
	}
	_ = pb
	done, _ := a.call(t, "/console/setup/complete", attr(t, pa, "data-csrf"), map[string]any{"token": token, "session": unquote(outA["session"]), "response": attA})
	if done.Status != http.StatusBadRequest || !strings.Contains(done.Body, "used already") {
		t.Errorf("second completion: %d %s", done.Status, done.Body)
	}
	if a.jar["__Host-console-session"] != nil {
		t.Error("the second completion signed someone in")
	}
}

func TestConsole_SetupLinkRefused(t *testing.T) {
	for _, tc := range []struct {
		name string
		link func(t *testing.T, h *apitest.Harness) string
	}{
		{"expired after an hour", func(t *testing.T, h *apitest.Harness) string {
			link := setupLink(t, h)
			h.Clock.Advance(orgs.SetupLinkTTL)
			return link
		}},
		{"tampered signature", func(t *testing.T, h *apitest.Harness) string {
			link := setupLink(t, h)
			return link[:len(link)-2] + "AA"
		}},
		{"tampered expiry", func(t *testing.T, h *apitest.Harness) string {
			link := setupLink(t, h)
			parts := strings.Split(strings.TrimPrefix(link, "/console/setup?token="), ".")
			return "/console/setup?token=" + parts[0] + ".9999999999." + parts[2]
		}},
		{"no token", func(*testing.T, *apitest.Harness) string { return "/console/setup" }},
	} {
		t.Run(tc.name, func(t *testing.T) {
			h := newHarness(t)
			if p := newBrowser(h).get(t, tc.link(t, h)); p.Status != http.StatusGone {
				t.Errorf("setup page: %d, want 410", p.Status)
			}
		})
	}
}

func TestConsole_SignInWithPasskey(t *testing.T) {
	for _, tc := range []struct{ name, email string }{
		{"by e-mail alias", "OWNER@acme.test"},
		{"discoverable", ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			h := newHarness(t)
			b := owner(t, h, "Acme", "owner@acme.test")
			before := b.jar["__Host-console-session"].Value
			if done := b.signin(t, tc.email); done.Status != http.StatusOK {
				t.Fatalf("signin: %d %s", done.Status, done.Body)
			}
			after := b.jar["__Host-console-session"].Value
			if after == before {
				t.Error("the session token was not rotated at sign-in")
			}
			old := newBrowser(h)
			old.jar["__Host-console-session"] = &http.Cookie{Name: "__Host-console-session", Value: before}
			wantRedirect(t, "the replaced session", old.get(t, "/console/apps"), http.StatusSeeOther, "/console/signin")
			if p := b.get(t, "/console/apps"); p.Status != http.StatusOK {
				t.Errorf("apps after sign-in: %d", p.Status)
			}
		})
	}
}

// A passkey of the console's application whose user is no admin (say, a
// registration whose setup never completed) signs nobody in.
func TestConsole_SignInNonAdminPasskeyRefused(t *testing.T) {
	h := newHarness(t)
	b := newBrowser(h)
	ctx := context.Background()
	app, err := h.Server.Tenants.App(ctx, h.Server.Console.AppID())
	if err != nil || app == nil {
		t.Fatalf("console app: %v", err)
	}
	token, err := h.Server.Passkeys.RegisterToken(ctx, app, passkeys.RegisterRequest{UserID: "not-an-admin", Username: "x@x.test"})
	if err != nil {
		t.Fatal(err)
	}
	begun, err := h.Server.Passkeys.BeginRegistration(ctx, app, passkeys.BeginRegistrationRequest{Token: token, RPID: "console.test", Origin: origin})
	if err != nil {
		t.Fatal(err)
	}
	options, _ := json.Marshal(begun.Data)
	_, att, err := b.auth.Create(options, origin)
	if err != nil {
		t.Fatal(err)
	}
	raw, _ := json.Marshal(att)
	if _, err := h.Server.Passkeys.CompleteRegistration(ctx, app, passkeys.CompleteRegistrationRequest{Session: begun.Session,
		Response: raw, RPID: "console.test", Origin: origin}); err != nil {
		t.Fatal(err)
	}
	done := b.signin(t, "")
	if done.Status != http.StatusBadRequest || !strings.Contains(done.Body, "not belong to a console admin") || b.jar["__Host-console-session"] != nil {
		t.Errorf("sign-in of a non-admin: %d %s", done.Status, done.Body)
	}
}

func TestConsole_SessionTimeouts(t *testing.T) {
	t.Run("idle 30 minutes", func(t *testing.T) {
		h := newHarness(t)
		b := owner(t, h, "Acme", "owner@acme.test")
		h.Clock.Advance(orgs.IdleTimeout - time.Second)
		if p := b.get(t, "/console/apps"); p.Status != http.StatusOK {
			t.Fatalf("before the idle timeout: %d", p.Status)
		}
		h.Clock.Advance(orgs.IdleTimeout)
		wantRedirect(t, "after the idle timeout", b.get(t, "/console/apps"), http.StatusSeeOther, "/console/signin")
	})
	t.Run("absolute 12 hours", func(t *testing.T) {
		h := newHarness(t)
		b := owner(t, h, "Acme", "owner@acme.test")
		for elapsed := time.Duration(0); elapsed+20*time.Minute < orgs.AbsoluteTimeout; elapsed += 20 * time.Minute {
			h.Clock.Advance(20 * time.Minute)
			if p := b.get(t, "/console/apps"); p.Status != http.StatusOK {
				t.Fatalf("active session at %v: %d", elapsed, p.Status)
			}
		}
		h.Clock.Advance(20 * time.Minute)
		wantRedirect(t, "after 12 hours", b.get(t, "/console/apps"), http.StatusSeeOther, "/console/signin")
	})
}

func TestConsole_SignOut(t *testing.T) {
	h := newHarness(t)
	b := owner(t, h, "Acme", "owner@acme.test")
	token := b.jar["__Host-console-session"].Value
	wantRedirect(t, "sign out", b.post(t, "/console/signout", csrfOf(t, b.get(t, "/console/apps")), nil), http.StatusSeeOther, "/console/signin")
	if b.jar["__Host-console-session"] != nil {
		t.Error("the cookie was not cleared")
	}
	b.jar["__Host-console-session"] = &http.Cookie{Name: "__Host-console-session", Value: token}
	wantRedirect(t, "the signed-out token", b.get(t, "/console/apps"), http.StatusSeeOther, "/console/signin")
}

func TestConsole_CSRFRejected(t *testing.T) {
	h := newHarness(t)
	b := owner(t, h, "Acme", "owner@acme.test")
	created := codes(b.createApp(t, "acmeapp"))
	keyID := lastFour(created["api-key-1"])
	other := owner(t, h, "Other", "other@other.test")
	otherCSRF := csrfOf(t, other.get(t, "/console/apps"))
	for _, csrf := range []struct{ name, value string }{{"missing", ""}, {"forged", "AAAA"}, {"another session's", otherCSRF}} {
		for _, path := range []string{"/console/apps", "/console/apps/acmeapp/keys/" + keyID + "/lock",
			"/console/apps/acmeapp/keys/" + keyID + "/delete", "/console/apps/acmeapp/keys", "/console/signout"} {
			t.Run(csrf.name+" "+path, func(t *testing.T) {
				p := b.post(t, path, csrf.value, url.Values{"appId": {"csrfapp"}})
				if p.Status != http.StatusForbidden {
					t.Errorf("%d, want 403", p.Status)
				}
			})
		}
	}
	if p := b.get(t, "/console/apps/acmeapp"); strings.Contains(p.Body, "Locked") || strings.Count(p.Body, "Lock it to delete it.") != 4 ||
		strings.Contains(b.get(t, "/console/apps").Body, "csrfapp") {
		t.Error("a refused form changed something")
	}
	for _, path := range []string{"/console/setup/begin", "/console/signin/begin"} {
		t.Run("ceremony without token "+path, func(t *testing.T) {
			if p, _ := newBrowser(h).call(t, path, "", map[string]string{}); p.Status != http.StatusForbidden {
				t.Errorf("%d, want 403", p.Status)
			}
		})
	}
}

func TestConsole_SecurityHeaders(t *testing.T) {
	h := newHarness(t)
	b := newBrowser(h)
	for _, path := range []string{"/console/signin", "/console/apps", "/console/nothing", "/console/assets/console.js"} {
		p := b.get(t, path)
		csp := p.Header.Get("Content-Security-Policy")
		if strings.Contains(csp, "unsafe-inline") || !strings.Contains(csp, "frame-ancestors 'none'") || !strings.Contains(csp, "script-src 'self'") {
			t.Errorf("%s: CSP %q", path, csp)
		}
		if got := p.Header.Get("Referrer-Policy"); got != "same-origin" {
			t.Errorf("%s: Referrer-Policy %q", path, got)
		}
		if got := p.Header.Get("Access-Control-Allow-Origin"); got != "" {
			t.Errorf("%s: Access-Control-Allow-Origin %q", path, got)
		}
	}
	if p := b.get(t, "/console/signin"); strings.Contains(p.Body, "<script>") || strings.Contains(p.Body, " style=") || strings.Contains(p.Body, " onclick") {
		t.Error("the page has inline script or style")
	}
}

// On a plain-http localhost PUBLIC_URL browsers refuse Secure and
// __Host- cookies: the console uses the documented dev names.
func TestConsole_DevCookieOnPlainHTTPLocalhost(t *testing.T) {
	h := apitest.New(t, apitest.Options{Configure: func(c *server.Config) { c.PublicURL = "http://localhost:8080" }})
	b := newBrowser(h)
	b.get(t, "/console/signin")
	c := b.jar["console-pre"]
	if c == nil || c.Secure || !c.HttpOnly || c.SameSite != http.SameSiteStrictMode {
		t.Errorf("dev cookie = %+v", c)
	}
}

// Ceremony calls count against the per-address limit of the API's public
// ceremony endpoints: once it is spent, sign-in attempts are refused.
func TestConsole_SignInAttemptsRateLimited(t *testing.T) {
	h := apitest.New(t, apitest.Options{Configure: func(c *server.Config) {
		c.PublicURL = origin
		c.RateLimits = &quota.Limits{ClientIP: quota.Rate{Limit: 3, Period: time.Minute}}
	}})
	b := newBrowser(h)
	csrf := attr(t, b.get(t, "/console/signin"), "data-csrf")
	for i := range 3 {
		if p, _ := b.call(t, "/console/signin/begin", csrf, map[string]string{}); p.Status != http.StatusOK {
			t.Fatalf("attempt %d: %d %s", i+1, p.Status, p.Body)
		}
	}
	p, _ := b.call(t, "/console/signin/begin", csrf, map[string]string{})
	if p.Status != http.StatusTooManyRequests || p.Header.Get("Retry-After") == "" || !strings.Contains(p.Body, "Too many attempts") {
		t.Errorf("fourth attempt: %d %v %s", p.Status, p.Header, p.Body)
	}
	// The console's counter is its own: the API's ceremonies from the same
	// address are not limited by it.
	app := h.CreateApp(t, "shopapp", nil)
	api := b.do(t, http.MethodPost, "/signin/begin", strings.NewReader(`{"origin":"https://shop.test","rpId":"shop.test"}`),
		map[string]string{"ApiKey": app.Public()["ApiKey"], "Content-Type": "application/json"})
	if api.Status != http.StatusOK {
		t.Errorf("the API's signin/begin from the same address: %d %s", api.Status, api.Body)
	}
	h.Clock.Advance(time.Minute)
	if p, _ := b.call(t, "/console/signin/begin", csrf, map[string]string{}); p.Status != http.StatusOK {
		t.Errorf("after the window: %d", p.Status)
	}
}
