package console

import (
	"fmt"
	"net/http"
	"strings"
	"time"

	"passwordless/passkeys"
	"passwordless/problems"
	"passwordless/tenants"
)

// purposesData is the purposes page (the app's authentication
// configurations) and the edit page of one (Edit set).
type purposesData struct {
	App     *tenants.App
	Configs []passkeys.AuthConfig
	Edit    *passkeys.AuthConfig
	// Form is what the create form shows again after a refusal.
	Form passkeys.AuthConfigInput
}

func (c *Console) purposesPage(w http.ResponseWriter, r *http.Request, s *signedIn) error {
	c.showPurposes(w, r, s, http.StatusOK, "", passkeys.AuthConfigInput{TimeToLive: "00:02:00"})
	return nil
}

func (c *Console) showPurposes(w http.ResponseWriter, r *http.Request, s *signedIn, status int, errText string, form passkeys.AuthConfigInput) {
	app := c.loadApp(w, r)
	if app == nil {
		return
	}
	configs, err := c.o.Passkeys.AuthConfigs(r.Context(), app.ID, nil)
	if err != nil {
		c.fail(w, r, err)
		return
	}
	c.render(w, r, status, "purposes", c.withSession(s, view{Title: "Purposes of " + app.ID, Error: errText,
		Data: purposesData{App: app, Configs: configs, Form: form}}))
}

// purposeInput reads a purpose form, the admin being who changes it.
func purposeInput(r *http.Request, s *signedIn, purpose string) passkeys.AuthConfigInput {
	return passkeys.AuthConfigInput{Purpose: purpose, UserVerification: r.PostFormValue("userVerification"),
		TimeToLive: strings.TrimSpace(r.PostFormValue("timeToLive")), Hints: r.PostForm["hint"], PerformedBy: s.admin.Email}
}

func (c *Console) addPurpose(w http.ResponseWriter, r *http.Request, s *signedIn) error {
	in := purposeInput(r, s, strings.TrimSpace(r.PostFormValue("purpose")))
	err := c.o.Passkeys.AddAuthConfig(r.Context(), r.PathValue("app"), in)
	c.after(w, r, err, appBase(r)+"/purposes", func(status int, text string) { c.showPurposes(w, r, s, status, text, in) })
	return nil
}

func (c *Console) purposePage(w http.ResponseWriter, r *http.Request, s *signedIn) error {
	c.showPurpose(w, r, s, http.StatusOK, "", nil)
	return nil
}

// showPurpose shows the edit page of a purpose: its stored configuration,
// or what the admin typed when typed is set (a refused save).
func (c *Console) showPurpose(w http.ResponseWriter, r *http.Request, s *signedIn, status int, errText string, typed *passkeys.AuthConfigInput) {
	app := c.loadApp(w, r)
	if app == nil {
		return
	}
	purpose := r.PathValue("purpose")
	configs, err := c.o.Passkeys.AuthConfigs(r.Context(), app.ID, &purpose)
	if err != nil || len(configs) == 0 {
		c.fail(w, r, orElse(err, problems.Titled(problems.AuthConfigNotFound, "The configuration %s does not exist.", purpose)))
		return
	}
	form := configForm(configs[0])
	if typed != nil {
		form = *typed
	}
	c.render(w, r, status, "purpose", c.withSession(s, view{Title: "Purpose " + purpose, Error: errText,
		Data: purposesData{App: app, Edit: &configs[0], Form: form}}))
}

// configForm fills the purpose form's fields from a stored configuration.
func configForm(c passkeys.AuthConfig) passkeys.AuthConfigInput {
	return passkeys.AuthConfigInput{UserVerification: c.UserVerification, TimeToLive: timespan(c.TimeToLive), Hints: c.Hints}
}

// purposeFieldsView is what the shared purpose fields need: the form's
// values and the page, whose refused fields they mark.
type purposeFieldsView struct {
	Page view
	Form passkeys.AuthConfigInput
}

func (c *Console) editPurpose(w http.ResponseWriter, r *http.Request, s *signedIn) error {
	in := purposeInput(r, s, r.PathValue("purpose"))
	err := c.o.Passkeys.UpdateAuthConfig(r.Context(), r.PathValue("app"), in)
	c.after(w, r, err, appBase(r)+"/purposes", func(status int, text string) { c.showPurpose(w, r, s, status, text, &in) })
	return nil
}

func (c *Console) deletePurpose(w http.ResponseWriter, r *http.Request, s *signedIn) error {
	purpose := r.PathValue("purpose")
	if !c.confirmed(w, r, s, confirmData{Title: "Delete the purpose " + purpose + "?", Back: appBase(r) + "/purposes",
		Question: "Delete the purpose " + purpose + " of " + r.PathValue("app") + "?",
		Losses:   []string{"its settings: user verification, time to live and hints"}}) {
		return nil
	}
	err := c.o.Passkeys.DeleteAuthConfig(r.Context(), r.PathValue("app"), r.PathValue("purpose"), s.admin.Email)
	c.after(w, r, err, appBase(r)+"/purposes", func(status int, text string) {
		c.showPurposes(w, r, s, status, text, passkeys.AuthConfigInput{TimeToLive: "00:02:00"})
	})
	return nil
}

func timespan(d time.Duration) string {
	s := int64(d / time.Second)
	return fmt.Sprintf("%02d:%02d:%02d", s/3600, s/60%60, s%60)
}
