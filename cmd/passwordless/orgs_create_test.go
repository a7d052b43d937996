package main

import (
	"bytes"
	"context"
	"encoding/json"
	"html"
	"net/http"
	"net/http/httptest"
	"net/url"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"passwordless/api/apitest"
	"passwordless/server"
	"passwordless/storage"
)

// TestOrgsCreate: orgs create makes the organization and its owner with
// the console's audit events (performed by CLI), and its link signs the
// owner in to the console once, to their own organization only; a
// rejected name or owner says why and creates nothing.
func TestOrgsCreate(t *testing.T) {
	dir := t.TempDir()
	dbURL := "sqlite://" + filepath.Join(dir, "db.sqlite")
	e := env(map[string]string{"DATABASE_URL": dbURL, "DATA_DIR": dir, "PUBLIC_URL": "https://console.example"})
	cmd := func(args ...string) (string, error) {
		var out, errOut bytes.Buffer
		err := run(context.Background(), args, e, &out, &errOut)
		return out.String(), err
	}
	created := func(name, owner string) createdOrgView {
		t.Helper()
		out, err := cmd("orgs", "create", "--name", name, "--owner", owner, "--json")
		var v createdOrgView
		if err != nil || json.Unmarshal([]byte(out), &v) != nil {
			t.Fatalf("orgs create %s = %q, %v", name, out, err)
		}
		return v
	}
	acme := created(" Acme ", "Ann@Acme.test")
	if acme.Name != "Acme" || acme.OwnerEmail != "ann@acme.test" || acme.ID == "" ||
		!strings.HasPrefix(acme.SigninLink, "https://console.example/console/signin/link?token=") ||
		time.Until(acme.ExpiresAt) < 59*time.Minute || time.Until(acme.ExpiresAt) > time.Hour {
		t.Errorf("created = %+v, want Acme owned by ann@acme.test with a sign-in link valid an hour", acme)
	}
	beta := created("Beta", "bob@beta.test")
	table, err := cmd("orgs", "create", "--name", "Gamma", "--owner", "gus@gamma.test")
	if err != nil || !strings.Contains(table, `"Gamma" created`) || !strings.Contains(table, "/console/signin/link?token=") {
		t.Errorf("table output = %q, %v", table, err)
	}

	for _, tc := range []struct{ name, owner, why string }{
		{"", "new@x.test", "Name the organization"},
		{"Two\nlines", "new@x.test", "one line of text"},
		{strings.Repeat("n", 101), "new@x.test", "at most 100 characters"},
		{"Fine", "not-an-address", "Enter a valid e-mail address"},
		{"Acme again", "ANN@acme.test", "An admin with this e-mail address exists already"},
	} {
		out, err := cmd("orgs", "create", "--name", tc.name, "--owner", tc.owner)
		if err == nil || !strings.Contains(err.Error(), tc.why) || out != "" {
			t.Errorf("orgs create %q %q = %q, %v; want refused saying %q", tc.name, tc.owner, out, err, tc.why)
		}
	}
	if _, err := cmd("orgs", "create", "--name", "No owner"); err == nil || !strings.Contains(err.Error(), "--owner") {
		t.Errorf("orgs create without --owner = %v, want it named", err)
	}
	out, err := cmd("orgs", "list", "--json")
	var orgs []orgView
	if err != nil || json.Unmarshal([]byte(out), &orgs) != nil || len(orgs) != 3 {
		t.Fatalf("orgs list = %q, %v; want Acme, Beta and Gamma only", out, err)
	}

	h := consoleOn(t, dbURL, dir)
	consoleApp, err := h.Server.Orgs.App(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	log, err := cmd("events", "export", "--app", consoleApp.ID)
	for _, want := range []string{`"message":"Organization Acme created."`, `"message":"Admin ann@acme.test added as owner."`} {
		if err != nil || !strings.Contains(log, want) {
			t.Errorf("console log lacks %s: %q, %v", want, log, err)
		}
	}
	if err == nil && strings.Count(log, `"performedBy":"CLI"`) != 6 {
		t.Errorf("console log = %q, want 6 events performed by CLI (3 organizations, 3 owners)", log)
	}

	session := signInWithLink(t, h.Handler, acme.SigninLink)
	if session == nil {
		t.Fatal("the owner's link did not sign in")
	}
	page := get(t, h.Handler, "/console/org", session)
	if !strings.Contains(page, "Acme") || !strings.Contains(page, "ann@acme.test") ||
		strings.Contains(page, "Beta") || strings.Contains(page, "bob@beta.test") {
		t.Errorf("ann's organization page shows another organization or not hers:\n%s", page)
	}
	if again := signInWithLink(t, h.Handler, acme.SigninLink); again != nil {
		t.Error("the owner's link signed in twice; want it single-use")
	}
	if bob := signInWithLink(t, h.Handler, beta.SigninLink); bob == nil ||
		strings.Contains(get(t, h.Handler, "/console/org", bob), "ann@acme.test") {
		t.Error("bob's link did not sign him in to Beta alone")
	}
}

// consoleOn is the server (console included) over the CLI's database and
// token secret, on the real clock the CLI's links were signed with.
func consoleOn(t *testing.T, dbURL, dir string) *apitest.Harness {
	t.Helper()
	secret, _, err := loadOrCreateSecret("", dir, "token.secret")
	if err != nil {
		t.Fatal(err)
	}
	db, err := storage.Open(context.Background(), dbURL, nil)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = db.Close() })
	return apitest.New(t, apitest.Options{DB: db, Configure: func(c *server.Config) {
		c.TokenSecret, c.PublicURL, c.Clock = []byte(secret), "https://console.example", time.Now
	}})
}

var csrfField = regexp.MustCompile(`name="csrf" value="([^"]+)"`)

// signInWithLink opens a sign-in link and presses its button as a browser
// would; it returns the session cookie, nil when the link did not sign in.
func signInWithLink(t *testing.T, h http.Handler, link string) *http.Cookie {
	t.Helper()
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, link, nil))
	m := csrfField.FindStringSubmatch(rec.Body.String())
	if rec.Code != http.StatusOK || m == nil {
		t.Fatalf("link page = %d %s", rec.Code, rec.Body.String())
	}
	u, _ := url.Parse(link)
	form := url.Values{"csrf": {html.UnescapeString(m[1])}, "token": {u.Query().Get("token")}}
	req := httptest.NewRequest(http.MethodPost, "/console/signin/link", strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	for _, c := range rec.Result().Cookies() {
		req.AddCookie(c)
	}
	rec = httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	if rec.Code != http.StatusSeeOther {
		return nil
	}
	for _, c := range rec.Result().Cookies() {
		if c.Name == "__Host-console-session" && c.Value != "" { // https: the __Host- prefix
			return c
		}
	}
	return nil
}

// get is a signed-in console page's body.
func get(t *testing.T, h http.Handler, path string, session *http.Cookie) string {
	t.Helper()
	req := httptest.NewRequest(http.MethodGet, path, nil)
	req.AddCookie(session)
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	if rec.Code != http.StatusOK {
		t.Fatalf("GET %s = %d", path, rec.Code)
	}
	return rec.Body.String()
}
