package console_test

import (
	"context"
	"encoding/json"
	"html"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"passwordless/api/apitest"
	"passwordless/passkeys/passkeystest"
	"passwordless/server"
)

// origin is the PUBLIC_URL of the test servers: https, so the cookies are
// the production ones (__Host-, Secure).
const origin = "https://console.test"

func newHarness(t *testing.T) *apitest.Harness {
	t.Helper()
	return apitest.New(t, apitest.Options{Configure: func(c *server.Config) { c.PublicURL = origin }})
}

// browser is a console user: a cookie jar, the pages it was shown and a
// software authenticator for the passkey ceremonies.
type browser struct {
	h    *apitest.Harness
	jar  map[string]*http.Cookie
	auth *passkeystest.Authenticator
	// remote is the client address it connects from ("" is httptest's).
	remote string
}

func newBrowser(h *apitest.Harness) *browser {
	return &browser{h: h, jar: map[string]*http.Cookie{}, auth: passkeystest.New(passkeystest.ES256, passkeystest.AttestationNone)}
}

// page is a recorded response.
type page struct {
	Status int
	Header http.Header
	Body   string
}

func (b *browser) do(t *testing.T, method, path string, body io.Reader, header map[string]string) page {
	t.Helper()
	req := httptest.NewRequest(method, origin+path, body)
	if b.remote != "" {
		req.RemoteAddr = b.remote
	}
	for k, v := range header {
		req.Header.Set(k, v)
	}
	for _, c := range b.jar {
		req.AddCookie(&http.Cookie{Name: c.Name, Value: c.Value})
	}
	rec := httptest.NewRecorder()
	b.h.Handler.ServeHTTP(rec, req)
	for _, c := range rec.Result().Cookies() {
		if c.MaxAge < 0 {
			delete(b.jar, c.Name)
		} else {
			b.jar[c.Name] = c
		}
	}
	return page{Status: rec.Code, Header: rec.Header(), Body: rec.Body.String()}
}

func (b *browser) get(t *testing.T, path string) page {
	t.Helper()
	return b.do(t, http.MethodGet, path, nil, nil)
}

// post submits a form; csrf "" sends none.
func (b *browser) post(t *testing.T, path, csrf string, fields url.Values) page {
	t.Helper()
	if fields == nil {
		fields = url.Values{}
	}
	if csrf != "" {
		fields.Set("csrf", csrf)
	}
	return b.do(t, http.MethodPost, path, strings.NewReader(fields.Encode()),
		map[string]string{"Content-Type": "application/x-www-form-urlencoded"})
}

// call is a ceremony call of console.js.
func (b *browser) call(t *testing.T, path, csrf string, body any) (page, map[string]json.RawMessage) {
	t.Helper()
	raw, _ := json.Marshal(body)
	p := b.do(t, http.MethodPost, path, strings.NewReader(string(raw)),
		map[string]string{"Content-Type": "application/json", "X-CSRF-Token": csrf})
	var out map[string]json.RawMessage
	_ = json.Unmarshal([]byte(p.Body), &out)
	return p, out
}

var attrPattern = regexp.MustCompile(`(data-csrf|data-token|name="csrf" value)="([^"]*)"`)

// attr is the value of a data-csrf, data-token or csrf field of a page.
func attr(t *testing.T, p page, name string) string {
	t.Helper()
	for _, m := range attrPattern.FindAllStringSubmatch(p.Body, -1) {
		if m[1] == name {
			return html.UnescapeString(m[2])
		}
	}
	t.Fatalf("no %s in page %d %.400s", name, p.Status, p.Body)
	return ""
}

func csrfOf(t *testing.T, p page) string { return attr(t, p, `name="csrf" value`) }

// setupLink is a fresh setup link's path.
func setupLink(t *testing.T, h *apitest.Harness) string {
	t.Helper()
	link, err := h.Server.Orgs.SetupLink(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	return strings.TrimPrefix(link, origin)
}

// setup uses link to create org and its owner email, registering a
// passkey; the browser is then signed in. It returns the last answer.
func (b *browser) setup(t *testing.T, link, org, email string) page {
	t.Helper()
	p := b.get(t, link)
	if p.Status != http.StatusOK {
		t.Fatalf("setup page: %d %.300s", p.Status, p.Body)
	}
	csrf, token := attr(t, p, "data-csrf"), attr(t, p, "data-token")
	begin, out := b.call(t, "/console/setup/begin", csrf, map[string]string{"token": token, "org": org, "email": email})
	if begin.Status != http.StatusOK {
		t.Fatalf("setup begin: %d %s", begin.Status, begin.Body)
	}
	_, att, err := b.auth.Create(out["options"], origin)
	if err != nil {
		t.Fatalf("authenticator refused %s: %v", out["options"], err)
	}
	done, _ := b.call(t, "/console/setup/complete", csrf, map[string]any{"token": token, "session": unquote(out["session"]), "response": att})
	return done
}

// owner signs a new browser up as the owner of a new organization.
func owner(t *testing.T, h *apitest.Harness, org, email string) *browser {
	t.Helper()
	b := newBrowser(h)
	if done := b.setup(t, setupLink(t, h), org, email); done.Status != http.StatusOK {
		t.Fatalf("setup complete: %d %s", done.Status, done.Body)
	}
	return b
}

// signin runs the sign-in ceremony (by e-mail alias unless email is "").
func (b *browser) signin(t *testing.T, email string) page {
	t.Helper()
	p := b.get(t, "/console/signin")
	csrf := attr(t, p, "data-csrf")
	begin, out := b.call(t, "/console/signin/begin", csrf, map[string]string{"email": email})
	if begin.Status != http.StatusOK {
		t.Fatalf("signin begin: %d %s", begin.Status, begin.Body)
	}
	_, assertion, err := b.auth.Get(out["options"], origin)
	if err != nil {
		t.Fatalf("authenticator refused %s: %v", out["options"], err)
	}
	done, _ := b.call(t, "/console/signin/complete", csrf, map[string]any{"session": unquote(out["session"]), "response": assertion})
	return done
}

// createApp creates appID from the applications page and returns the
// "get started" page.
func (b *browser) createApp(t *testing.T, appID string) page {
	t.Helper()
	p := b.get(t, "/console/apps")
	created := b.post(t, "/console/apps", csrfOf(t, p), url.Values{"appId": {appID}})
	if created.Status != http.StatusCreated {
		t.Fatalf("create %s: %d %.500s", appID, created.Status, created.Body)
	}
	return created
}

func unquote(raw json.RawMessage) string {
	var s string
	_ = json.Unmarshal(raw, &s)
	return s
}

var codePattern = regexp.MustCompile(`<code id="([a-z0-9-]+)">([^<]*)</code>`)

// codes are the values shown on a "get started" page, by element id.
func codes(p page) map[string]string {
	out := map[string]string{}
	for _, m := range codePattern.FindAllStringSubmatch(p.Body, -1) {
		out[m[1]] = html.UnescapeString(m[2])
	}
	return out
}

func wantRedirect(t *testing.T, what string, p page, status int, location string) {
	t.Helper()
	if p.Status != status || withoutResult(p.Header.Get("Location")) != location {
		t.Errorf("%s: %d Location %q, want %d %q", what, p.Status, p.Header.Get("Location"), status, location)
	}
}

// lastFour is a key's id: its last four characters.
func lastFour(key string) string { return key[len(key)-4:] }

// regexpAll returns the first group of every match of pattern in s.
func regexpAll(pattern, s string) []string {
	var out []string
	for _, m := range regexp.MustCompile(pattern).FindAllStringSubmatch(s, -1) {
		out = append(out, m[1])
	}
	return out
}

// withoutResult is a redirect's location without its ?done= result code.
func withoutResult(location string) string {
	if i := strings.Index(location, "done="); i > 0 {
		return location[:i-1]
	}
	return location
}
