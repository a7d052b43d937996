package quota

import (
	"context"
	"sync"
	"time"
)

// blocklist remembers, in process, the client addresses (or client
// address and application) whose failed authentications went over the
// limit and until when. The check before authentication reads only this
// map (no round trip per request); the failures themselves are counted in
// the shared backend, so every instance blocks an address after at most
// one more failure of its own.
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
// failed authentications for the application app (the application id the
// credential names, "" when it names none), or its ceiling over every
// application; the Decision is the 429 to answer with. It is checked before
// a credential is looked at, from this process's memory only.
func (l *RateLimiter) AuthBlocked(ip, app string) (Decision, bool) {
	now, addr := l.now(), l.client(ip)
	for _, b := range []struct {
		key string
		r   Rate
	}{{globalFailKey(addr), l.limits.AuthFailuresPerAddress}, {appFailKey(addr, app), l.limits.AuthFailures}} {
		if b.r.unlimited() {
			continue
		}
		if until, ok := l.blocked.blocked(b.key, now); ok {
			return Decision{Limit: b.r.Limit, Reset: until.Sub(now)}, true
		}
	}
	return Decision{}, false
}

// AuthFailed counts one failed authentication (a wrong ApiSecret or
// management key) from ip for the application app, against both the
// per-application allowance and the per-address ceiling. A refused
// Decision means one of them is spent: the address is blocked, for that
// application or for all, until the window ends.
func (l *RateLimiter) AuthFailed(ctx context.Context, ip, app string) (Decision, error) {
	addr := l.client(ip)
	global, err := l.hit(ctx, "rl:"+globalFailKey(addr), l.limits.AuthFailuresPerAddress)
	if err != nil {
		return Decision{}, err
	}
	perApp, err := l.hit(ctx, "rl:"+appFailKey(addr, app), l.limits.AuthFailures)
	if err != nil {
		return Decision{}, err
	}
	now := l.now()
	switch {
	case !global.Allowed:
		l.blocked.block(globalFailKey(addr), now.Add(global.Reset), now)
		return global, nil
	case !perApp.Allowed:
		l.blocked.block(appFailKey(addr, app), now.Add(perApp.Reset), now)
		return perApp, nil
	case global.Unlimited || (!perApp.Unlimited && perApp.Remaining <= global.Remaining):
		return perApp, nil
	}
	return global, nil
}

// globalFailKey and appFailKey name the failure counters of a client
// address. An application id has no colon (it ends at a key's first), so
// the two never collide.
func globalFailKey(addr string) string   { return "authfail:" + addr }
func appFailKey(addr, app string) string { return "authfail:app:" + app + ":" + addr }
