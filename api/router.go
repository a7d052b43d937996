// Package api is the HTTP surface: the gin engine, every route, credential
// checks, request decoding and the one place errors become responses.
package api

import (
	"context"
	"log/slog"
	"net/http"
	"time"

	"github.com/gin-gonic/gin"
	"go.opentelemetry.io/otel/trace"

	"passwordless/authenticators"
	"passwordless/diagnostics"
	"passwordless/events"
	"passwordless/magiclink"
	"passwordless/metrics"
	"passwordless/passkeys"
	"passwordless/quota"
	"passwordless/tenants"
	"passwordless/tokens"
	"passwordless/webhooks"
)

// Deps are the services the handlers call. Fields are added as services
// are; nil optional services make their endpoints answer 503.
type Deps struct {
	Tenants       *tenants.Service
	Tokens        *tokens.Service
	Passkeys      *passkeys.Service
	PublicURL     string
	ManagementKey string
	Version       string
	Logger        *slog.Logger
	Now           func() time.Time
	// PingStorage checks the database for /health/storage.
	PingStorage func(ctx context.Context) error
	// PingRedis checks Redis for /health/storage; nil without Redis.
	PingRedis func(ctx context.Context) error
	// Draining reports that the server is shutting down: readiness answers
	// 503 and every response closes its connection.
	Draining func() bool
	// Outage returns a context that is done while the database is not
	// answering (see deadline); nil never reports one.
	Outage func() context.Context
	// TrustedProxies feed ClientIP (rate limits, logs); empty trusts none.
	TrustedProxies []string
	// Metrics, when set, are fed by every request and served at /metrics.
	Metrics *metrics.Metrics
	// Pprof serves net/http/pprof under /debug/pprof (management key only).
	Pprof bool
	// MagicLinks sends magic links.
	MagicLinks *magiclink.Service
	// EventLog reads the event log that Events writes.
	EventLog *events.Log
	// Reports are the daily snapshots behind /reporting/*.
	Reports *events.Reports
	// Authenticators are the allow/block lists and the FIDO metadata.
	Authenticators *authenticators.Service
	// RateLimiter counts requests per application and client address;
	// nil applies no limit.
	RateLimiter *quota.RateLimiter
	// Diagnostics classifies reported client failures and decides the
	// passkey prompt; nil answers 503 on its routes.
	Diagnostics *diagnostics.Service
	// Segments counts ceremonies per platform, browser and provider and
	// decides the passkey offer (issue 21); nil counts nothing.
	Segments *diagnostics.Segments
	// AccessLog is AccessLogSummary (the default when empty) or
	// AccessLogAll; AccessLogInterval is the summary's period (default
	// DefaultAccessLogInterval).
	AccessLog         string
	AccessLogInterval time.Duration
	// Webhooks manages the applications' webhook endpoints.
	Webhooks *webhooks.Service
	// RequestTimeout is every request's deadline (REQUEST_TIMEOUT); 0 is
	// DefaultRequestTimeout.
	RequestTimeout time.Duration
	// TracerProvider, when set, gives every request a span (tracing/);
	// nil is tracing off.
	TracerProvider trace.TracerProvider
}

// server carries the dependencies into the handlers.
type server struct {
	deps      Deps
	engine    *gin.Engine
	publicURL string
	log       *slog.Logger
	summary   *accessSummary // nil: every request gets its own line
	// limiterDown holds the limiter's store as unavailable until then.
	limiterDown failOpen
}

// NewRouter builds the gin engine with every route and middleware.
func NewRouter(d Deps) http.Handler {
	gin.SetMode(gin.ReleaseMode)
	if d.Logger == nil {
		d.Logger = slog.Default()
	}
	if d.Now == nil {
		d.Now = time.Now
	}
	if d.RequestTimeout == 0 {
		d.RequestTimeout = DefaultRequestTimeout
	}
	e := gin.New()
	e.HandleMethodNotAllowed = true
	e.RemoveExtraSlash = false
	e.RedirectTrailingSlash = false
	e.RedirectFixedPath = false
	e.ContextWithFallback = true
	_ = e.SetTrustedProxies(d.TrustedProxies)
	s := &server{deps: d, engine: e, publicURL: d.PublicURL, log: d.Logger}
	if d.AccessLog != AccessLogAll {
		s.summary = newAccessSummary(d.AccessLogInterval)
	}
	if span := s.tracingMiddleware(); span != nil {
		e.Use(span)
	}
	e.Use(s.retryAfterOn503, s.traceID, s.accessLog, s.observe, s.deadline, s.recoverPanics, s.closeWhenDraining, s.securityHeaders, s.cors, s.limitBody, s.cleanParams)
	e.NoRoute(s.handle(func(*gin.Context) error { return errNotFound }))
	e.NoMethod(s.handle(s.methodNotAllowed))
	s.routes()
	return e
}
