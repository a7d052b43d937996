package console

import (
	"context"
	"errors"
	"net/http"
	"strings"

	"passwordless/orgs"
)

// Self sign-up from the sign-in page: a form (organization name, e-mail
// address) asks orgs for a sign-up link, mailed through the mail queue;
// the link shows a button whose POST creates the organization with the
// address as owner, signs them in and sends them to their profile to add
// a passkey. The rules (the off switch, single use, the known address
// that gets no link) are orgs'; the caps per recipient and per client
// address are the sign-in links' (linkAllowed), counted on the same
// counters, so the two forms together cannot send more. When the
// operator turned sign-up off, every route here is not found.

func (c *Console) signupRoutes(m *routeMux) {
	m.HandleFunc("GET /console/signup", c.signupPage)
	m.HandleFunc("POST /console/signup", c.signupRequest)
	m.HandleFunc("GET /console/signup/verify", c.signupLinkPage)
	m.HandleFunc("POST /console/signup/verify", c.signupComplete)
}

// signupForm is what the sign-up form shows back.
type signupForm struct {
	Org, Email string
}

func (c *Console) signupPage(w http.ResponseWriter, r *http.Request) {
	if !c.o.Orgs.SignupOpen() {
		c.notFound(w, r)
		return
	}
	c.showSignup(w, r, http.StatusOK, signupForm{}, "")
}

func (c *Console) showSignup(w http.ResponseWriter, r *http.Request, status int, f signupForm, errText string) {
	c.render(w, r, status, "signup", view{Title: "Create an organization", CSRF: c.csrf("pre", c.preToken(w, r)),
		Error: errText, Data: f})
}

// signupRequest mails a sign-up link, and answers the same page whether
// or not the address is an admin's already.
func (c *Console) signupRequest(w http.ResponseWriter, r *http.Request) {
	if !c.o.Orgs.SignupOpen() {
		c.notFound(w, r)
		return
	}
	if !c.preForm(w, r) {
		return
	}
	f := signupForm{Org: strings.TrimSpace(r.PostFormValue("org")),
		Email: strings.ToLower(strings.TrimSpace(r.PostFormValue("email")))}
	if err := orgs.ValidOwner(f.Org, f.Email); err != nil {
		status, text := c.sentence(r, err)
		c.showSignup(w, r, status, f, text)
		return
	}
	if !c.linkAllowed(w, r, f.Email, "sign-up links") {
		return
	}
	mailID, err := c.o.Orgs.RequestSignup(r.Context(), f.Org, f.Email)
	if err != nil {
		c.fail(w, r, err)
		return
	}
	c.deliverSignup(r.Context(), mailID)
	c.message(w, r, http.StatusOK, "Check your inbox",
		"If "+f.Email+" can create an organization, a link to confirm it is on its way. It works once, within "+
			"30 minutes. Nothing arrived? Check the address and your spam folder. Already an admin? Sign in instead.")
}

// deliverSignup sends the queued sign-up mail off the request, so the
// form answers in the same time whether or not a mail goes out.
func (c *Console) deliverSignup(ctx context.Context, mailID string) {
	if mailID == "" {
		return
	}
	c.background.Add(1)
	go func() {
		defer c.background.Done()
		ctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), sendTimeout)
		defer cancel()
		c.o.Orgs.DeliverSignup(ctx, mailID)
	}()
}

// signupLinkPage shows the button that creates the organization. Opening
// the link changes nothing: mail scanners that fetch links do not use it.
func (c *Console) signupLinkPage(w http.ResponseWriter, r *http.Request) {
	if !c.o.Orgs.SignupOpen() {
		c.notFound(w, r)
		return
	}
	token := r.URL.Query().Get("token")
	open, err := c.o.Orgs.SignupLinkOpen(r.Context(), token)
	if err != nil {
		c.fail(w, r, err)
		return
	}
	if !open {
		c.signupLinkGone(w, r)
		return
	}
	c.render(w, r, http.StatusOK, "signupverify", view{Title: "Create your organization",
		CSRF: c.csrf("pre", c.preToken(w, r)), Data: token})
}

func (c *Console) signupLinkGone(w http.ResponseWriter, r *http.Request) {
	c.message(w, r, http.StatusGone, "Sign-up link not valid",
		"This sign-up link has expired or was used already. Create the organization again from the sign-in page.")
}

// signupComplete creates the organization of a sign-up link, once, signs
// its owner in and sends them to add a passkey.
func (c *Console) signupComplete(w http.ResponseWriter, r *http.Request) {
	if !c.o.Orgs.SignupOpen() {
		c.notFound(w, r)
		return
	}
	if !c.preForm(w, r) {
		return
	}
	admin, err := c.o.Orgs.CompleteSignup(r.Context(), r.PostFormValue("token"))
	if errors.Is(err, orgs.ErrSignupLinkInvalid) {
		c.signupLinkGone(w, r)
		return
	}
	if errors.Is(err, orgs.ErrAdminExists) {
		c.message(w, r, http.StatusConflict, "Already an admin",
			"An admin with this e-mail address exists already (an admin belongs to one organization). Sign in instead.")
		return
	}
	if err == nil {
		err = c.startSession(r.Context(), w, r, admin.ID, orgs.BySignupLink)
	}
	if err != nil {
		c.fail(w, r, err)
		return
	}
	_ = done(w, r, "/console/profile", "signed-up")
}

// signupShown reports whether the sign-in page offers sign-up.
func (c *Console) signupShown() bool { return c.o.Orgs.SignupOpen() }
