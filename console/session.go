package console

import (
	"context"
	"crypto/hmac"
	"net/http"
	"time"

	"passwordless/internal/randtoken"
	"passwordless/orgs"
)

// Cookie names. On https they carry the __Host- prefix (Secure, path /, no
// domain: only this origin can set them); on plain http (local
// development) browsers refuse Secure cookies, so the names lose the
// prefix and the cookies lose Secure.
const (
	sessionCookie = "console-session"
	preCookie     = "console-pre"
)

// signedIn is the admin of a request and their session.
type signedIn struct {
	admin *orgs.Admin
	org   *orgs.Org
	token string
}

func (c *Console) cookieName(base string) string {
	if c.secure {
		return "__Host-" + base
	}
	return base
}

func (c *Console) setCookie(w http.ResponseWriter, base, value string, maxAge int) {
	http.SetCookie(w, &http.Cookie{Name: c.cookieName(base), Value: value, Path: "/", HttpOnly: true,
		Secure: c.secure, SameSite: http.SameSiteStrictMode, MaxAge: maxAge})
}

func (c *Console) cookie(r *http.Request, base string) string {
	ck, err := r.Cookie(c.cookieName(base))
	if err != nil {
		return ""
	}
	return ck.Value
}

// current returns the signed-in admin of r, nil when there is none or the
// session timed out.
func (c *Console) current(r *http.Request) (*signedIn, error) {
	token := c.cookie(r, sessionCookie)
	if token == "" {
		return nil, nil
	}
	admin, org, err := c.o.Orgs.Session(r.Context(), token)
	if err != nil || admin == nil {
		return nil, err
	}
	return &signedIn{admin: admin, org: org, token: token}, nil
}

// startSession signs adminID in (how: orgs.ByPasskey or orgs.ByMagicLink)
// with a new session token, ending the browser's session before
// (rotation).
func (c *Console) startSession(ctx context.Context, w http.ResponseWriter, r *http.Request, adminID, how string) error {
	token, err := c.o.Orgs.StartSession(ctx, c.cookie(r, sessionCookie), adminID, how)
	if err != nil {
		return err
	}
	c.setCookie(w, sessionCookie, token, int(orgs.AbsoluteTimeout/time.Second))
	return nil
}

// endSession signs the browser out.
func (c *Console) endSession(ctx context.Context, w http.ResponseWriter, r *http.Request) error {
	c.setCookie(w, sessionCookie, "", -1)
	if token := c.cookie(r, sessionCookie); token != "" {
		return c.o.Orgs.EndSession(ctx, token)
	}
	return nil
}

// csrf is the CSRF token of a session (or pre-sign-in) cookie value: a MAC
// of it, so it needs no storage and is useless without the cookie.
func (c *Console) csrf(kind, cookie string) string { return c.mac("csrf-"+kind, cookie) }

func (c *Console) csrfValid(kind, cookie, got string) bool {
	return cookie != "" && got != "" && hmac.Equal([]byte(got), []byte(c.csrf(kind, cookie)))
}

// preToken returns the pre-sign-in cookie (setting one when missing): the
// setup and sign-in pages' JSON calls carry its CSRF token.
func (c *Console) preToken(w http.ResponseWriter, r *http.Request) string {
	if v := c.cookie(r, preCookie); v != "" {
		return v
	}
	v := randtoken.URL(32)
	c.setCookie(w, preCookie, v, 0)
	return v
}
