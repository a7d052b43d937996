package quota

import (
	"context"
	"fmt"
	"net/http"
	"strconv"
	"time"

	"passwordless/problems"
)

// Rate is a number of requests per fixed window. A zero Limit or Period
// means unlimited.
type Rate struct {
	Limit  int64
	Period time.Duration
}

func (r Rate) unlimited() bool { return r.Limit <= 0 || r.Period <= 0 }

// Limits are the request rate limits. Upstream enforces none (its limiter
// was switched off), so the defaults are generous: they stop a runaway
// loop or a flood from one address, not a busy tenant.
type Limits struct {
	// Tenant bounds every authenticated request of one application.
	Tenant Rate
	// ClientIP bounds the public ceremony endpoints per client address,
	// where one browser (or one attacker) holds a public key.
	ClientIP Rate
	// AuthFailures bounds failed authentications (wrong ApiSecret or
	// management key) per client address; over it, those routes answer 429
	// before looking at the credential until the window ends.
	AuthFailures Rate
}

// DefaultLimits are 100 requests per second per application and 10 per
// second per client address, counted over one-minute windows, and 60
// failed authentications per client address per minute.
func DefaultLimits() Limits {
	return Limits{
		Tenant:       Rate{Limit: 6000, Period: time.Minute},
		ClientIP:     Rate{Limit: 600, Period: time.Minute},
		AuthFailures: Rate{Limit: 60, Period: time.Minute},
	}
}

// RateLimiter counts requests against Limits.
type RateLimiter struct {
	backend Backend
	now     func() time.Time
	limits  Limits
	blocked blocklist
}

// NewRateLimiter returns a RateLimiter over backend.
func NewRateLimiter(backend Backend, clock func() time.Time, limits Limits) *RateLimiter {
	return &RateLimiter{backend: backend, now: clock, limits: limits}
}

// Decision is the outcome of counting one request: whether it may proceed
// and what the RateLimit-* response headers say.
type Decision struct {
	Allowed   bool
	Limit     int64
	Remaining int64
	Reset     time.Duration // until the window ends
	Unlimited bool          // no limit applies; no headers
}

// Tenant counts one request of the application tenant.
func (l *RateLimiter) Tenant(ctx context.Context, tenant string) (Decision, error) {
	return l.hit(ctx, "rl:app:"+tenant, l.limits.Tenant)
}

// ClientIP counts one request from the client address ip.
func (l *RateLimiter) ClientIP(ctx context.Context, ip string) (Decision, error) {
	return l.hit(ctx, "rl:ip:"+ip, l.limits.ClientIP)
}

func (l *RateLimiter) hit(ctx context.Context, key string, r Rate) (Decision, error) {
	if r.unlimited() {
		return Decision{Allowed: true, Unlimited: true}, nil
	}
	now := l.now()
	w, err := l.backend.Hit(ctx, key, r.Limit, r.Period, now)
	if err != nil {
		return Decision{}, fmt.Errorf("rate limit: %w", err)
	}
	return Decision{Allowed: w.Allowed(), Limit: r.Limit, Remaining: w.Remaining(), Reset: w.Reset.Sub(now)}, nil
}

// Header returns the RateLimit-Limit, RateLimit-Remaining and
// RateLimit-Reset headers (IETF draft, seconds), plus Retry-After when the
// request was refused.
func (d Decision) Header() http.Header {
	h := http.Header{}
	if d.Unlimited {
		return h
	}
	reset := strconv.FormatInt(ceilSeconds(d.Reset), 10)
	h.Set("RateLimit-Limit", strconv.FormatInt(d.Limit, 10))
	h.Set("RateLimit-Remaining", strconv.FormatInt(d.Remaining, 10))
	h.Set("RateLimit-Reset", reset)
	if !d.Allowed {
		h.Set("Retry-After", reset)
	}
	return h
}

// Problem is the 429 rate_limited problem of a refused request, carrying
// its headers.
func (d Decision) Problem() *problems.Error {
	p := problems.New(problems.RateLimited)
	p.Header = d.Header()
	return p
}
