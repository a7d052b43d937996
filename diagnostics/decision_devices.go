package diagnostics

import (
	"sync"
	"time"
)

// What a device's recent failure says to the decision (DecisionInput's
// DeviceFailure).
const (
	// DeviceNotSupported: the device reported a failure meaning passkeys
	// are not supported or not set up there (the prompt rules' "suppress
	// prompts" action).
	DeviceNotSupported = "not_supported"
	// DeviceNoPasskey: a sign-in there failed with no usable passkey (no
	// credential for the site, or one the server no longer knows).
	DeviceNoPasskey = "no_passkey"
)

// How long a device's failure steers its decisions, and how many devices
// are remembered.
const (
	// deviceNoPasskeyFor is short: a passkey registered on the device
	// after the failure is not seen here, so the fallback must not outlive
	// the visit.
	deviceNoPasskeyFor = time.Hour
	maxDeviceFailures  = 50_000
)

type deviceFailure struct {
	kind  string
	until time.Time
}

// deviceFailures remembers, per tenant and device (its client-provided id,
// or the session of the failed ceremony), the last failure that should
// change the next decision there. It is memory only, so a decision never
// waits for SQL; each instance knows the reports it received.
type deviceFailures struct {
	mu sync.Mutex
	m  map[string]deviceFailure
}

func newDeviceFailures() *deviceFailures { return &deviceFailures{m: map[string]deviceFailure{}} }

// deviceFailureOf is what a classified failure says of its device, "" when
// nothing (a cancel, a misconfiguration of the site, a timeout...); "not
// supported" lasts as long as the tenant's prompt suppression.
func deviceFailureOf(ceremony string, suppress time.Duration, c Classification) (string, time.Duration) {
	switch {
	case c.Action == SuppressPrompts:
		return DeviceNotSupported, suppress
	case heals(Ceremony(ceremony), c.ErrorCode):
		return DeviceNoPasskey, deviceNoPasskeyFor
	}
	return "", 0
}

func deviceFailureKeys(tenant, deviceID, session string) []string {
	var keys []string
	if deviceID != "" {
		keys = append(keys, tenant+"\x00"+deviceKey(deviceID, "", ""))
	}
	if session != "" {
		keys = append(keys, tenant+"\x00s:"+sessionHash(session))
	}
	return keys
}

func (f *deviceFailures) put(keys []string, v deviceFailure, now time.Time) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if len(f.m)+len(keys) > maxDeviceFailures {
		for k, e := range f.m { // expired ones first, then any: a forgotten device gets the usual rules
			if !now.Before(e.until) || len(f.m)+len(keys) > maxDeviceFailures {
				delete(f.m, k)
			}
		}
	}
	for _, k := range keys {
		f.m[k] = v
	}
}

func (f *deviceFailures) get(keys []string, now time.Time) string {
	if len(keys) == 0 {
		return ""
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	for _, k := range keys {
		if e, ok := f.m[k]; ok && now.Before(e.until) {
			return e.kind
		}
	}
	return ""
}

// DeviceFailed remembers a failure a client reported for the decisions of
// its device (deviceID) and of the failed ceremony's session. Only the
// failures that mean "not supported here" or "no usable passkey here"
// are kept; every other report is ignored. suppress is the tenant's
// per-device prompt suppression (tenants.Rollout.Suppression).
func (s *Segments) DeviceFailed(tenant string, suppress time.Duration, ceremony, deviceID, session string, c Classification) {
	kind, ttl := deviceFailureOf(ceremony, suppress, c)
	keys := deviceFailureKeys(tenant, deviceID, session)
	if kind == "" || len(keys) == 0 {
		return
	}
	now := s.o.Now()
	s.rates.devices.put(keys, deviceFailure{kind: kind, until: now.Add(ttl)}, now)
}

// deviceFailure is the remembered failure of a decision's device, "" when
// none.
func (s *Segments) deviceFailure(tenant, deviceID, session string) string {
	return s.rates.devices.get(deviceFailureKeys(tenant, deviceID, session), s.o.Now())
}
