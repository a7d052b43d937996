package console

import (
	"context"
	"net/http"
	"strings"
	"time"

	"passwordless/events"
	"passwordless/magiclink"
	"passwordless/problems"
	"passwordless/quota"
	"passwordless/tokens"
)

// The magic-link fallback of the sign-in page: "e-mail me a sign-in link".
// The link is sent by magiclink.Service in-process, as the console's own
// application (its e-mail quota, its event log): a magic_link verify token
// for the admin, valid MagicLinkTTL. Opening the link shows a button; the
// POST it sends verifies the token, records it used (a verify token is not
// single-use by itself) and signs the admin in with a new session.

// MagicLinkTTL is how long a magic sign-in link can be used.
const MagicLinkTTL = 15 * time.Minute

// mailQuota is the console application's monthly e-mail quota (of which a
// young application gets a share, as every application does).
const mailQuota = 1000

// UseMail gives the console the magic-link service of the server (sign-in
// links); without it no sign-in link is sent.
func (c *Console) UseMail(links *magiclink.Service) { c.links = links }

// signinEmail mails a sign-in link when the address is an admin's, and
// answers the same page either way: the form never tells whether an
// address has an account.
func (c *Console) signinEmail(w http.ResponseWriter, r *http.Request) {
	if !c.preForm(w, r) {
		return
	}
	email := strings.ToLower(strings.TrimSpace(r.PostFormValue("email")))
	if err := c.sendSigninLink(r.Context(), email); err != nil {
		// Logged, never shown: an error would tell that the address exists.
		c.o.Logger.WarnContext(r.Context(), "console: sign-in link not sent", "err", err)
	}
	c.message(w, r, http.StatusOK, "Check your inbox",
		"If "+email+" belongs to a console admin, a sign-in link is on its way. It works once, within "+
			"15 minutes. Nothing arrived? Check the address and your spam folder, or sign in with your passkey.")
}

func (c *Console) sendSigninLink(ctx context.Context, email string) error {
	admin, err := c.o.Orgs.AdminByEmail(ctx, email)
	if err != nil || admin == nil || c.links == nil {
		return err
	}
	app, err := c.app(ctx)
	if err != nil {
		return err
	}
	ttl := int64(MagicLinkTTL / time.Second)
	return c.links.Send(events.WithActor(ctx, actor), magiclink.App{Enabled: true,
		// The recipient is an admin of the console's application: the
		// "admin addresses only" rule of young applications lets it through.
		Sender: quota.Sender{Tenant: app.ID, CreatedAt: app.CreatedAt, AdminEmails: []string{admin.Email},
			MonthlyQuota: mailQuota}},
		magiclink.Request{EmailAddress: admin.Email, UserID: admin.ID, TimeToLive: &ttl,
			URLTemplate: c.origin + "/console/signin/link?token=" + magiclink.TokenPlaceholder})
}

// preForm checks a form posted before sign-in (the CSRF token of the
// pre-sign-in cookie) and counts it against the per-address limit; false
// when it answered already.
func (c *Console) preForm(w http.ResponseWriter, r *http.Request) bool {
	r.Body = http.MaxBytesReader(w, r.Body, maxForm)
	if !c.csrfValid("pre", c.cookie(r, preCookie), r.PostFormValue("csrf")) {
		c.message(w, r, http.StatusForbidden, "Form expired",
			"This form is out of date or did not come from the console. Go back, reload the page and try again.")
		return false
	}
	if !c.spend(w, r) {
		c.message(w, r, http.StatusTooManyRequests, "Too many attempts",
			"Too many attempts from your address. Wait a minute and try again.")
		return false
	}
	return true
}

// linkPage shows the button that signs in with a magic link. Opening the
// link changes nothing: mail scanners that fetch links do not use it up.
func (c *Console) linkPage(w http.ResponseWriter, r *http.Request) {
	c.render(w, r, http.StatusOK, "magic", view{Title: "Sign in", CSRF: c.csrf("pre", c.preToken(w, r)),
		Data: r.URL.Query().Get("token")})
}

// linkSignin signs in with a magic link, once.
func (c *Console) linkSignin(w http.ResponseWriter, r *http.Request) {
	if !c.preForm(w, r) {
		return
	}
	ctx := r.Context()
	adminID, err := c.useSigninLink(ctx, r.PostFormValue("token"))
	if err == nil && adminID == "" {
		c.message(w, r, http.StatusGone, "Sign-in link not valid",
			"This sign-in link has expired or was used already. Ask for a new one on the sign-in page.")
		return
	}
	if err == nil {
		err = c.startSession(ctx, w, r, adminID)
	}
	if err != nil {
		c.fail(w, r, err)
		return
	}
	http.Redirect(w, r, "/console/apps", http.StatusSeeOther)
}

// useSigninLink returns the admin a valid, unused magic link signs in and
// marks it used; "" when the link is not (or no longer) valid.
func (c *Console) useSigninLink(ctx context.Context, token string) (string, error) {
	app, err := c.app(ctx)
	if err != nil {
		return "", err
	}
	v, err := c.o.Passkeys.Verify(events.WithActor(ctx, actor), app, token)
	if err != nil && problems.From(err).StatusCode() >= http.StatusInternalServerError {
		return "", err
	}
	if err != nil || v.Type != tokens.TypeMagicLink {
		return "", nil // an invalid, expired or foreign token: not a sign-in link
	}
	admin, err := c.o.Orgs.Admin(ctx, v.UserID)
	if err != nil || admin == nil {
		return "", err
	}
	used, err := c.o.Orgs.UseSigninLink(ctx, v.TokenID, v.ExpiresAt)
	if err != nil || !used {
		return "", err
	}
	return admin.ID, nil
}
