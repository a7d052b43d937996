package console

import (
	"net/http"
	"slices"
	"strings"

	"passwordless/problems"
	"passwordless/tenants"
)

// appsData is the applications page: the organization's applications, the
// create form's value and the answer of an availability check.
type appsData struct {
	Apps    []*tenants.App
	AppID   string
	Checked string // "available", "taken" or ""
}

func (c *Console) appsPage(w http.ResponseWriter, r *http.Request, s *signedIn) error {
	d := appsData{AppID: strings.TrimSpace(r.URL.Query().Get("check"))}
	errText := ""
	if d.AppID != "" {
		ok, err := c.o.Tenants.Available(r.Context(), d.AppID)
		switch {
		case err != nil:
			_, errText = c.sentence(r, err)
		case ok:
			d.Checked = "available"
		default:
			d.Checked = "taken"
		}
	}
	c.showApps(w, r, s, http.StatusOK, d, errText)
	return nil
}

func (c *Console) showApps(w http.ResponseWriter, r *http.Request, s *signedIn, status int, d appsData, errText string) {
	ids, err := c.o.Orgs.Apps(r.Context(), s.org.ID)
	if err != nil {
		c.fail(w, r, err)
		return
	}
	for _, id := range ids {
		app, err := c.o.Tenants.App(r.Context(), id)
		if err != nil {
			c.fail(w, r, err)
			return
		}
		if app != nil {
			d.Apps = append(d.Apps, app)
		}
	}
	c.render(w, r, status, "apps", c.withSession(s, view{Title: "Applications", Error: errText, Data: d}))
}

// createApp creates an application of the admin's organization and shows
// its keys, the secrets for the only time.
func (c *Console) createApp(w http.ResponseWriter, r *http.Request, s *signedIn) error {
	id := strings.TrimSpace(r.PostFormValue("appId"))
	created, err := c.o.Orgs.CreateApp(r.Context(), s.admin, id)
	if err != nil {
		status, text := c.sentence(r, err)
		c.showApps(w, r, s, status, appsData{AppID: id}, text)
		return nil
	}
	c.render(w, r, http.StatusCreated, "created", c.withSession(s, view{Title: "Get started", Data: c.created(created)}))
	return nil
}

// appData is an application's page.
type appData struct {
	App  *tenants.App
	Keys []keyView
	// Refused is the key form the service refused, shown again as typed.
	Refused *keyForm
}

// keyForm is one of the two key-create forms as posted: its kind
// ("public" or "secret") and the scopes ticked.
type keyForm struct {
	Kind   string
	Scopes []string
}

// Ticked says whether the form of kind shows scope ticked: every scope on
// a fresh page, what the admin ticked on the form that was refused.
func (d appData) Ticked(kind, scope string) bool {
	if d.Refused == nil || d.Refused.Kind != kind {
		return true
	}
	return slices.Contains(d.Refused.Scopes, scope)
}

type keyView struct {
	*tenants.APIKey
	Secret bool
}

var errGone = problems.New(problems.AppNotFound)

func (c *Console) appPage(w http.ResponseWriter, r *http.Request, s *signedIn) error {
	return c.showApp(w, r, s, http.StatusOK, "", nil)
}

// showApp shows an application's keys page; after a refused key form,
// with its status, message and the form as typed.
func (c *Console) showApp(w http.ResponseWriter, r *http.Request, s *signedIn, status int, errText string, refused *keyForm) error {
	id := r.PathValue("app")
	app, err := c.o.Tenants.App(r.Context(), id)
	if err != nil || app == nil {
		return orElse(err, errGone)
	}
	keys, err := c.o.Tenants.ListKeys(r.Context(), id)
	if err == nil {
		err = c.keysViewed(r.Context(), s, id)
	}
	if err != nil {
		return err
	}
	d := appData{App: app, Refused: refused}
	for _, k := range keys {
		d.Keys = append(d.Keys, keyView{APIKey: k, Secret: k.Kind == tenants.Secret})
	}
	c.render(w, r, status, "app", c.withSession(s, view{Title: app.ID, Error: errText, Data: d}))
	return nil
}

func (c *Console) lockKey(w http.ResponseWriter, r *http.Request, _ *signedIn) error {
	return c.setKeyLocked(w, r, true)
}

func (c *Console) unlockKey(w http.ResponseWriter, r *http.Request, _ *signedIn) error {
	return c.setKeyLocked(w, r, false)
}

func (c *Console) setKeyLocked(w http.ResponseWriter, r *http.Request, locked bool) error {
	id := r.PathValue("app")
	if err := c.o.Tenants.SetKeyLocked(r.Context(), id, r.PathValue("key"), locked); err != nil {
		return err
	}
	code := "key-unlocked"
	if locked {
		code = "key-locked"
	}
	return done(w, r, "/console/apps/"+id, code)
}
