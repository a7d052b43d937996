// Package server assembles every service and the HTTP router from a Config.
// cmd/passwordless and the tests both build the server here, so tests run
// the production wiring.
package server

import (
	"context"
	"errors"
	"log/slog"
	"net/http"
	"sync/atomic"
	"time"

	"go.opentelemetry.io/otel/trace"

	"passwordless/api"
	"passwordless/authenticators"
	"passwordless/console"
	"passwordless/diagnostics"
	"passwordless/events"
	"passwordless/magiclink"
	"passwordless/mail"
	"passwordless/metrics"
	"passwordless/orgs"
	"passwordless/passkeys"
	"passwordless/quota"
	"passwordless/storage"
	"passwordless/tenants"
	"passwordless/tokens"
	"passwordless/tracelog"
	"passwordless/tracing"
	"passwordless/webhooks"
)

// Config is everything the server needs, already parsed and validated.
type Config struct {
	// DB is an open, migrated database. When nil, DatabaseURL is opened.
	DB          *storage.DB
	DatabaseURL string
	// DatabaseReplicaURL, when set, is a read replica of the database that
	// serves the reporting and list reads (storage.Replica).
	DatabaseReplicaURL string
	// Redis, when set, holds ceremony sessions, rate limits and quotas and
	// carries cache invalidations between instances; nil = in-process.
	Redis         storage.Redis
	ManagementKey string
	TokenSecret   []byte
	PublicURL     string
	DataDir       string
	SMTPURL       string
	MailFrom      string
	Version       string
	Logger        *slog.Logger
	// Clock is the time source of every service; tests move it.
	Clock func() time.Time
	// Pprof serves net/http/pprof under /debug/pprof, behind the
	// management key (--pprof / PPROF=1); off by default.
	Pprof bool
	// MetadataPath names a FIDO metadata file (the MDS3 blob or its JSON
	// payload) for the authenticator lists and /mds; empty accepts any
	// well-formed AAGUID.
	MetadataPath string
	// RateLimits are the request rate limits; nil is quota.DefaultLimits()
	// and a zero Rate is unlimited.
	RateLimits *quota.Limits
	// MagicLinkNewAppTimeout is how long a new application may only mail
	// its admins; nil is 24 h, 0 turns the rule off (self-hosting).
	MagicLinkNewAppTimeout *time.Duration
	// TrustedProxies are the proxies whose forwarding headers give the
	// client address (rate limits, logs); empty trusts none.
	TrustedProxies []string
	// RedisKeyPrefix starts every quota and rate-limit key in Redis
	// (default "passwordless:"), so tests and deployments can share one.
	RedisKeyPrefix string
	// AccessLog is api.AccessLogSummary (default) or api.AccessLogAll
	// (ACCESS_LOG); AccessLogInterval the summary period (default 1 min).
	AccessLog         string
	AccessLogInterval time.Duration
	// Webhooks configures webhook delivery.
	Webhooks WebhookConfig
	// RequestTimeout is every request's deadline; 0 is 10 s.
	RequestTimeout time.Duration
	// Tracing exports spans over OTLP (OTEL_* variables); the zero value
	// is off. TracerProvider, when set, is used instead (tests).
	Tracing        tracing.Settings
	TracerProvider trace.TracerProvider
	// OrgLimits bound each console organization's invitations a day and
	// applications; zero values are the defaults (orgs.Limits).
	OrgLimits orgs.Limits
}

// Server is the assembled application.
type Server struct {
	// Handler serves everything: the console beside the API (mount.go);
	// API is the API's router alone.
	Handler http.Handler
	API     http.Handler
	DB      *storage.DB
	Tenants *tenants.Service
	Tokens  *tokens.Service
	// Passkeys runs the WebAuthn ceremonies and owns credentials.
	Passkeys *passkeys.Service
	Metrics  *metrics.Metrics
	// EventLog is the tenant event log; Reports the daily report rows.
	EventLog       *events.Log
	Reports        *events.Reports
	Authenticators *authenticators.Service
	MagicLinks     *magiclink.Service
	// MailQueue sends the mail transactions ask for, after they commit.
	MailQueue *mail.Queue
	// Diagnostics classifies reported client failures (issue 15).
	Diagnostics *diagnostics.Service
	// Segments counts ceremonies per segment and decides the passkey
	// offer (issue 21).
	Segments *diagnostics.Segments
	// Orgs owns the console's organizations, admins, invitations, setup
	// links and sessions; Console is the admin console served under
	// /console.
	Orgs    *orgs.Service
	Console *console.Console
	// Webhooks manages endpoints; its Recorder is every service's
	// events.Recorder, WebhookWorker delivers the outbox.
	Webhooks      *webhooks.Service
	WebhookWorker *webhooks.Worker
	recorder      events.Recorder
	mailer        mail.Mailer
	runWorker     bool
	jobsDone      chan struct{}
	bg            context.Context
	stop          context.CancelFunc
	ownDB         bool
	draining      atomic.Bool
	monitor       *monitor
	tracer        trace.TracerProvider // nil: tracing off
	stopTracing   func(context.Context) error
}

// Drain marks the server as shutting down: readiness (/health/storage)
// answers 503 and every response asks its client to close the connection.
func (s *Server) Drain() { s.draining.Store(true) }

// New opens what Config names and wires the services, the background jobs
// and the router. On failure everything already opened is closed again.
//
// The *Server results are unnamed: a failed return would set a named one
// to nil before the deferred Close runs (issue 16 repro 4 panicked so).
func New(ctx context.Context, cfg Config) (_ *Server, err error) {
	cfg = withDefaults(cfg)
	srv, err := open(ctx, cfg)
	if err != nil {
		return nil, err
	}
	defer func() {
		if err != nil {
			_ = srv.Close()
		}
	}()
	srv.monitor = newMonitor(srv.DB.Ping, srv.Metrics, cfg.Logger)
	backend := quotaBackend(cfg.Redis, cfg.RedisKeyPrefix, srv.DB)
	srv.limitWebhooks(cfg, backend)
	// The organization page's usage counts e-mails as the quota does.
	srv.Orgs.UseEmailCount(quota.NewEmails(backend, cfg.Clock, 0).Sent)
	srv.startJobs(srv.bg, cfg.Logger)
	if srv.MagicLinks, err = magicLinks(cfg, srv.Tokens, backend, srv.recorder, srv.mailer); err != nil {
		return nil, err
	}
	srv.Console.UseMail(srv.MagicLinks)
	limiter := rateLimiter(cfg, backend)
	// The console's application exists before the first request; its
	// ceremony calls count against the API's per-address limit.
	if err = srv.Console.Start(ctx, limiter); err != nil {
		return nil, err
	}
	srv.API = srv.router(cfg, limiter)
	if srv.Handler, err = srv.mount(cfg, srv.API); err != nil {
		return nil, err
	}
	return srv, nil
}

// Open opens what Config names and wires the domain services only: no
// jobs, no router. Commands of the CLI use it, so what they do goes
// through the same services (and audit trail) as the API.
func Open(ctx context.Context, cfg Config) (*Server, error) {
	return open(ctx, withDefaults(cfg))
}

func open(ctx context.Context, cfg Config) (_ *Server, err error) {
	if len(cfg.TokenSecret) == 0 {
		return nil, errors.New("server: TokenSecret is required")
	}
	srv := &Server{DB: cfg.DB}
	srv.bg, srv.stop = context.WithCancel(context.Background())
	defer func() {
		if err != nil {
			_ = srv.Close()
		}
	}()
	if srv.DB == nil {
		if srv.DB, err = storage.Open(ctx, cfg.DatabaseURL, cfg.Logger); err != nil {
			return nil, &DependencyError{Name: "database (DATABASE_URL)", Err: err}
		}
		srv.ownDB = true
	}
	if cfg.DatabaseReplicaURL != "" {
		if err := srv.DB.UseReplica(cfg.DatabaseReplicaURL); err != nil {
			return nil, &DependencyError{Name: "database replica (DATABASE_REPLICA_URL)", Err: err}
		}
	}
	if err := srv.startTracing(ctx, cfg); err != nil {
		return nil, err
	}
	if err := srv.wireServices(srv.bg, cfg); err != nil {
		return nil, err
	}
	return srv, nil
}

// withDefaults fills the optional fields: the default logger (wrapped so
// that every line logged with a request's context names its trace id) and
// the wall clock.
func withDefaults(cfg Config) Config {
	if cfg.Logger == nil {
		cfg.Logger = slog.Default()
	}
	cfg.Logger = slog.New(tracelog.Handler(cfg.Logger.Handler()))
	if cfg.Clock == nil {
		cfg.Clock = time.Now
	}
	return cfg
}

// wireServices builds the domain services over the open database.
func (srv *Server) wireServices(bg context.Context, cfg Config) error {
	srv.Metrics = metrics.New()
	if err := srv.DB.Gorm.Use(srv.Metrics.GormPlugin()); err != nil {
		return err
	}
	if cfg.Redis != nil {
		srv.Metrics.InstrumentRedis(cfg.Redis)
		storage.TranslateRedis(cfg.Redis)
	}
	// The event log reads each application's logging settings through the
	// tenants service, which records through the event log: the settings
	// are looked up late, once both exist.
	srv.EventLog = events.NewLog(events.NewStore(srv.DB), srv.eventSettings, cfg.Clock, cfg.Logger)
	if err := srv.wireWebhooks(cfg); err != nil {
		return err
	}
	srv.MailQueue = mail.NewQueue(srv.DB, srv.mailer, cfg.Clock, cfg.Logger)
	tok, err := tokens.New(tokens.NewStore(srv.DB), cfg.TokenSecret, cfg.Clock)
	if err != nil {
		return err
	}
	srv.Tokens = tok
	catalog, err := authenticators.LoadCatalog(cfg.MetadataPath)
	if err != nil {
		return err
	}
	srv.Authenticators = authenticators.NewService(srv.DB, catalog, cfg.Clock, srv.recorder)
	var sessions passkeys.SessionStore
	if cfg.Redis != nil {
		sessions = passkeys.NewRedisSessions(cfg.Redis, cfg.RedisKeyPrefix)
	}
	srv.Passkeys = passkeys.New(passkeys.Options{DB: srv.DB, Tokens: srv.Tokens, Sessions: sessions,
		Policy: srv.Authenticators, Now: cfg.Clock, Events: srv.recorder, DecoySecret: decoySecret(cfg.TokenSecret)})
	srv.Tenants = tenants.NewService(tenants.Options{DB: srv.DB, Redis: cfg.Redis, Now: cfg.Clock, Log: cfg.Logger,
		Events: srv.recorder, Credentials: srv.Passkeys, CountRejected: srv.Metrics.RejectedKey})
	srv.Tenants.Start(bg)
	srv.Authenticators.UsePlan(srv.attestationPlan)
	srv.Reports = events.NewReports(srv.DB, cfg.Clock)
	srv.Diagnostics = diagnostics.New(diagnostics.Options{Store: diagnostics.NewStore(srv.DB),
		Sessions: srv.Passkeys, Passkeys: srv.userPasskeys, Events: srv.recorder,
		Metrics: srv.Metrics, Now: cfg.Clock, Logger: cfg.Logger})
	srv.Segments = diagnostics.NewSegments(diagnostics.SegmentOptions{Store: diagnostics.NewSegmentStore(srv.DB),
		Metrics: srv.Metrics, Provider: srv.providerName, Sessions: srv.Passkeys, UserPasskeys: srv.decisionPasskeys,
		Now: cfg.Clock, Logger: cfg.Logger})
	if err := srv.wireOrgs(cfg); err != nil {
		return err
	}
	srv.Console, err = console.New(console.Options{Orgs: srv.Orgs, Tenants: srv.Tenants, Passkeys: srv.Passkeys,
		EventLog: srv.EventLog, Authenticators: srv.Authenticators, Reports: srv.Reports, Diagnostics: srv.Diagnostics,
		Segments: srv.Segments, Webhooks: srv.Webhooks, PublicURL: cfg.PublicURL, Secret: cfg.TokenSecret, Now: cfg.Clock, Logger: cfg.Logger})
	return err
}

// providerName names an authenticator model for the success rates.
func (srv *Server) providerName(aaguid string) string {
	return srv.Authenticators.Catalog().Provider(aaguid).Name
}

// wireOrgs builds the organizations service: its invitations go through
// the mail queue, and an application it owns that is deleted (from the
// console, the management API or the deletion job) is in its log.
func (srv *Server) wireOrgs(cfg Config) (err error) {
	srv.Orgs, err = orgs.New(orgs.Options{DB: srv.DB, Tenants: srv.Tenants, Users: srv.Passkeys, EventLog: srv.EventLog,
		PublicURL: cfg.PublicURL, Secret: cfg.TokenSecret, Now: cfg.Clock, Logger: cfg.Logger, Limits: cfg.OrgLimits})
	if err != nil {
		return err
	}
	srv.Orgs.UseMail(srv.MailQueue)
	srv.Tenants.OnDelete(srv.Orgs.AppDeleted)
	srv.Tenants.Protect(srv.Orgs.IsConsoleApp)
	return nil
}

// userPasskeys counts a user's passkeys for the passkey prompt and says
// when the newest was registered (a heal offer ends with it).
func (srv *Server) userPasskeys(ctx context.Context, tenant, userID string) (int, time.Time, error) {
	creds, err := srv.Passkeys.Credentials(ctx, tenant, userID)
	var newest time.Time
	for _, c := range creds {
		if c.CreatedAt.After(newest) {
			newest = c.CreatedAt
		}
	}
	return len(creds), newest, err
}

// rateLimiter counts requests against cfg.RateLimits (default
// quota.DefaultLimits).
func rateLimiter(cfg Config, backend quota.Backend) *quota.RateLimiter {
	limits := quota.DefaultLimits()
	if cfg.RateLimits != nil {
		limits = *cfg.RateLimits
	}
	return quota.NewRateLimiter(backend, cfg.Clock, limits)
}

// router builds the HTTP handler over the wired services.
func (srv *Server) router(cfg Config, limiter *quota.RateLimiter) http.Handler {
	return api.NewRouter(api.Deps{
		Tenants:           srv.Tenants,
		Tokens:            srv.Tokens,
		Passkeys:          srv.Passkeys,
		PublicURL:         cfg.PublicURL,
		ManagementKey:     cfg.ManagementKey,
		Version:           cfg.Version,
		Logger:            cfg.Logger,
		Now:               cfg.Clock,
		PingStorage:       srv.DB.Ping,
		Metrics:           srv.Metrics,
		Pprof:             cfg.Pprof,
		MagicLinks:        srv.MagicLinks,
		EventLog:          srv.EventLog,
		Reports:           srv.Reports,
		Authenticators:    srv.Authenticators,
		Diagnostics:       srv.Diagnostics,
		Segments:          srv.Segments,
		RateLimiter:       limiter,
		TrustedProxies:    cfg.TrustedProxies,
		AccessLog:         cfg.AccessLog,
		AccessLogInterval: cfg.AccessLogInterval,
		Webhooks:          srv.Webhooks,
		RequestTimeout:    cfg.RequestTimeout,
		PingRedis:         pingRedis(cfg.Redis),
		Draining:          srv.draining.Load,
		Outage:            srv.monitor.Outage,
		TracerProvider:    srv.tracer,
	})
}

// Close stops background work and closes what New opened.
func (s *Server) Close() error {
	s.stop()
	if s.jobsDone != nil {
		<-s.jobsDone
	}
	if s.Console != nil {
		s.Console.WaitMail() // sign-in links being sent use the database
	}
	if s.Diagnostics != nil {
		_ = s.Diagnostics.Flush(context.Background()) // best effort: the last seconds of counts
		_ = s.Segments.Flush(context.Background())
	}
	s.flushTracing()
	if s.ownDB && s.DB != nil {
		return s.DB.Close()
	}
	return nil
}
