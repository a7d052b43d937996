package quota

import (
	"context"
	"sync"
	"time"
)

// blocklist remembers, in process, the client addresses whose failed
// authentications went over the limit and until when. The check before
// authentication reads only this map (no round trip per request); the
// failures themselves are counted in the shared backend, so every instance
// blocks an address after at most one more failure of its own.
type blocklist struct {
	mu    sync.Mutex
	until map[string]time.Time
}

func (b *blocklist) blocked(ip string, now time.Time) (time.Time, bool) {
	b.mu.Lock()
	defer b.mu.Unlock()
	until, ok := b.until[ip]
	if ok && !now.Before(until) {
		delete(b.until, ip)
		return time.Time{}, false
	}
	return until, ok
}

// block records ip as blocked until until, dropping entries that ended.
func (b *blocklist) block(ip string, until, now time.Time) {
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.until == nil {
		b.until = map[string]time.Time{}
	}
	for k, u := range b.until {
		if !now.Before(u) {
			delete(b.until, k)
		}
	}
	b.until[ip] = until
}

// AuthBlocked reports whether the client address ip spent its allowance of
// failed authentications; the Decision is the 429 to answer with. It is
// checked before a credential is looked at.
func (l *RateLimiter) AuthBlocked(ip string) (Decision, bool) {
	r := l.limits.AuthFailures
	if r.unlimited() {
		return Decision{}, false
	}
	now := l.now()
	until, ok := l.blocked.blocked(ip, now)
	if !ok {
		return Decision{}, false
	}
	return Decision{Limit: r.Limit, Reset: until.Sub(now)}, true
}

// AuthFailed counts one failed authentication (a wrong ApiSecret or
// management key) from ip. A refused Decision means the limit is spent: the
// address is blocked until the window ends.
func (l *RateLimiter) AuthFailed(ctx context.Context, ip string) (Decision, error) {
	d, err := l.hit(ctx, "rl:authfail:"+ip, l.limits.AuthFailures)
	if err != nil || d.Allowed {
		return d, err
	}
	now := l.now()
	l.blocked.block(ip, now.Add(d.Reset), now)
	return d, nil
}
