package diagnostics

import (
	"context"
	"sync"
	"time"

	"passwordless/events"
	"passwordless/tenants"
)

// Tuning of the decision's measured rates.
const (
	rateTTL    = time.Minute // a tenant's rates are reloaded this often, in the background
	rateWindow = 7           // days of counts a rate is measured over
	maxRates   = 10_000      // tenants whose rates are kept; past it, the oldest are forgotten
)

// rateTable is one tenant's measured rates per device.
type rateTable struct {
	loaded   time.Time
	byDevice map[Device]segmentRate
}

// rates keeps every tenant's measured failure rates in memory, so a
// decision never waits for SQL: a missing or stale table is loaded in the
// background and the decision meanwhile uses what is there (nothing, the
// first time: no rate rule applies).
type rates struct {
	mu      sync.RWMutex
	tables  map[string]*rateTable
	loading map[string]bool
	// devices are the devices' recent failures (decision_devices.go).
	devices *deviceFailures
}

func newRates() *rates {
	return &rates{tables: map[string]*rateTable{}, loading: map[string]bool{}, devices: newDeviceFailures()}
}

// rateOf returns the tenant's rate of d and starts a reload when due.
func (s *Segments) rateOf(tenant string, d Device) segmentRate {
	r := s.rates
	now := s.o.Now()
	r.mu.RLock()
	t := r.tables[tenant]
	due := (t == nil || now.Sub(t.loaded) >= rateTTL) && !r.loading[tenant]
	var out segmentRate
	if t != nil {
		out = t.byDevice[d]
	}
	r.mu.RUnlock()
	if due {
		r.mu.Lock()
		if !r.loading[tenant] {
			r.loading[tenant] = true
			go s.loadRates(tenant)
		}
		r.mu.Unlock()
	}
	return out
}

// loadRates reads the tenant's last rateWindow days of counts.
func (s *Segments) loadRates(tenant string) {
	ctx := context.Background()
	now := s.o.Now()
	since := now.UTC().AddDate(0, 0, -rateWindow).Format(events.DayLayout)
	rows, err := s.o.Store.deviceRates(ctx, tenant, since)
	r := s.rates
	r.mu.Lock()
	defer r.mu.Unlock()
	delete(r.loading, tenant)
	if err != nil {
		s.o.Logger.Warn("decision rates load", "err", err)
		return
	}
	if len(r.tables) >= maxRates {
		for k := range r.tables { // forget an arbitrary one: reloaded on its next decision
			delete(r.tables, k)
			break
		}
	}
	r.tables[tenant] = &rateTable{loaded: now, byDevice: measure(rows)}
}

// measure turns counts into rates: ceremonies = max(begun, completed +
// failed), failed = ceremonies − completed (failures and abandons).
func measure(rows []deviceRateRow) map[Device]segmentRate {
	type sums struct{ begun, completed, failed int64 }
	by := map[Device]*sums{}
	for _, r := range rows {
		d := Device{r.Platform, r.Browser}
		s, ok := by[d]
		if !ok {
			s = &sums{}
			by[d] = s
		}
		switch r.Outcome {
		case outcomeBegun:
			s.begun += r.Count
		case outcomeCompleted:
			s.completed += r.Count
		default:
			s.failed += r.Count
		}
	}
	out := make(map[Device]segmentRate, len(by))
	for d, s := range by {
		n := max(s.begun, s.completed+s.failed)
		out[d] = segmentRate{ceremonies: n, failed: n - s.completed}
	}
	return out
}

// DecideRequest is a decision request once the handler read it.
type DecideRequest struct {
	Ceremony     string
	Capabilities map[string]bool
	Device       Device
	Native       string
	UserID       string
	Session      string
	// Nonce is the begin answer's reportNonce: a session names its user
	// only with it (package passkeys' SessionOwner).
	Nonce    string
	DeviceID string
}

// Decide answers POST /passkeys/decision for app. Without a user hint it
// reads memory only: the rules from the cached application, the rate
// from the rates table, the device's recent failure from DeviceFailed's
// memory. A userId or session hint costs the lookup of the
// user's passkeys.
func (s *Segments) Decide(ctx context.Context, app *tenants.App, r DecideRequest) (Decision, error) {
	in := DecisionInput{Ceremony: r.Ceremony, Capabilities: r.Capabilities, Device: r.Device, Native: r.Native}
	user := r.UserID
	if user == "" && r.Session != "" && s.o.Sessions != nil {
		u, _, err := s.o.Sessions.SessionOwner(ctx, app.ID, r.Ceremony, r.Session, r.Nonce)
		if err != nil {
			return Decision{}, err
		}
		user = u
	}
	in.StickyID = user
	if user == "" {
		in.StickyID = r.DeviceID
	}
	in.DeviceFailure = s.deviceFailure(app.ID, r.DeviceID, r.Session)
	rules := app.Features.PasskeyRollout
	rate := s.rateOf(app.ID, r.Device)
	if d, stop := gate(app.ID, rules, rate, in); stop {
		return d, nil // no lookup for a device the rules send to the fallback
	}
	if user != "" && s.o.UserPasskeys != nil {
		p, err := s.o.UserPasskeys(ctx, app.ID, user, r.Device.Platform)
		if err != nil {
			return Decision{}, err
		}
		in.User = &p
	}
	return Decide(app.ID, rules, rate, in), nil
}
