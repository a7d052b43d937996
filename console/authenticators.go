package console

import (
	"net/http"
	"strings"

	"passwordless/authenticators"
	"passwordless/tenants"
)

// mdsShown caps the metadata entries one search shows.
const mdsShown = 50

// authenticatorsData is the allow/deny list page with the metadata search.
type authenticatorsData struct {
	App     *tenants.App
	Allowed bool // the plan allows attestation (and so the lists)
	Allow   []authenticators.Listed
	Deny    []authenticators.Listed
	Query   string
	Entries []authenticators.Entry
	More    bool // the search found more than mdsShown
}

func (c *Console) authenticatorsPage(w http.ResponseWriter, r *http.Request, s *signedIn) error {
	c.showAuthenticators(w, r, s, http.StatusOK, "")
	return nil
}

func (c *Console) showAuthenticators(w http.ResponseWriter, r *http.Request, s *signedIn, status int, errText string) {
	app := c.loadApp(w, r)
	if app == nil {
		return
	}
	d := authenticatorsData{App: app, Allowed: app.Features.AllowAttestation, Query: strings.TrimSpace(r.URL.Query().Get("q"))}
	var err error
	if d.Allow, err = c.o.Authenticators.List(r.Context(), app.ID, true); err == nil {
		d.Deny, err = c.o.Authenticators.List(r.Context(), app.ID, false)
	}
	if err != nil {
		c.fail(w, r, err)
		return
	}
	q := strings.ToLower(d.Query)
	for _, e := range c.o.Authenticators.Catalog().Entries(nil, nil) {
		if strings.Contains(strings.ToLower(e.Name), q) || strings.Contains(e.AAGUID.String(), q) {
			if len(d.Entries) == mdsShown {
				d.More = true
				break
			}
			d.Entries = append(d.Entries, e)
		}
	}
	c.render(w, r, status, "authenticators", c.withSession(s, view{Title: "Authenticators of " + app.ID, Error: errText, Data: d}))
}

// listAuthenticator puts an AAGUID on the allow list (list=allow) or the
// deny list; the plan must allow attestation, as on the API.
func (c *Console) listAuthenticator(w http.ResponseWriter, r *http.Request, s *signedIn) error {
	err := c.o.Authenticators.Add(r.Context(), r.PathValue("app"), []string{r.PostFormValue("aaguid")},
		r.PostFormValue("list") == "allow")
	c.afterAuthenticators(w, r, s, err)
	return nil
}

// delistAuthenticator takes an AAGUID off whichever list holds it.
func (c *Console) delistAuthenticator(w http.ResponseWriter, r *http.Request, s *signedIn) error {
	aaguid := r.PathValue("aaguid")
	if !c.confirmed(w, r, s, confirmData{Title: "Remove this authenticator entry?", Back: appBase(r) + "/authenticators",
		Button: "Remove", Question: "Remove the authenticator " + aaguid + " from the application's list?",
		Losses: []string{"the entry for " + aaguid + ": the allow or deny rule for it no longer applies"}}) {
		return nil
	}
	err := c.o.Authenticators.Remove(r.Context(), r.PathValue("app"), []string{r.PathValue("aaguid")})
	c.afterAuthenticators(w, r, s, err)
	return nil
}

func (c *Console) afterAuthenticators(w http.ResponseWriter, r *http.Request, s *signedIn, err error) {
	c.after(w, r, err, appBase(r)+"/authenticators", func(status int, text string) {
		c.showAuthenticators(w, r, s, status, text)
	})
}
