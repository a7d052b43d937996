package console

import (
	"net/http"
	"slices"
	"strings"

	"passwordless/problems"
	"passwordless/tenants"
	"passwordless/webhooks"
)

// webhooksData is an application's webhooks page (the endpoints and the
// add form) and an endpoint's page (Endpoint set, with its deliveries).
type webhooksData struct {
	App       *tenants.App
	Endpoints []webhooks.Endpoint
	// EventTypes are the events an endpoint may subscribe to.
	EventTypes []string
	// Form is what the add form shows again after a refusal.
	Form       webhooks.AddRequest
	Endpoint   *webhooks.Endpoint
	Deliveries []webhooks.Delivery
}

// webhookSecretData is the page that shows an endpoint's new signing
// secret, the only time it is shown.
type webhookSecretData struct {
	AppID, EndpointID, Secret string
	// Rotated: the secret replaced another, which signs for 24 h more.
	Rotated bool
}

// webhookRoutes registers the webhooks page of an application and the
// forms of its endpoints, all through webhooks.Service in-process.
func (c *Console) webhookRoutes(m *routeMux, app func(h handler) http.HandlerFunc) {
	m.HandleFunc("GET /console/apps/{app}/webhooks", app(c.webhooksPage))
	m.HandleFunc("POST /console/apps/{app}/webhooks", app(c.addWebhook))
	m.HandleFunc("GET /console/apps/{app}/webhooks/{endpoint}", app(c.webhookPage))
	m.HandleFunc("POST /console/apps/{app}/webhooks/{endpoint}/delete", app(c.deleteWebhook))
	m.HandleFunc("POST /console/apps/{app}/webhooks/{endpoint}/rotate-secret", app(c.rotateWebhookSecret))
	m.HandleFunc("POST /console/apps/{app}/webhooks/{endpoint}/enable", app(c.enableWebhook))
	m.HandleFunc("POST /console/apps/{app}/webhooks/{endpoint}/test", app(c.testWebhook))
	m.HandleFunc("POST /console/apps/{app}/webhooks/{endpoint}/deliveries/{delivery}/redeliver", app(c.redeliverWebhook))
}

func (c *Console) webhooksPage(w http.ResponseWriter, r *http.Request, s *signedIn) error {
	c.showWebhooks(w, r, s, http.StatusOK, "", webhooks.AddRequest{})
	return nil
}

// loadEndpoints is the application of the path and its endpoints; a
// failure has been shown when app is nil.
func (c *Console) loadEndpoints(w http.ResponseWriter, r *http.Request) (*tenants.App, []webhooks.Endpoint) {
	app := c.loadApp(w, r)
	if app == nil {
		return nil, nil
	}
	list, err := c.o.Webhooks.List(r.Context(), app.ID)
	if err != nil {
		c.fail(w, r, err)
		return nil, nil
	}
	return app, list
}

func (c *Console) showWebhooks(w http.ResponseWriter, r *http.Request, s *signedIn, status int, errText string, form webhooks.AddRequest) {
	app, list := c.loadEndpoints(w, r)
	if app == nil {
		return
	}
	c.render(w, r, status, "webhooks", c.withSession(s, view{Title: "Webhooks of " + app.ID, Error: errText,
		Data: webhooksData{App: app, Endpoints: list, EventTypes: webhooks.EventTypes, Form: form}}))
}

// addWebhook adds an endpoint and shows its secret once.
func (c *Console) addWebhook(w http.ResponseWriter, r *http.Request, s *signedIn) error {
	in := webhooks.AddRequest{URL: strings.TrimSpace(r.PostFormValue("url")), Events: r.PostForm["event"],
		Description: strings.TrimSpace(r.PostFormValue("description"))}
	made, err := c.o.Webhooks.Add(r.Context(), r.PathValue("app"), in)
	if err != nil {
		status, text := c.sentence(r, err)
		c.showWebhooks(w, r, s, status, text, in)
		return nil
	}
	c.render(w, r, http.StatusCreated, "webhooksecret", c.withSession(s, view{Title: "New webhook endpoint",
		Data: webhookSecretData{AppID: r.PathValue("app"), EndpointID: made.ID, Secret: made.Secret}}))
	return nil
}

func (c *Console) webhookPage(w http.ResponseWriter, r *http.Request, s *signedIn) error {
	c.showWebhook(w, r, s, http.StatusOK, "")
	return nil
}

// showWebhook shows an endpoint with its recent deliveries; an endpoint
// that is gone shows the webhooks page with errText, or not found.
func (c *Console) showWebhook(w http.ResponseWriter, r *http.Request, s *signedIn, status int, errText string) {
	app, list := c.loadEndpoints(w, r)
	if app == nil {
		return
	}
	i := slices.IndexFunc(list, func(e webhooks.Endpoint) bool { return e.ID == r.PathValue("endpoint") })
	if i < 0 && errText != "" {
		c.showWebhooks(w, r, s, status, errText, webhooks.AddRequest{})
		return
	}
	if i < 0 {
		c.notFound(w, r)
		return
	}
	deliveries, err := c.o.Webhooks.Deliveries(r.Context(), app.ID, list[i].ID)
	if err != nil {
		c.fail(w, r, err)
		return
	}
	c.render(w, r, status, "webhook", c.withSession(s, view{Title: "Webhook endpoint " + list[i].ID, Error: errText,
		Data: webhooksData{App: app, Endpoint: &list[i], Deliveries: deliveries}}))
}

// afterWebhook answers an endpoint's form: back to to, or the endpoint's
// page with the error.
func (c *Console) afterWebhook(w http.ResponseWriter, r *http.Request, s *signedIn, err error, to string) {
	c.after(w, r, err, to, func(status int, text string) { c.showWebhook(w, r, s, status, text) })
}

func webhookBase(r *http.Request) string { return appBase(r) + "/webhooks/" + r.PathValue("endpoint") }

// deleteWebhook deletes the endpoint after the confirm step, which lists
// what goes with it.
func (c *Console) deleteWebhook(w http.ResponseWriter, r *http.Request, s *signedIn) error {
	app, id := r.PathValue("app"), r.PathValue("endpoint")
	if r.PostFormValue("confirm") != "yes" {
		losses, err := c.webhookLosses(r, app, id)
		if err != nil {
			c.afterWebhook(w, r, s, err, "")
			return nil
		}
		c.confirmed(w, r, s, confirmData{Title: "Delete this webhook endpoint?", Back: webhookBase(r),
			Button: "Delete endpoint", Question: "Delete the webhook endpoint " + id + "?", Losses: losses})
		return nil
	}
	err := c.o.Webhooks.Delete(r.Context(), app, id)
	c.afterWebhook(w, r, s, err, appBase(r)+"/webhooks")
	return nil
}

// webhookLosses is what deleting endpoint id of app loses.
func (c *Console) webhookLosses(r *http.Request, app, id string) ([]string, error) {
	list, err := c.o.Webhooks.List(r.Context(), app)
	if err != nil {
		return nil, err
	}
	i := slices.IndexFunc(list, func(e webhooks.Endpoint) bool { return e.ID == id })
	if i < 0 {
		return nil, problems.New(problems.WebhookNotFound)
	}
	deliveries, err := c.o.Webhooks.Deliveries(r.Context(), app, id)
	if err != nil {
		return nil, err
	}
	pending := 0
	for _, d := range deliveries {
		if d.Status == "pending" {
			pending++
		}
	}
	return []string{
		"the endpoint " + list[i].URL + " and its subscriptions (" + strings.Join(list[i].Events, ", ") + ")",
		"its signing secret: a new endpoint gets a new one",
		plural(pending, "pending delivery", "pending deliveries") + ": never sent",
		"its delivery history",
	}, nil
}

// rotateWebhookSecret gives the endpoint a new secret and shows it once.
func (c *Console) rotateWebhookSecret(w http.ResponseWriter, r *http.Request, s *signedIn) error {
	secret, err := c.o.Webhooks.RotateSecret(r.Context(), r.PathValue("app"), r.PathValue("endpoint"))
	if err != nil {
		c.afterWebhook(w, r, s, err, "")
		return nil
	}
	c.render(w, r, http.StatusOK, "webhooksecret", c.withSession(s, view{Title: "New signing secret",
		Data: webhookSecretData{AppID: r.PathValue("app"), EndpointID: r.PathValue("endpoint"), Secret: secret, Rotated: true}}))
	return nil
}

func (c *Console) enableWebhook(w http.ResponseWriter, r *http.Request, s *signedIn) error {
	err := c.o.Webhooks.Enable(r.Context(), r.PathValue("app"), r.PathValue("endpoint"))
	c.afterWebhook(w, r, s, err, webhookBase(r))
	return nil
}

func (c *Console) testWebhook(w http.ResponseWriter, r *http.Request, s *signedIn) error {
	_, err := c.o.Webhooks.SendTest(r.Context(), r.PathValue("app"), r.PathValue("endpoint"))
	c.afterWebhook(w, r, s, err, webhookBase(r))
	return nil
}

func (c *Console) redeliverWebhook(w http.ResponseWriter, r *http.Request, s *signedIn) error {
	err := c.o.Webhooks.Redeliver(r.Context(), r.PathValue("app"), r.PathValue("delivery"))
	c.afterWebhook(w, r, s, err, webhookBase(r))
	return nil
}
