package console

import (
	"html/template"
	"net/http"
	"net/url"
	"slices"
	"time"

	"passwordless/events"
	"passwordless/passkeys"
	"passwordless/tenants"
)

// The template functions of the application pages.
func init() {
	// when is date for an optional time.
	funcs["when"] = func(t *time.Time) template.HTML {
		if t == nil {
			return ""
		}
		return date(*t)
	}
	funcs["timespan"] = timespan
	funcs["list"] = func(v ...string) []string { return v }
	// purposeFields hands the shared purpose fields their page and values.
	funcs["purposeFields"] = func(v view, f passkeys.AuthConfigInput) purposeFieldsView {
		return purposeFieldsView{Page: v, Form: f}
	}
	funcs["has"] = slices.Contains[[]string]
	funcs["pathEscape"] = url.PathEscape
	funcs["add"] = func(a, b int) int { return a + b }
	funcs["int"] = func(t events.Type) int { return int(t) }
}

// appRoutes registers the pages of one application beyond its keys, users
// and events: settings, purposes, authenticators, deletion, reports,
// passkey health, the SDK snippets and webhooks.
func (c *Console) appRoutes(m *routeMux) {
	app := func(h handler) http.HandlerFunc { return c.authed(c.owned(h)) }
	m.HandleFunc("GET /console/apps/{app}/settings", app(c.settingsPage))
	m.HandleFunc("POST /console/apps/{app}/settings/features", app(c.saveFeatures))
	m.HandleFunc("POST /console/apps/{app}/settings/limits", app(c.saveLimits))
	m.HandleFunc("POST /console/apps/{app}/settings/rollout", app(c.saveRollout))
	m.HandleFunc("POST /console/apps/{app}/settings/mail-quota", app(c.saveMailQuota))
	m.HandleFunc("POST /console/apps/{app}/delete", app(c.deleteApp))
	m.HandleFunc("POST /console/apps/{app}/cancel-deletion", app(c.cancelDeletion))
	m.HandleFunc("GET /console/apps/{app}/purposes", app(c.purposesPage))
	m.HandleFunc("POST /console/apps/{app}/purposes", app(c.addPurpose))
	m.HandleFunc("GET /console/apps/{app}/purposes/{purpose}", app(c.purposePage))
	m.HandleFunc("POST /console/apps/{app}/purposes/{purpose}", app(c.editPurpose))
	m.HandleFunc("POST /console/apps/{app}/purposes/{purpose}/delete", app(c.deletePurpose))
	m.HandleFunc("GET /console/apps/{app}/authenticators", app(c.authenticatorsPage))
	m.HandleFunc("POST /console/apps/{app}/authenticators", app(c.listAuthenticator))
	m.HandleFunc("POST /console/apps/{app}/authenticators/{aaguid}/delete", app(c.delistAuthenticator))
	m.HandleFunc("GET /console/apps/{app}/reports", app(c.reportsPage))
	m.HandleFunc("GET /console/apps/{app}/health", app(c.healthPage))
	m.HandleFunc("GET /console/apps/{app}/get-started", app(c.getStartedPage))
	c.webhookRoutes(m, app)
}

// loadApp is the application of the path (owned checked it is the
// admin's); a failure has been shown when it returns nil.
func (c *Console) loadApp(w http.ResponseWriter, r *http.Request) *tenants.App {
	app, err := c.o.Tenants.App(r.Context(), r.PathValue("app"))
	if err != nil || app == nil {
		c.fail(w, r, orElse(err, errGone))
		return nil
	}
	return app
}

// after answers a form: back to the page at to when err is nil, else the
// page again, shown by show with the error's sentence.
func (c *Console) after(w http.ResponseWriter, r *http.Request, err error, to string, show func(status int, text string)) {
	if err != nil {
		status, text := c.sentence(r, err)
		show(status, text)
		return
	}
	_ = done(w, r, to, "saved")
}

// appBase is the path of an application's page.
func appBase(r *http.Request) string { return "/console/apps/" + r.PathValue("app") }
