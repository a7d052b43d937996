// Package console is the admin console: server-rendered pages under
// /console where the admins of an organization sign in with passkeys and
// manage their applications. The console is itself an application of this
// server: it runs its passkey ceremonies in-process through passkeys.Service
// and changes applications through tenants.Service with the signed-in admin
// as the actor, so it never holds the management key and every change is
// in the application's event log. Organizations, admins, invitations,
// setup links and sessions are orgs.Service's: the handlers here decode,
// call it and render.
package console

import (
	"context"
	"embed"
	"errors"
	"log/slog"
	"net"
	"net/http"
	"net/url"
	"sync"
	"time"

	"passwordless/authenticators"
	"passwordless/diagnostics"
	"passwordless/events"
	"passwordless/orgs"
	"passwordless/passkeys"
	"passwordless/quota"
	"passwordless/tenants"
	"passwordless/webhooks"
)

//go:embed templates/*.html assets/*
var files embed.FS

// Options are what the console needs from the assembled server.
type Options struct {
	// Orgs owns the organizations, admins, invitations, setup links and
	// sessions the pages show and change.
	Orgs     *orgs.Service
	Tenants  *tenants.Service
	Passkeys *passkeys.Service
	EventLog *events.Log
	// Authenticators, Reports and Diagnostics back the application pages
	// of the allow/deny list, the charts and the passkey-health funnel;
	// Diagnostics also classifies the console's own failed ceremonies.
	Authenticators *authenticators.Service
	Reports        *events.Reports
	Diagnostics    *diagnostics.Service
	// Segments backs the health page's KPIs per platform, browser and
	// provider (GET /diagnostics/summary's answer).
	Segments *diagnostics.Segments
	// Webhooks backs the application's webhooks page.
	Webhooks *webhooks.Service
	// APIURL is the API's base URL in the SDK snippets (PublicURL when blank).
	APIURL string
	// PublicURL is where browsers reach the server: the console's WebAuthn
	// origin and relying party id, and the base of setup links.
	PublicURL string
	// Secret signs setup links and derives CSRF tokens (the token secret).
	Secret []byte
	Now    func() time.Time
	Logger *slog.Logger
}

// Console serves the pages; build it with New.
type Console struct {
	o      Options
	key    []byte
	origin string
	rpID   string
	// secure is true on https: cookies are __Host- prefixed and Secure.
	secure bool
	appID  string
	// limiter counts the ceremony calls per client address (nil: none).
	limiter *quota.RateLimiter
	mux     *http.ServeMux
	// patterns are the routes of mux, in registration order.
	patterns []string
	pages    *pages
	// links sends magic sign-in links (UseMail).
	links *signinMail
	// background counts the sign-up mails being sent off the request.
	background sync.WaitGroup
}

// New builds the console without touching the database; Start creates its
// application on first start.
func New(o Options) (*Console, error) {
	o.PublicURL = orgs.PublicURL(o.PublicURL)
	u, err := url.Parse(o.PublicURL)
	if err != nil || u.Host == "" {
		return nil, errors.New("console: PublicURL must be an absolute URL")
	}
	if len(o.Secret) == 0 {
		return nil, errors.New("console: Secret is required")
	}
	if o.APIURL == "" {
		o.APIURL = o.PublicURL
	}
	if o.Now == nil {
		o.Now = time.Now
	}
	if o.Logger == nil {
		o.Logger = slog.Default()
	}
	p, err := loadPages()
	if err != nil {
		return nil, err
	}
	c := &Console{o: o, key: orgs.LinkKey(o.Secret), origin: u.Scheme + "://" + u.Host,
		rpID: u.Hostname(), secure: u.Scheme == "https", pages: p}
	c.routes()
	return c, nil
}

// Start makes sure the console's own application exists and, while no
// admin exists, logs a setup link. limiter, when not nil, counts the
// ceremony calls (setup, sign-in) per client address, as the API's public
// ceremony endpoints are counted.
func (c *Console) Start(ctx context.Context, limiter *quota.RateLimiter) error {
	id, err := c.o.Orgs.EnsureApp(ctx)
	if err != nil {
		return err
	}
	c.appID, c.limiter = id, limiter
	if !c.secure && !isLoopback(c.rpID) {
		c.o.Logger.Warn("console: PUBLIC_URL is plain http on a non-loopback host; sessions use the dev cookie without Secure")
	}
	has, err := c.o.Orgs.HasAdmins(ctx)
	if err != nil || has {
		return err
	}
	link, err := c.o.Orgs.SetupLink(ctx)
	if err != nil {
		return err
	}
	c.o.Logger.Info("console: no admin yet; open this one-time setup link within an hour", "setupUrl", link)
	return nil
}

func isLoopback(host string) bool {
	if host == "localhost" {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

// ServeHTTP serves /console and everything under it.
func (c *Console) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	h := w.Header()
	h.Set("Content-Security-Policy", "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "+
		"object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'")
	h.Set("Referrer-Policy", "same-origin")
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("X-Frame-Options", "DENY")
	h.Set("Cache-Control", "no-store")
	if !c.cleanInput(w, r) {
		return
	}
	c.mux.ServeHTTP(w, r)
}

// AppID is the id of the console's own application (after Start).
func (c *Console) AppID() string { return c.appID }

type clientIPKey struct{}

// WithClientIP returns ctx carrying the client address of the request, as
// the router worked it out (trusted proxies); without one the console uses
// the connection's address.
func WithClientIP(ctx context.Context, ip string) context.Context {
	return context.WithValue(ctx, clientIPKey{}, ip)
}

func clientIP(r *http.Request) string {
	if ip, ok := r.Context().Value(clientIPKey{}).(string); ok && ip != "" {
		return ip
	}
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		return r.RemoteAddr
	}
	return host
}

// app returns the console's application.
func (c *Console) app(ctx context.Context) (*tenants.App, error) {
	if c.appID == "" {
		return nil, errors.New("console: not started")
	}
	app, err := c.o.Tenants.App(ctx, c.appID)
	if err == nil && app == nil {
		err = errors.New("console: its application " + c.appID + " is gone")
	}
	return app, err
}
