package console_test

import (
	"net/http"
	"net/url"
	"regexp"
	"slices"
	"strings"
	"testing"

	"passwordless/console"
)

// guard is how a console route is protected; TestRoutes_EveryRouteIsGuarded
// proves it on the real router.
type guard int

const (
	// public answers without a session (why says what protects it).
	public guard = iota
	// preForm is a form before sign-in: the pre-sign-in cookie's CSRF token.
	preForm
	// preCall is a ceremony call of console.js before sign-in (or the
	// failure report): JSON with the cookie's token in X-CSRF-Token.
	preCall
	// signedIn needs a session (else the sign-in page) and, on POST, the
	// session's CSRF token.
	signedIn
	// sessionCall is a ceremony call of a signed-in admin: a session and its
	// token in X-CSRF-Token.
	sessionCall
	// app is signedIn, and the {app} of the path must be one of the admin's
	// organization: any other is not found.
	app
)

type routeGuard struct {
	guard guard
	why   string // public routes: what stands in for a session
}

// routeGuards has one entry per route of console.Routes: a route added
// without one fails TestRoutes_EveryRouteIsGuarded, and so does an entry
// whose route is gone.
var routeGuards = map[string]routeGuard{
	"GET /console/assets/":          {public, "static, embedded files"},
	"GET /console":                  {public, "redirects to the sign-in page or the applications"},
	"GET /console/{$}":              {public, "redirects to the sign-in page or the applications"},
	"/console/":                     {public, "the not-found page"},
	"GET /console/setup":            {public, "the signed, single-use setup link is the credential"},
	"GET /console/signin":           {public, "the sign-in page"},
	"GET /console/signin/link":      {public, "shows a Sign in button and changes nothing; the POST signs in"},
	"GET /console/invite":           {public, "the signed, single-use invitation link is the credential"},
	"POST /console/setup/begin":     {guard: preCall},
	"POST /console/setup/complete":  {guard: preCall},
	"POST /console/signin/begin":    {guard: preCall},
	"POST /console/signin/complete": {guard: preCall},
	"POST /console/invite/begin":    {guard: preCall},
	"POST /console/invite/complete": {guard: preCall},
	"POST /console/diagnostics":     {guard: preCall},
	"POST /console/signin/email":    {guard: preForm},
	"POST /console/signin/link":     {guard: preForm},
	"GET /console/signup":           {public, "the sign-up form; its POST is a pre-sign-in form"},
	"GET /console/signup/verify":    {public, "the signed, single-use sign-up link is the credential; shows a button and changes nothing"},
	"POST /console/signup":          {guard: preForm},
	"POST /console/signup/verify":   {guard: preForm},

	"POST /console/signout":                              {guard: signedIn},
	"GET /console/profile":                               {guard: signedIn},
	"POST /console/profile/passkeys/begin":               {guard: sessionCall},
	"POST /console/profile/passkeys/complete":            {guard: sessionCall},
	"POST /console/profile/passkeys/{credential}/delete": {guard: signedIn},
	"GET /console/apps":                                  {guard: signedIn},
	"POST /console/apps":                                 {guard: signedIn},
	"GET /console/org":                                   {guard: signedIn},
	"GET /console/org/events":                            {guard: signedIn},
	"GET /console/org/plan":                              {guard: signedIn},
	"POST /console/org/rename":                           {guard: signedIn},
	"POST /console/org/settings":                         {guard: signedIn},
	"POST /console/org/delete":                           {guard: signedIn},
	"POST /console/org/admins/{admin}/delete":            {guard: signedIn},
	"POST /console/org/invites":                          {guard: signedIn},
	"POST /console/org/invites/{invite}/revoke":          {guard: signedIn},

	"GET /console/apps/{app}":                                                      {guard: app},
	"POST /console/apps/{app}/keys":                                                {guard: app},
	"POST /console/apps/{app}/keys/{key}/delete":                                   {guard: app},
	"POST /console/apps/{app}/keys/{key}/lock":                                     {guard: app},
	"POST /console/apps/{app}/keys/{key}/unlock":                                   {guard: app},
	"GET /console/apps/{app}/users":                                                {guard: app},
	"GET /console/apps/{app}/users/{user}":                                         {guard: app},
	"POST /console/apps/{app}/users/{user}/delete":                                 {guard: app},
	"POST /console/apps/{app}/users/{user}/credentials/{credential}/delete":        {guard: app},
	"GET /console/apps/{app}/events":                                               {guard: app},
	"GET /console/apps/{app}/settings":                                             {guard: app},
	"POST /console/apps/{app}/settings/features":                                   {guard: app},
	"POST /console/apps/{app}/settings/limits":                                     {guard: app},
	"POST /console/apps/{app}/settings/rollout":                                    {guard: app},
	"POST /console/apps/{app}/settings/mail-quota":                                 {guard: app},
	"POST /console/apps/{app}/delete":                                              {guard: app},
	"POST /console/apps/{app}/cancel-deletion":                                     {guard: app},
	"GET /console/apps/{app}/purposes":                                             {guard: app},
	"POST /console/apps/{app}/purposes":                                            {guard: app},
	"GET /console/apps/{app}/purposes/{purpose}":                                   {guard: app},
	"POST /console/apps/{app}/purposes/{purpose}":                                  {guard: app},
	"POST /console/apps/{app}/purposes/{purpose}/delete":                           {guard: app},
	"GET /console/apps/{app}/authenticators":                                       {guard: app},
	"POST /console/apps/{app}/authenticators":                                      {guard: app},
	"POST /console/apps/{app}/authenticators/{aaguid}/delete":                      {guard: app},
	"GET /console/apps/{app}/reports":                                              {guard: app},
	"GET /console/apps/{app}/health":                                               {guard: app},
	"GET /console/apps/{app}/get-started":                                          {guard: app},
	"GET /console/apps/{app}/webhooks":                                             {guard: app},
	"POST /console/apps/{app}/webhooks":                                            {guard: app},
	"GET /console/apps/{app}/webhooks/{endpoint}":                                  {guard: app},
	"POST /console/apps/{app}/webhooks/{endpoint}/delete":                          {guard: app},
	"POST /console/apps/{app}/webhooks/{endpoint}/rotate-secret":                   {guard: app},
	"POST /console/apps/{app}/webhooks/{endpoint}/enable":                          {guard: app},
	"POST /console/apps/{app}/webhooks/{endpoint}/test":                            {guard: app},
	"POST /console/apps/{app}/webhooks/{endpoint}/deliveries/{delivery}/redeliver": {guard: app},
}

var wildcard = regexp.MustCompile(`\{[^}]*\}`)

// request is the method and a path of pattern, its {app} being appID.
func request(pattern, appID string) (method, path string) {
	method, path, ok := strings.Cut(pattern, " ")
	if !ok {
		method, path = http.MethodGet, pattern+"nowhere"
	}
	path = wildcard.ReplaceAllStringFunc(path, func(w string) string {
		switch w {
		case "{app}":
			return appID
		case "{$}":
			return ""
		}
		return "x1"
	})
	return method, path
}

// TestRoutes_EveryRouteIsGuarded walks every route of the console: a page
// or form of a signed-in admin sends a browser without a session to the
// sign-in page and refuses a POST with a forged CSRF token; an application
// route answers another organization's admin "not found" even with a valid
// token; the ceremony calls and forms before sign-in refuse a forged token.
func TestRoutes_EveryRouteIsGuarded(t *testing.T) {
	h := newHarness(t)
	acme := owner(t, h, "Acme", "owner@acme.test")
	acme.createApp(t, "acmeapp")
	other := owner(t, h, "Other", "owner@other.test")
	otherCSRF := csrfOf(t, other.get(t, "/console/apps"))
	routes := console.Routes(h.Server.Console)
	for _, pattern := range routes {
		g, ok := routeGuards[pattern]
		if !ok {
			t.Errorf("route %q has no entry in routeGuards: add it, with its guard", pattern)
			continue
		}
		t.Run(pattern, func(t *testing.T) {
			method, path := request(pattern, "acmeapp")
			anonymous := newBrowser(h)
			switch g.guard {
			case public:
				if g.why == "" {
					t.Error("a public route needs its reason")
				}
				if p := anonymous.do(t, method, path, nil, nil); p.Status >= 500 {
					t.Errorf("anonymous: %d", p.Status)
				}
			case preForm:
				wantStatus(t, "forged CSRF token", anonymous.post(t, path, "forged", nil), http.StatusForbidden)
			case preCall:
				p, _ := anonymous.call(t, path, "forged", map[string]string{})
				wantStatus(t, "forged CSRF token", p, http.StatusForbidden)
			case sessionCall:
				if p, _ := anonymous.call(t, path, "forged", map[string]string{}); p.Status < 400 || !strings.Contains(p.Body, "Sign in again") {
					t.Errorf("without a session: %d %s", p.Status, p.Body)
				}
				p, _ := acme.call(t, path, "forged", map[string]string{})
				wantStatus(t, "forged CSRF token", p, http.StatusForbidden)
			case signedIn, app:
				checkSignedIn(t, anonymous, acme, method, path)
			}
			if g.guard == app {
				var p page
				if method == http.MethodPost {
					p = other.post(t, path, otherCSRF, url.Values{"confirm": {"on"}})
				} else {
					p = other.get(t, path)
				}
				wantStatus(t, "another organization's admin", p, http.StatusNotFound)
			}
		})
	}
	for pattern := range routeGuards {
		if !slices.Contains(routes, pattern) {
			t.Errorf("routeGuards lists %q, which is no route", pattern)
		}
	}
	if app, err := h.Server.Tenants.App(t.Context(), "acmeapp"); err != nil || app == nil || app.PendingDeletion() {
		t.Errorf("acmeapp after the walk: %+v %v", app, err)
	}
}

// checkSignedIn: without a session the sign-in page; a POST with a forged
// CSRF token refused.
func checkSignedIn(t *testing.T, anonymous, admin *browser, method, path string) {
	t.Helper()
	p := anonymous.do(t, method, path, nil, nil)
	if p.Status != http.StatusSeeOther || p.Header.Get("Location") != "/console/signin" {
		t.Errorf("without a session: %d to %q, want 303 to the sign-in page", p.Status, p.Header.Get("Location"))
	}
	if method == http.MethodPost {
		wantStatus(t, "forged CSRF token", admin.post(t, path, "forged", url.Values{"confirm": {"on"}}), http.StatusForbidden)
		wantStatus(t, "no CSRF token", admin.post(t, path, "", url.Values{"confirm": {"on"}}), http.StatusForbidden)
	}
}

func wantStatus(t *testing.T, what string, p page, status int) {
	t.Helper()
	if p.Status != status {
		t.Errorf("%s: %d, want %d: %.300s", what, p.Status, status, p.Body)
	}
}
