package console

import (
	"net/http"
	"strconv"
	"strings"

	"passwordless/problems"
	"passwordless/quota"
	"passwordless/tenants"
)

// settingsData is an application's settings page.
type settingsData struct {
	App     *tenants.App
	Origins string // one a line
	// Users counts the users with passkeys: what the deletion would lose.
	Users int64
	// Rollout fills the passkey rollout form (rollout.go).
	Rollout rolloutForm
	// EffectiveMailQuota is the e-mail quota in force at the app's age.
	EffectiveMailQuota int64
	MailQuotaScaled    bool
}

func (c *Console) settingsPage(w http.ResponseWriter, r *http.Request, s *signedIn) error {
	c.showSettings(w, r, s, http.StatusOK, "")
	return nil
}

func (c *Console) showSettings(w http.ResponseWriter, r *http.Request, s *signedIn, status int, errText string) {
	app := c.loadApp(w, r)
	if app == nil {
		return
	}
	d := settingsData{App: app, Origins: strings.Join(app.Features.AllowedOrigins, "\n"), Rollout: rolloutFormOf(app.Features.PasskeyRollout),
		EffectiveMailQuota: quota.EffectiveQuota(app.Features.MagicLinkEmailMonthlyQuota, c.o.Now().Sub(app.CreatedAt))}
	users, err := c.o.Passkeys.CountUsers(r.Context(), app.ID)
	if err != nil {
		c.fail(w, r, err)
		return
	}
	d.Users = users
	d.MailQuotaScaled = d.EffectiveMailQuota != int64(app.Features.MagicLinkEmailMonthlyQuota)
	c.render(w, r, status, "settings", c.withSession(s, view{Title: "Settings of " + app.ID, Error: errText, Data: d}))
}

// saveFeatures applies the features form: magic links, manual sign-in
// tokens, the passkey prompt's skip window and the allowed origins.
func (c *Console) saveFeatures(w http.ResponseWriter, r *http.Request, s *signedIn) error {
	signIns, err1 := formInt(r, "promptSkipSignIns", "The number of sign-ins must be a whole number.")
	days, err2 := formInt(r, "promptSkipDays", "The number of days must be a whole number.")
	err := orElse(err1, err2)
	if err == nil {
		magic, token := r.PostFormValue("magicLinks") == "on", r.PostFormValue("generateSignInToken") == "on"
		origins := lines(r.PostFormValue("allowedOrigins"))
		err = c.o.Tenants.SetAppFeatures(r.Context(), r.PathValue("app"), tenants.AppFeatureChange{
			PerformedBy: &s.admin.Email, MagicLinks: &magic, GenerateSignInToken: &token,
			PromptSkipSignIns: signIns, PromptSkipDays: days, AllowedOrigins: &origins})
	}
	c.afterSettings(w, r, s, err)
	return nil
}

// saveLimits applies the limits form: event logging, max users and max
// passkeys per user (blank is unlimited).
func (c *Console) saveLimits(w http.ResponseWriter, r *http.Request, s *signedIn) error {
	users, err1 := formInt64(r, "maxUsers", "Max users must be a whole number, or blank for no limit.")
	creds, err2 := formInt64(r, "maxCredentialsPerUser", "Max passkeys per user must be a whole number, or blank for no limit.")
	err := orElse(err1, err2)
	if err == nil {
		err = c.o.Tenants.SetLimits(r.Context(), r.PathValue("app"), tenants.Limits{
			EventLoggingEnabled: r.PostFormValue("eventLogging") == "on", MaxUsers: users, MaxCredentialsPerUser: creds})
	}
	c.afterSettings(w, r, s, err)
	return nil
}

// saveMailQuota sets the magic-link e-mail quota alone: the other
// features stay as stored.
func (c *Console) saveMailQuota(w http.ResponseWriter, r *http.Request, s *signedIn) error {
	n, err := formInt(r, "magicLinkEmailMonthlyQuota", "The e-mail quota must be a whole number.")
	if err == nil && n == nil {
		err = problems.Validation("magicLinkEmailMonthlyQuota", "Enter the e-mail quota.")
	}
	if err == nil {
		err = c.o.Tenants.SetMagicLinkEmailQuota(r.Context(), r.PathValue("app"), *n)
	}
	c.afterSettings(w, r, s, err)
	return nil
}

func (c *Console) afterSettings(w http.ResponseWriter, r *http.Request, s *signedIn, err error) {
	c.after(w, r, err, appBase(r)+"/settings", func(status int, text string) {
		c.showSettings(w, r, s, status, text)
	})
}

// formInt64 reads a whole number field; blank is nil.
func formInt64(r *http.Request, name, msg string) (*int64, error) {
	v := strings.TrimSpace(r.PostFormValue(name))
	if v == "" {
		return nil, nil
	}
	n, err := strconv.ParseInt(v, 10, 64)
	if err != nil {
		return nil, problems.Validation(name, msg)
	}
	return &n, nil
}

// formInt is formInt64 for an int field.
func formInt(r *http.Request, name, msg string) (*int, error) {
	n, err := formInt64(r, name, msg)
	if n == nil || err != nil {
		return nil, err
	}
	i := int(*n)
	return &i, nil
}

// lines are the non-blank lines of s, trimmed.
func lines(s string) []string {
	out := []string{}
	for _, l := range strings.Split(s, "\n") {
		if l = strings.TrimSpace(l); l != "" {
			out = append(out, l)
		}
	}
	return out
}
