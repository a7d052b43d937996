package tenants

import (
	"encoding/json"
	"fmt"
	"regexp"
	"strings"
	"time"

	"passwordless/events"
	"passwordless/problems"
)

// Rollout are an application's rules for POST /passkeys/decision (package
// diagnostics): who is offered passkeys. They live with the features, so
// a change reaches every instance through the feature cache's
// invalidation (Redis pub/sub) and the decision reads them from memory.
type Rollout struct {
	// KillSwitch sends everyone to the fallback.
	KillSwitch bool `json:"killSwitch"`
	// Percentage (0–100) of users offered passkeys, sticky per user; nil
	// is everyone.
	Percentage *int `json:"percentage,omitempty"`
	// Platforms and Browsers switch families off (false) or on (true or
	// absent): "windows", "ios", …; "chrome", "safari", ….
	Platforms map[string]bool `json:"platforms,omitempty"`
	Browsers  map[string]bool `json:"browsers,omitempty"`
	// MaxFailureRate (0–1): a segment whose measured failure rate is
	// above it gets the fallback; nil is DefaultMaxFailureRate.
	MaxFailureRate *float64 `json:"maxFailureRate,omitempty"`
	// MinCeremonies a segment needs before its rate counts; 0 is
	// DefaultMinCeremonies.
	MinCeremonies int `json:"minCeremonies,omitempty"`
	// SuppressDays (1–365) is how long a device whose client said passkeys
	// are not supported there gets no passkey prompt (POST
	// /users/passkey-prompt); nil is DefaultSuppressDays.
	SuppressDays *int `json:"suppressDays,omitempty"`
}

// Defaults of the failure-rate rule and of the per-device suppression.
const (
	DefaultMaxFailureRate = 0.5
	DefaultMinCeremonies  = 20
	DefaultSuppressDays   = 30
)

// Suppression is how long a device that cannot use passkeys is not
// prompted: SuppressDays, else DefaultSuppressDays.
func (r Rollout) Suppression() time.Duration {
	days := DefaultSuppressDays
	if r.SuppressDays != nil {
		days = *r.SuppressDays
	}
	return time.Duration(days) * 24 * time.Hour
}

var familyName = regexp.MustCompile(`^[a-z]{2,16}$`)

// checkRollout validates rules set through POST /apps/features.
func checkRollout(r *Rollout) error {
	if r == nil {
		return nil
	}
	if r.Percentage != nil && (*r.Percentage < 0 || *r.Percentage > 100) {
		return problems.Validation("passkeyRollout.percentage", "The field Percentage must be between 0 and 100.")
	}
	if r.MaxFailureRate != nil && (*r.MaxFailureRate < 0 || *r.MaxFailureRate > 1) {
		return problems.Validation("passkeyRollout.maxFailureRate", "The field MaxFailureRate must be between 0 and 1.")
	}
	if r.MinCeremonies < 0 || r.MinCeremonies > 1_000_000 {
		return problems.Validation("passkeyRollout.minCeremonies", "The field MinCeremonies must be between 0 and 1000000.")
	}
	if r.SuppressDays != nil && (*r.SuppressDays < 1 || *r.SuppressDays > 365) {
		return problems.Validation("passkeyRollout.suppressDays", "The field SuppressDays must be between 1 and 365.")
	}
	for field, m := range map[string]map[string]bool{"platforms": r.Platforms, "browsers": r.Browsers} {
		if len(m) > 32 {
			return problems.Validation("passkeyRollout."+field, "At most 32 families may be switched.")
		}
		for k := range m {
			if !familyName.MatchString(k) {
				return problems.Validation("passkeyRollout."+field, "A family is a lower-case name such as 'windows' or 'chrome'.")
			}
		}
	}
	return nil
}

func encodeRollout(r Rollout) string {
	if r.isZero() {
		return ""
	}
	b, _ := json.Marshal(r)
	return string(b)
}

// decodeRollout reads the stored rules; unreadable rules are none (the
// API never stores such).
func decodeRollout(s string) Rollout {
	var r Rollout
	if s != "" {
		_ = json.Unmarshal([]byte(s), &r)
	}
	return r
}

func (r Rollout) isZero() bool {
	return !r.KillSwitch && r.Percentage == nil && len(r.Platforms) == 0 && len(r.Browsers) == 0 &&
		r.MaxFailureRate == nil && r.MinCeremonies == 0 && r.SuppressDays == nil
}

// rolloutEvent is the audit of a rollout change: the kill switch as set,
// and the rules as set.
func rolloutEvent(id string, rules *Rollout, kill *bool) events.Event {
	var parts []string
	if kill != nil && *kill {
		parts = append(parts, "The passkey kill switch was turned on: everyone is sent to the fallback.")
	} else if kill != nil {
		parts = append(parts, "The passkey kill switch was turned off.")
	}
	if rules != nil {
		r := *rules
		r.KillSwitch = false
		parts = append(parts, fmt.Sprintf("The passkey rollout rules were set to %s.", encodeRolloutOrNone(r)))
	}
	return events.About(id, id, events.AdminPasskeyRolloutChanged, strings.Join(parts, " "))
}

func encodeRolloutOrNone(r Rollout) string {
	if s := encodeRollout(r); s != "" {
		return s
	}
	return "none (passkeys for everyone)"
}

// applyRollout applies c's rollout change to f.
func applyRollout(f *Features, c AppFeatureChange) {
	if c.PasskeyRollout != nil {
		kill := f.PasskeyRollout.KillSwitch
		f.PasskeyRollout = *c.PasskeyRollout
		f.PasskeyRollout.KillSwitch = kill
	}
	if c.PasskeyKillSwitch != nil {
		f.PasskeyRollout.KillSwitch = *c.PasskeyKillSwitch
	}
}
