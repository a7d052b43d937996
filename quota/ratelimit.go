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
//
// An application has three budgets, because anyone can read its public
// key: a flood with that key alone must not spend what its backend needs to
// register and sign users in. Secret-key calls, public-key ceremonies and
// public-key telemetry are therefore counted apart, and telemetry, which
// nobody waits for, has the smallest budget and is refused first.
type Limits struct {
	// Tenant bounds every request of one application made with its
	// ApiSecret (its backend).
	Tenant Rate
	// Public bounds the public-key ceremony requests of one application
	// (/register/begin|complete, /signin/begin|complete).
	Public Rate
	// Telemetry bounds the public-key telemetry of one application
	// (POST /diagnostics/failures).
	Telemetry Rate
	// ClientIP bounds the public-key endpoints per client address, where
	// one browser (or one attacker) holds a public key.
	ClientIP Rate
	// AuthFailures bounds failed authentications (wrong ApiSecret or
	// management key) per client address and application: over it, that
	// application's secret routes answer 429 to the address, before the
	// credential is looked at, until the window ends. Counting per
	// application keeps one tenant's broken deployment behind a shared
	// egress (NAT, serverless) from locking out another's.
	AuthFailures Rate
	// AuthFailuresPerAddress is the ceiling of failed authentications per
	// client address over every application; over it, every secret and
	// management route answers 429 to the address. It stops an address
	// that spreads its guesses over many application ids.
	AuthFailuresPerAddress Rate
	// IPv6Prefix is the network size, in bits, that every per-address
	// limit counts an IPv6 client by; 0 is DefaultIPv6Prefix (/64).
	IPv6Prefix int
	// StoreTimeout is how long a request waits for the counters' store
	// (Redis) before it is let through unchecked; 0 is
	// DefaultStoreTimeout.
	StoreTimeout time.Duration
}

// DefaultStoreTimeout is the wait for the counters' store. 100 ms let a
// busy but healthy Redis (a loaded 2-core host: round trips of 100-300 ms)
// switch the limits off for a second at a time, so that anyone who could
// load the server could also lift its limits; an outage still costs one
// request per second this long.
const DefaultStoreTimeout = 250 * time.Millisecond

// DefaultLimits are 100 requests per second per application for its
// backend and as many for its ceremonies, 10 per second for its telemetry
// and 10 per second per client address, counted over one-minute windows;
// 60 failed authentications per client address and application a minute,
// and 600 per client address; IPv6 clients counted per /64.
func DefaultLimits() Limits {
	return Limits{
		Tenant:                 Rate{Limit: 6000, Period: time.Minute},
		Public:                 Rate{Limit: 6000, Period: time.Minute},
		Telemetry:              Rate{Limit: 600, Period: time.Minute},
		ClientIP:               Rate{Limit: 600, Period: time.Minute},
		AuthFailures:           Rate{Limit: 60, Period: time.Minute},
		AuthFailuresPerAddress: Rate{Limit: 600, Period: time.Minute},
		IPv6Prefix:             DefaultIPv6Prefix,
		StoreTimeout:           DefaultStoreTimeout,
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

// StoreTimeout is how long a request waits for the counters' store.
func (l *RateLimiter) StoreTimeout() time.Duration {
	if l.limits.StoreTimeout <= 0 {
		return DefaultStoreTimeout
	}
	return l.limits.StoreTimeout
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

// Tenant counts one secret-key request of the application tenant.
func (l *RateLimiter) Tenant(ctx context.Context, tenant string) (Decision, error) {
	return l.hit(ctx, "rl:app:"+tenant, l.limits.Tenant)
}

// Public counts one public-key ceremony request of the application tenant.
func (l *RateLimiter) Public(ctx context.Context, tenant string) (Decision, error) {
	return l.hit(ctx, "rl:pub:"+tenant, l.limits.Public)
}

// Telemetry counts one public-key telemetry request of the application
// tenant.
func (l *RateLimiter) Telemetry(ctx context.Context, tenant string) (Decision, error) {
	return l.hit(ctx, "rl:tel:"+tenant, l.limits.Telemetry)
}

// ClientIP counts one request from the client address ip (IPv6 per
// network, see clientKey).
func (l *RateLimiter) ClientIP(ctx context.Context, ip string) (Decision, error) {
	return l.hit(ctx, "rl:ip:"+l.client(ip), l.limits.ClientIP)
}

// client is the counter name of the client address ip.
func (l *RateLimiter) client(ip string) string { return clientKey(ip, l.limits.IPv6Prefix) }

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
