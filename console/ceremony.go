package console

import (
	"context"
	"encoding/base64"
	"encoding/json"
	"mime"
	"net/http"
	"strings"
	"unicode/utf8"

	"passwordless/orgs"
	"passwordless/passkeys"
	"passwordless/problems"
)

// The passkey ceremonies of the setup and sign-in pages. console.js posts
// JSON here with the page's CSRF token in X-CSRF-Token; the console runs
// the same passkeys.Service calls a customer's backend and browser client
// make over HTTP, in-process, on its own application.

// pre checks a ceremony call before sign-in: JSON, the CSRF token of the
// browser's pre-sign-in cookie, and the per-address limit.
func (c *Console) pre(h http.HandlerFunc) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		if c.jsonCall(w, r, "pre", c.cookie(r, preCookie)) {
			h(w, r)
		}
	}
}

// jsonCall checks what every call of console.js carries (JSON, the CSRF
// token of the cookie in X-CSRF-Token), counts it against the
// per-address limit and caps its body; false when it answered already.
func (c *Console) jsonCall(w http.ResponseWriter, r *http.Request, kind, cookie string) bool {
	mt, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type"))
	if mt != "application/json" || !c.csrfValid(kind, cookie, r.Header.Get("X-CSRF-Token")) {
		writeJSON(w, http.StatusForbidden, map[string]string{
			"error": "This page is out of date or did not come from the console. Reload it and try again."})
		return false
	}
	if !c.allowed(w, r) {
		return false
	}
	r.Body = http.MaxBytesReader(w, r.Body, maxForm)
	return true
}

// allowed counts a ceremony call of the client address and refuses it
// (429, Retry-After) when the address spent its limit.
func (c *Console) allowed(w http.ResponseWriter, r *http.Request) bool {
	if c.spend(w, r) {
		return true
	}
	writeJSON(w, http.StatusTooManyRequests, map[string]string{"error": "Too many attempts from your address. Wait a minute and try again."})
	return false
}

// spend counts a call of the client address; false (with the Retry-After
// headers set) when the address spent its limit. A counter that cannot be
// reached lets the call through, as on the API.
func (c *Console) spend(w http.ResponseWriter, r *http.Request) bool {
	if c.limiter == nil {
		return true
	}
	// The console's own counter per address, at the API's per-address
	// rate: signing in to the console never spends the budget of an
	// application's users behind the same address, nor the other way.
	d, err := c.limiter.ClientIP(r.Context(), "console:"+clientIP(r))
	if err != nil {
		c.o.Logger.WarnContext(r.Context(), "console: rate limit unavailable; request allowed", "err", err)
		return true
	}
	if d.Allowed {
		return true
	}
	for k, vs := range d.Header() {
		w.Header()[k] = vs
	}
	return false
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(v)
}

// jsonError answers a ceremony call with a human sentence.
func (c *Console) jsonError(w http.ResponseWriter, r *http.Request, err error) {
	status, text := c.sentence(r, err)
	writeJSON(w, status, map[string]string{"error": text})
}

// begun is a begin call's answer: the options for navigator.credentials
// and the ceremony's session.
type begun struct {
	Options any    `json:"options"`
	Session string `json:"session"`
}

// ceremonyIn is every field a ceremony call may send.
type ceremonyIn struct {
	Token    string          `json:"token"`
	Org      string          `json:"org"`
	Email    string          `json:"email"`
	Session  string          `json:"session"`
	Response json.RawMessage `json:"response"`
}

func decode(r *http.Request) (ceremonyIn, error) {
	var in ceremonyIn
	if err := json.NewDecoder(r.Body).Decode(&in); err != nil {
		return in, problems.Titled(problems.InvalidArgument, "The request could not be read.")
	}
	in.Email = strings.ToLower(strings.TrimSpace(in.Email))
	in.Org = strings.TrimSpace(in.Org)
	return in, nil
}

func (c *Console) setupPage(w http.ResponseWriter, r *http.Request) {
	token := r.URL.Query().Get("token")
	open, err := c.o.Orgs.SetupLinkOpen(r.Context(), token)
	if err != nil {
		c.fail(w, r, err)
		return
	}
	if !open {
		c.message(w, r, http.StatusGone, "Setup link not valid",
			"This setup link has expired or was used already. Ask whoever runs this service for a new one, or "+
				"create an organization from the sign-in page.")
		return
	}
	c.render(w, r, http.StatusOK, "setup", view{Title: "Set up the console", CSRF: c.csrf("pre", c.preToken(w, r)),
		Data: token})
}

// orElse is err when there is one, else fallback: a storage failure is
// reported as such, not as the caller's mistake.
func orElse(err, fallback error) error {
	if err != nil {
		return err
	}
	return fallback
}

// setupBegin starts the registration of the first admin's passkey; the
// organization and the admin are created by setupComplete.
func (c *Console) setupBegin(w http.ResponseWriter, r *http.Request) {
	in, err := decode(r)
	var out *begun
	if err == nil {
		out, err = c.beginSetup(r.Context(), in)
	}
	if err != nil {
		c.jsonError(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, out)
}

func (c *Console) beginSetup(ctx context.Context, in ceremonyIn) (*begun, error) {
	adminID, err := c.o.Orgs.BeginSetup(ctx, in.Token, in.Org, in.Email)
	if err != nil {
		return nil, err
	}
	return c.beginNewAdmin(ctx, in.Email, adminID)
}

// beginNewAdmin starts the registration of new admin adminID's first
// passkey, with email as its alias.
func (c *Console) beginNewAdmin(ctx context.Context, email, adminID string) (*begun, error) {
	app, err := c.app(ctx)
	if err != nil {
		return nil, err
	}
	token, err := c.o.Passkeys.RegisterToken(ctx, app, passkeys.RegisterRequest{UserID: adminID, Username: email,
		DisplayName: email, Aliases: []string{email}})
	if err != nil {
		return nil, err
	}
	b, err := c.o.Passkeys.BeginRegistration(ctx, app, passkeys.BeginRegistrationRequest{Token: token,
		RPID: c.rpID, Origin: c.origin})
	if err != nil {
		return nil, err
	}
	return &begun{Options: b.Data, Session: b.Session}, nil
}

// setupComplete stores the passkey, uses up the link and creates the
// organization and its owner, all in one transaction, then signs the
// owner in.
func (c *Console) setupComplete(w http.ResponseWriter, r *http.Request) {
	c.finish(w, r, func(ctx context.Context, in ceremonyIn) (string, error) {
		admin, err := c.o.Orgs.CompleteSetup(ctx, in.Token, c.registration(r, in))
		if err != nil {
			return "", err
		}
		return admin.ID, nil
	})
}

// finish runs a ceremony's completion and signs the admin it names in.
func (c *Console) finish(w http.ResponseWriter, r *http.Request, complete func(ctx context.Context, in ceremonyIn) (string, error)) {
	in, err := decode(r)
	var adminID string
	if err == nil {
		adminID, err = complete(r.Context(), in)
	}
	if err == nil {
		err = c.startSession(r.Context(), w, r, adminID, orgs.ByPasskey)
	}
	if err != nil {
		c.jsonError(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, map[string]string{"redirect": "/console/apps"})
}

// registration completes a new admin's passkey registration (orgs runs it
// in the transaction that adds the admin) and returns the user id the
// verify token names, as a backend would check it.
func (c *Console) registration(r *http.Request, in ceremonyIn) orgs.Registration {
	return func(ctx context.Context) (string, error) {
		app, err := c.app(ctx)
		if err != nil {
			return "", err
		}
		nickname := "Console"
		done, err := c.o.Passkeys.CompleteRegistration(ctx, app, passkeys.CompleteRegistrationRequest{Session: in.Session,
			Response: in.Response, Nickname: &nickname, RPID: c.rpID, Origin: c.origin, UserAgent: r.UserAgent()})
		if err != nil {
			return "", err
		}
		v, err := c.o.Passkeys.Verify(ctx, app, done.Token)
		if err != nil {
			return "", err
		}
		return v.UserID, nil
	}
}

// signinData is the sign-in page's: whether it offers sign-up.
type signinData struct{ Signup bool }

func (c *Console) signinPage(w http.ResponseWriter, r *http.Request) {
	c.render(w, r, http.StatusOK, "signin", view{Title: "Sign in", CSRF: c.csrf("pre", c.preToken(w, r)),
		Data: signinData{Signup: c.signupShown()}})
}

// signinBegin starts a sign-in: by e-mail alias when one is given, else
// discoverable (the browser offers the passkeys it holds for the console).
func (c *Console) signinBegin(w http.ResponseWriter, r *http.Request) {
	in, err := decode(r)
	if err != nil {
		c.jsonError(w, r, err)
		return
	}
	app, err := c.app(r.Context())
	if err != nil {
		c.jsonError(w, r, err)
		return
	}
	b, err := c.o.Passkeys.BeginSignin(r.Context(), app, passkeys.BeginSigninRequest{Alias: in.Email,
		RPID: c.rpID, Origin: c.origin})
	if err != nil {
		c.jsonError(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, begun{Options: b.Data, Session: b.Session})
}

// signinComplete verifies the assertion, checks the verify token like a
// backend would, and signs the admin in with a fresh session.
func (c *Console) signinComplete(w http.ResponseWriter, r *http.Request) {
	c.finish(w, r, func(ctx context.Context, in ceremonyIn) (string, error) { return c.completeSignin(ctx, r, in) })
}

func (c *Console) completeSignin(ctx context.Context, r *http.Request, in ceremonyIn) (string, error) {
	app, err := c.app(ctx)
	if err != nil {
		return "", err
	}
	// Who is signing in, known before the ceremony consumes its session
	// when it began with the admin's address, else from the assertion's
	// user handle (the user id): a refusal is logged for their organization.
	who, _, err := c.o.Passkeys.SessionFacts(ctx, app.ID, "signin", in.Session)
	if err != nil {
		return "", err
	}
	if who == "" {
		who = userHandle(in.Response)
	}
	done, err := c.o.Passkeys.CompleteSignin(ctx, app, passkeys.CompleteSigninRequest{Session: in.Session,
		Response: in.Response, RPID: c.rpID, Origin: c.origin, UserAgent: r.UserAgent()})
	if err != nil {
		if who != "" && problems.From(err).StatusCode() < http.StatusInternalServerError {
			_, text := c.sentence(r, err)
			err = orElse(c.o.Orgs.SigninFailed(ctx, who, orgs.ByPasskey, text), err)
		}
		return "", err
	}
	v, err := c.o.Passkeys.Verify(ctx, app, done.Token)
	if err != nil {
		return "", err
	}
	admin, err := c.o.Orgs.Admin(ctx, v.UserID)
	if err != nil || admin == nil {
		return "", orElse(err, orgs.ErrNotAdmin)
	}
	return admin.ID, nil
}

// userHandle is the user handle of an assertion (the user id, UTF-8), ""
// when it carries none or cannot be read.
func userHandle(response json.RawMessage) string {
	var a struct {
		Response struct {
			UserHandle string `json:"userHandle"`
		} `json:"response"`
	}
	if json.Unmarshal(response, &a) != nil {
		return ""
	}
	id, err := base64.RawURLEncoding.DecodeString(strings.TrimRight(a.Response.UserHandle, "="))
	if err != nil || !utf8.Valid(id) {
		return ""
	}
	return string(id)
}
