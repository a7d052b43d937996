package api

import (
	"context"
	"strconv"

	"github.com/gin-gonic/gin"

	"passwordless/quota"
)

// limitTenant counts the request against the authenticated application's
// rate limit. It runs after authentication, so it knows the tenant.
func (s *server) limitTenant(c *gin.Context) {
	s.applyLimit(c, func(ctx context.Context, l *quota.RateLimiter) (quota.Decision, error) {
		return l.Tenant(ctx, appOf(c).ID)
	})
}

// limitClientIP counts the request against its client address. It runs
// before authentication on the public ceremony endpoints, where a browser
// (or an attacker) holds a public key that anyone can read.
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
	d, err := hit(c.Request.Context(), l)
	if err != nil {
		s.logger(c).Warn("rate limit unavailable; request allowed", "err", err)
		c.Next()
		return
	}
	if !d.Allowed {
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
// authentications on secret or management routes.
func (s *server) authBlocked(c *gin.Context) bool {
	l := s.deps.RateLimiter
	if l == nil {
		return false
	}
	d, blocked := l.AuthBlocked(c.ClientIP())
	if blocked {
		s.fail(c, d.Problem())
	}
	return blocked
}

// failAuth answers a failed authentication with err, counting it against
// the client address; the failure that spends the allowance answers 429.
func (s *server) failAuth(c *gin.Context, err error) {
	if l := s.deps.RateLimiter; l != nil {
		d, herr := l.AuthFailed(c.Request.Context(), c.ClientIP())
		if herr != nil {
			s.logger(c).Warn("failed-authentication limit unavailable; not counted", "err", herr)
		} else if !d.Allowed {
			s.fail(c, d.Problem())
			return
		}
	}
	s.fail(c, err)
}
