package api

import (
	"context"
	"errors"
	"strconv"
	"sync/atomic"
	"time"

	"github.com/gin-gonic/gin"

	"passwordless/quota"
	"passwordless/tenants"
)

// limitTenant counts the request against the authenticated application's
// budget for its backend (ApiSecret routes). It runs after authentication,
// so it knows the tenant.
func (s *server) limitTenant(c *gin.Context) {
	s.applyLimit(c, func(ctx context.Context, l *quota.RateLimiter) (quota.Decision, error) {
		return l.Tenant(ctx, appOf(c).ID)
	})
}

// limitPublic counts a public-key ceremony request against the
// application's public budget, apart from its backend's: anyone can read a
// public key, and a flood with it must not stop the backend from
// registering and signing users in.
func (s *server) limitPublic(c *gin.Context) {
	s.applyLimit(c, func(ctx context.Context, l *quota.RateLimiter) (quota.Decision, error) {
		return l.Public(ctx, appOf(c).ID)
	})
}

// limitTelemetry counts a public-key telemetry report against the
// application's telemetry budget, the smallest, so that reports are the
// first thing refused and never spend what the ceremonies need.
func (s *server) limitTelemetry(c *gin.Context) {
	s.applyLimit(c, func(ctx context.Context, l *quota.RateLimiter) (quota.Decision, error) {
		return l.Telemetry(ctx, appOf(c).ID)
	})
}

// limitClientIP counts the request against its client address (IPv6 per
// network). It runs before authentication on the public-key endpoints,
// where a browser (or an attacker) holds a public key that anyone can read.
func (s *server) limitClientIP(c *gin.Context) {
	s.applyLimit(c, func(ctx context.Context, l *quota.RateLimiter) (quota.Decision, error) {
		return l.ClientIP(ctx, c.ClientIP())
	})
}

// applyLimit refuses the request with 429 rate_limited when the limit is
// spent, and otherwise sets the RateLimit-* headers of the most restrictive
// limit seen so far. A counter that cannot be reached lets the request
// through: the limits protect the service, and an outage of the counter
// store should not become an outage of the API.
func (s *server) applyLimit(c *gin.Context, hit func(context.Context, *quota.RateLimiter) (quota.Decision, error)) {
	l := s.deps.RateLimiter
	if l == nil {
		c.Next()
		return
	}
	d, err := s.limiterCall(c, func(ctx context.Context) (quota.Decision, error) { return hit(ctx, l) })
	if err != nil {
		c.Next()
		return
	}
	if !d.Allowed {
		// The refusal's headers describe the limit that refused, not an
		// earlier one that let the request through.
		for k := range d.Header() {
			c.Writer.Header().Del(k)
		}
		s.fail(c, d.Problem())
		return
	}
	if !d.Unlimited && lowerRemaining(c, d.Remaining) {
		for k, vs := range d.Header() {
			c.Writer.Header()[k] = vs
		}
	}
	c.Next()
}

// lowerRemaining reports whether remaining is below what the headers
// already say, or no limit has set them yet.
func lowerRemaining(c *gin.Context, remaining int64) bool {
	cur := c.Writer.Header().Get("RateLimit-Remaining")
	if cur == "" {
		return true
	}
	n, err := strconv.ParseInt(cur, 10, 64)
	return err != nil || remaining < n
}

// authBlocked answers 429 rate_limited, before any credential is looked
// at, when the client address spent its allowance of failed
// authentications for app (the application the credential names; "" for
// the management key), or its ceiling over every application.
func (s *server) authBlocked(c *gin.Context, app string) bool {
	l := s.deps.RateLimiter
	if l == nil {
		return false
	}
	d, blocked := l.AuthBlocked(c.ClientIP(), app)
	if blocked {
		s.fail(c, d.Problem())
	}
	return blocked
}

// failAuth answers a failed authentication with err, counting it against
// the client address and app; the failure that spends an allowance
// answers 429.
func (s *server) failAuth(c *gin.Context, app string, err error) {
	if l := s.deps.RateLimiter; l != nil {
		d, herr := s.limiterCall(c, func(ctx context.Context) (quota.Decision, error) { return l.AuthFailed(ctx, c.ClientIP(), app) })
		if herr == nil && !d.Allowed {
			s.fail(c, d.Problem())
			return
		}
	}
	s.fail(c, err)
}

// maxAppIDLength bounds the application id read from a credential before
// it is checked, which names a failure counter: ids are at most 62
// characters, and a longer or malformed one names no application.
const maxAppIDLength = 62

// credentialApp is the application id a key value names, or "" when it
// names none that could exist (then only the per-address ceiling and the
// "" allowance count its failures).
func credentialApp(value string) string {
	app, ok := tenants.ParseAppID(value)
	if !ok || len(app) > maxAppIDLength {
		return ""
	}
	for _, r := range app {
		if (r < 'a' || r > 'z') && (r < '0' || r > '9') {
			return ""
		}
	}
	return app
}

// limiterPause is how long the limiter's store is left alone after it
// failed or did not answer within its timeout (quota.Limits.StoreTimeout),
// so that during an outage only one request per pause pays the wait.
const limiterPause = time.Second

// failOpen is the time (Unix nanoseconds) until which the limiter's store
// is treated as unavailable.
type failOpen struct{ until atomic.Int64 }

// limiterCall runs one limiter operation within the store timeout. When the
// store fails, or failed less than limiterPause ago, the request fails
// open: the limits protect the service, and an outage of the counter
// store must not become an outage of the API. Each fail-open is counted in
// passwordless_fail_open_total; the failure that opens it is logged.
func (s *server) limiterCall(c *gin.Context, op func(context.Context) (quota.Decision, error)) (quota.Decision, error) {
	if time.Now().UnixNano() < s.limiterDown.until.Load() {
		s.deps.Metrics.FailOpen("ratelimit")
		return quota.Decision{}, errLimiterDown
	}
	ctx, cancel := context.WithTimeout(c.Request.Context(), s.deps.RateLimiter.StoreTimeout())
	defer cancel()
	d, err := op(ctx)
	if err != nil && c.Request.Context().Err() == nil {
		s.limiterDown.until.Store(time.Now().Add(limiterPause).UnixNano())
		s.deps.Metrics.FailOpen("ratelimit")
		s.logger(c).Warn("rate limiter unavailable; failing open", "err", err, "retryIn", limiterPause.String())
	}
	return d, err
}

var errLimiterDown = errors.New("rate limiter unavailable")
