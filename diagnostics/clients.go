package diagnostics

import (
	"crypto/sha256"
	"net/netip"
	"sync"
	"time"
)

// Bounds of the per-client bookkeeping, which is in memory and per
// instance: a client spread over several instances counts at most once on
// each.
const (
	// sampleClientInterval is how often one client's report may be kept
	// as a sample: a flood from one client holds at most one slot.
	sampleClientInterval = 10 * time.Minute
	// maxTrackedClients caps each map; a full map starts over, which at
	// worst lets a client be sampled or counted once more.
	maxTrackedClients = 100_000
)

// clientLimits remembers which clients were sampled lately and which were
// already counted for a counter of the day, so that the failure summary
// (and the passkey.failure_spike check fed by it) can count distinct
// clients, not reports.
type clientLimits struct {
	mu      sync.Mutex
	sampled map[string]time.Time // tenant + client → last sample
	day     string
	seen    map[[16]byte]struct{} // counter + client, of day
}

func newClientLimits() *clientLimits {
	return &clientLimits{sampled: map[string]time.Time{}, seen: map[[16]byte]struct{}{}}
}

// clientOf is the client an address stands for: the address itself, an
// IPv6 address's /64 (one host's share of a network), the text as given
// when it is no address.
func clientOf(addr string) string {
	a, err := netip.ParseAddr(addr)
	if err != nil {
		return addr
	}
	a = a.Unmap()
	if a.Is6() {
		p, _ := a.Prefix(64)
		return p.String()
	}
	return a.String()
}

// maySample reports whether the tenant may keep a sample of client's now,
// and if so counts it as taken.
func (l *clientLimits) maySample(tenant, client string, now time.Time) bool {
	k := tenant + "\x00" + clientOf(client)
	l.mu.Lock()
	defer l.mu.Unlock()
	if last, ok := l.sampled[k]; ok && now.Sub(last) < sampleClientInterval {
		return false
	}
	if len(l.sampled) >= maxTrackedClients {
		l.sampled = map[string]time.Time{}
	}
	l.sampled[k] = now
	return true
}

// firstOfDay reports whether client is counted for counter k for the
// first time (on this instance) on k's day.
func (l *clientLimits) firstOfDay(k counterKey, client string) bool {
	sum := sha256.Sum256([]byte(k.tenant + "\x00" + k.ceremony + "\x00" + k.platform + "\x00" + k.code + "\x00" + clientOf(client)))
	var id [16]byte
	copy(id[:], sum[:])
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.day != k.day || len(l.seen) >= maxTrackedClients {
		l.day, l.seen = k.day, map[[16]byte]struct{}{}
	}
	if _, ok := l.seen[id]; ok {
		return false
	}
	l.seen[id] = struct{}{}
	return true
}
