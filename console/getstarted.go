package console

import (
	"net/http"

	"passwordless/tenants"
)

// snippets are the SDK examples of an application: its API URL and public
// key filled in, and its secret only on the page that shows it once
// (blank elsewhere: the snippets then read it from the environment).
type snippets struct {
	AppID     string
	APIURL    string
	PublicKey string
	Secret    string
}

// getStartedData is the "get started" page of an existing application.
type getStartedData struct {
	App      *tenants.App
	Snippets snippets
}

// getStartedPage shows the snippets with the first unlocked public key;
// secrets are never shown again.
func (c *Console) getStartedPage(w http.ResponseWriter, r *http.Request, s *signedIn) error {
	app := c.loadApp(w, r)
	if app == nil {
		return nil
	}
	// Only the first public key is shown (public material): no listing
	// event.
	keys, err := c.o.Tenants.ListKeys(r.Context(), app.ID)
	if err != nil {
		return err
	}
	d := getStartedData{App: app, Snippets: snippets{AppID: app.ID, APIURL: c.o.APIURL}}
	for _, k := range keys {
		if k.Kind == tenants.Public && !k.IsLocked && d.Snippets.PublicKey == "" {
			d.Snippets.PublicKey = k.PublicValue
		}
	}
	c.render(w, r, http.StatusOK, "getstarted", c.withSession(s, view{Title: "Get started with " + app.ID, Data: d}))
	return nil
}

// createdData is the page answering the create form: the new keys, the
// secrets for the only time, and the snippets with them.
type createdData struct {
	*tenants.CreatedApp
	Snippets snippets
}

func (c *Console) created(app *tenants.CreatedApp) createdData {
	return createdData{CreatedApp: app, Snippets: snippets{AppID: app.App.ID, APIURL: c.o.APIURL,
		PublicKey: app.APIKey1, Secret: app.APISecret1}}
}
