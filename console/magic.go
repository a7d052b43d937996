package console

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"net/http"
	"strings"
	"sync"
	"time"

	"passwordless/events"
	"passwordless/magiclink"
	"passwordless/orgs"
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

// consoleSite is what the console's sign-in mail signs in to: its subject
// is "Sign in to the Passwordless console", not the server's host name.
const consoleSite = "the Passwordless console"

// MagicLinkTTL is how long a magic sign-in link can be used.
const MagicLinkTTL = 15 * time.Minute

// The form needs no account, so whoever posts it chooses where mail goes.
// What a stranger can make the console send is bounded by caps counted
// whether or not the address is an admin's (so a refusal tells nothing):
// per recipient, so a flood cannot pile links into one admin's inbox (the
// links already sent still work), and per client address (IPv6 per /64),
// so one client cannot spread a flood over many recipients. Sliding
// windows: a burst at a window's edge cannot double a cap.
var (
	linksPerRecipient = []quota.Rate{{Limit: 3, Period: 15 * time.Minute}, {Limit: 10, Period: 24 * time.Hour}}
	linksPerClient    = quota.Rate{Limit: 10, Period: 15 * time.Minute}
)

// mailQuota is the console application's monthly e-mail quota. It is no
// ceiling a stranger could spend for everyone (a flood once spent the 1000
// it was and took the fallback from every admin): the caps above bound
// the links each admin receives, and an unknown address is never mailed.
const mailQuota = 1 << 30

// signinMail sends sign-in links off the request: the form answers in the
// same time whether or not a mail goes out, as it answers the same page.
type signinMail struct {
	links *magiclink.Service
	wg    sync.WaitGroup
}

// sendTimeout bounds one sign-in link's send, off the request.
const sendTimeout = time.Minute

// UseMail gives the console the magic-link service of the server (sign-in
// links); without it no sign-in link is sent.
func (c *Console) UseMail(links *magiclink.Service) { c.links = &signinMail{links: links} }

// WaitMail waits for the sign-in links being sent; the server's Close
// calls it, so a stopping server finishes them before closing the
// database.
func (c *Console) WaitMail() {
	c.background.Wait()
	if c.links != nil {
		c.links.wg.Wait()
	}
}

// signinEmail mails a sign-in link when the address is an admin's, and
// answers the same page either way: the form never tells whether an
// address has an account.
func (c *Console) signinEmail(w http.ResponseWriter, r *http.Request) {
	if !c.preForm(w, r) {
		return
	}
	email := strings.ToLower(strings.TrimSpace(r.PostFormValue("email")))
	if !c.linkAllowed(w, r, email, "sign-in links") {
		return
	}
	c.sendSigninLink(r.Context(), email)
	c.message(w, r, http.StatusOK, "Check your inbox",
		"If "+email+" belongs to a console admin, a sign-in link is on its way. It works once, within "+
			"15 minutes. Nothing arrived? Check the address and your spam folder, or sign in with your passkey.")
}

// linkAllowed counts a link (a sign-in or a sign-up link: what names
// them on the pages) asked for email from the client's address against
// the caps, and answers 429 when one is spent. Both kinds count on the
// same counters: together they cannot send more. A counter that cannot
// be reached sends nothing (a mail cap does not fail open).
func (c *Console) linkAllowed(w http.ResponseWriter, r *http.Request, email, what string) bool {
	if c.limiter == nil {
		return true
	}
	ctx := r.Context()
	d, err := c.limiter.SlidingClient(ctx, "console-mail", clientIP(r), linksPerClient)
	if err == nil && d.Allowed {
		to := sha256.Sum256([]byte(email))
		d, err = c.limiter.Sliding(ctx, "console-mail-to:"+hex.EncodeToString(to[:16]), linksPerRecipient...)
	}
	switch {
	case err != nil:
		c.o.Logger.WarnContext(ctx, "console: sign-in link caps unavailable; no link sent", "err", err)
		c.message(w, r, http.StatusServiceUnavailable, "Try again in a moment",
			"The console cannot send "+what+" right now. Try again in a moment.")
		return false
	case !d.Allowed:
		for k, vs := range d.Header() {
			w.Header()[k] = vs
		}
		c.message(w, r, http.StatusTooManyRequests, "Too many "+what,
			"Too many "+what+" or other console e-mails were asked for this address, or from your network. "+
				"Use a link already sent, or wait a while before asking again.")
		return false
	}
	return true
}

// sendSigninLink looks email up and, when it is an admin's whose
// organization allows magic links, sends the link in the background; a
// failure is logged, never shown (an error would tell that the address
// exists, a different answer that its organization is passkey-only).
func (c *Console) sendSigninLink(ctx context.Context, email string) {
	admin, err := c.o.Orgs.MagicLinkAdmin(ctx, email)
	if err != nil {
		c.o.Logger.WarnContext(ctx, "console: sign-in link not sent", "err", err)
		return
	}
	if admin != nil && c.links != nil {
		c.links.wg.Add(1)
		go c.mailLink(context.WithoutCancel(ctx), admin)
	}
}

// mailLink sends admin a sign-in link; everything but the lookup happens
// here, off the request.
func (c *Console) mailLink(ctx context.Context, admin *orgs.Admin) {
	defer c.links.wg.Done()
	ctx, cancel := context.WithTimeout(ctx, sendTimeout)
	defer cancel()
	app, err := c.app(ctx)
	if err != nil {
		c.o.Logger.WarnContext(ctx, "console: sign-in link not sent", "err", err)
		return
	}
	ttl := int64(MagicLinkTTL / time.Second)
	err = c.links.links.Send(events.WithActor(ctx, actor), magiclink.App{Enabled: true, Site: consoleSite,
		// The recipient is an admin of the console's application: the
		// "admin addresses only" rule of young applications lets it through.
		Sender: quota.Sender{Tenant: app.ID, CreatedAt: app.CreatedAt, AdminEmails: []string{admin.Email},
			MonthlyQuota: mailQuota}},
		magiclink.Request{EmailAddress: admin.Email, UserID: admin.ID, TimeToLive: &ttl,
			URLTemplate: c.origin + "/console/signin/link?token=" + magiclink.TokenPlaceholder})
	if err != nil {
		c.o.Logger.WarnContext(ctx, "console: sign-in link not sent", "err", err)
	}
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
		err = c.startSession(ctx, w, r, adminID, orgs.ByMagicLink)
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
	if ok, err := c.o.Orgs.MagicLinksAllowed(ctx, admin); !ok {
		return "", orElse(err, c.o.Orgs.SigninFailed(ctx, admin.ID, orgs.ByMagicLink,
			"the organization signs in with passkeys only."))
	}
	used, err := c.o.Orgs.UseSigninLink(ctx, v.TokenID, v.ExpiresAt)
	if err == nil && !used {
		err = c.o.Orgs.SigninFailed(ctx, admin.ID, orgs.ByMagicLink, "the link was used already.")
	}
	if err != nil || !used {
		return "", err
	}
	return admin.ID, nil
}
