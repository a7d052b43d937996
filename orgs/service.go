// Package orgs owns the admin console's organizations: organizations and
// the applications they own, their admins and roles, invitations, setup
// links, magic sign-in links used, and admin sessions. Its rules (the last
// owner stays, an address belongs to one organization, links are signed
// and single-use) and the audit events of every change live here, in the
// change's transaction; the console's pages, the CLI and the server's jobs
// all call this service.
//
// Every event of an organization is in the event log of the console's own
// application, with "org:<id>" as the subject, naming the admin who acted.
package orgs

import (
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"errors"
	"log/slog"
	"net/url"
	"strings"
	"sync"
	"time"

	"passwordless/events"
	"passwordless/mail"
	"passwordless/migrations"
	"passwordless/storage"
	"passwordless/tenants"
)

// Roles of an admin: an owner manages the organization's admins and the
// organization itself; every admin manages its applications.
const (
	RoleOwner = "owner"
	RoleAdmin = "admin"
)

// DefaultPublicURL is the console's address when PublicURL is blank (the
// command line's default PUBLIC_URL).
const DefaultPublicURL = "http://localhost:8080"

// PublicURL is the server's public address the console runs under:
// publicURL, or DefaultPublicURL when blank, without a trailing slash.
// Whatever links to console pages (setup links, invitations, the webhooks
// notice) builds on it.
func PublicURL(publicURL string) string {
	if publicURL == "" {
		publicURL = DefaultPublicURL
	}
	return strings.TrimRight(publicURL, "/")
}

// Users deletes an admin's console passkeys and counts an application's
// users for its usage (passkeys.Service).
type Users interface {
	DeleteUser(ctx context.Context, tenant, userID string) error
	CountUsers(ctx context.Context, tenant string) (int64, error)
}

// Options are what the service needs from the assembled server.
type Options struct {
	DB       *storage.DB
	Tenants  *tenants.Service
	Users    Users
	EventLog events.Recorder
	// PublicURL is where browsers reach the console: the base of setup
	// and invitation links.
	PublicURL string
	// Secret signs setup and invitation links (the token secret).
	Secret []byte
	// Limits bound each organization's invitations and applications
	// (unset ones take their defaults).
	Limits Limits
	Now    func() time.Time
	Logger *slog.Logger
}

// Service manages organizations; build it with New.
type Service struct {
	o      Options
	store  *store
	key    []byte
	origin string
	mail   *mail.Queue
	mu     sync.Mutex
	appID  string
	emails EmailCount
}

// New returns the service without touching the database.
func New(o Options) (*Service, error) {
	o.PublicURL = PublicURL(o.PublicURL)
	u, err := url.Parse(o.PublicURL)
	if err != nil || u.Host == "" {
		return nil, errors.New("orgs: PublicURL must be an absolute URL")
	}
	if len(o.Secret) == 0 {
		return nil, errors.New("orgs: Secret is required")
	}
	if o.Now == nil {
		o.Now = time.Now
	}
	if o.Logger == nil {
		o.Logger = slog.Default()
	}
	o.Limits = o.Limits.withDefaults()
	return &Service{o: o, store: &store{db: o.DB.Gorm, postgres: o.DB.Dialect == migrations.Postgres},
		key: LinkKey(o.Secret), origin: u.Scheme + "://" + u.Host}, nil
}

// LinkKey is the key the console derives from the token secret: it signs
// setup and invitation links here and the CSRF tokens of the console.
func LinkKey(secret []byte) []byte {
	mac := hmac.New(sha256.New, secret)
	mac.Write([]byte("passwordless console"))
	return mac.Sum(nil)
}

// UseMail gives the service the mail queue invitations go through;
// without one, an invitation is refused as not sent.
func (s *Service) UseMail(q *mail.Queue) {
	s.mail = q
	if q != nil {
		q.Handle(inviteMail, s.renderInvite)
		q.Handle(signupMail, s.renderSignup)
	}
}

// now is the service's clock in UTC.
func (s *Service) now() time.Time { return s.o.Now().UTC() }

// orgEvent records an event of organization orgID in the console
// application's log; it joins the transaction ctx carries.
func (s *Service) orgEvent(ctx context.Context, orgID string, typ events.Type, msg string) error {
	app, err := s.consoleApp(ctx)
	if err != nil {
		return err
	}
	return s.o.EventLog.Record(ctx, events.About(app, Subject(orgID), typ, msg))
}

// Subject is the event-log subject of organization orgID.
func Subject(orgID string) string { return "org:" + orgID }

// orElse is err when there is one, else fallback: a storage failure is
// reported as such, not as the caller's mistake.
func orElse(err, fallback error) error {
	if err != nil {
		return err
	}
	return fallback
}
