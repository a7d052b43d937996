package tenants

import (
	"strings"
	"sync"
	"time"
)

// A flood of forged keys for one application must not write an event row
// per request (issue 16 repro 7): at most one rejected-key event per
// application, key kind and reason is recorded per rejectionWindow; every
// rejection is counted exactly through Options.CountRejected (the
// passwordless_rejected_api_keys_total metric).
const rejectionWindow = time.Minute

// rejections remembers when each (application, kind, reason) last had its
// event recorded.
type rejections struct {
	mu   sync.Mutex
	last map[rejection]time.Time
}

type rejection struct {
	app    string
	kind   KeyKind
	locked bool
}

// first reports whether r is the first rejection of its window at now,
// dropping windows that ended.
func (rs *rejections) first(r rejection, now time.Time) bool {
	rs.mu.Lock()
	defer rs.mu.Unlock()
	if rs.last == nil {
		rs.last = map[rejection]time.Time{}
	}
	if at, ok := rs.last[r]; ok && now.Sub(at) < rejectionWindow {
		return false
	}
	if len(rs.last) > 10_000 {
		for k, at := range rs.last {
			if now.Sub(at) >= rejectionWindow {
				delete(rs.last, k)
			}
		}
	}
	rs.last[r] = now
	return true
}

// countRejected feeds the exact count and reports whether the rejection's
// event is to be recorded.
func (s *Service) countRejected(app *App, kind KeyKind, locked bool) bool {
	if s.countHook != nil {
		reason := "invalid"
		if locked {
			reason = "locked"
		}
		name := "public"
		if kind == Secret {
			name = "secret"
		}
		s.countHook(name, reason)
	}
	return s.rejected.first(rejection{app.ID, kind, locked}, s.now())
}

// decoy is compared against when there is no key to compare with, so that
// an unknown application or key id takes as long as a wrong secret.
var decoy = &APIKey{Kind: Secret, SecretHash: make([]byte, 32), PublicValue: strings.Repeat("0", 48)}

func decoyMatch(kind KeyKind, value string) {
	d := *decoy
	d.Kind = kind
	_ = d.Matches(value)
}
