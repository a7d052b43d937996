package diagnostics

import (
	"hash/fnv"

	"passwordless/tenants"
)

// The offers of POST /passkeys/decision.
const (
	OfferPasskey     = "passkey"     // open the passkey prompt
	OfferConditional = "conditional" // offer passkeys in the username field's autofill
	OfferHybrid      = "hybrid"      // sign in with a passkey on another device (QR code)
	OfferFallback    = "fallback"    // do not open any passkey prompt
)

// Reasons of a decision, in the order the rules are tried.
const (
	ReasonKillSwitch     = "kill_switch"
	ReasonPlatformOff    = "platform_off"
	ReasonBrowserOff     = "browser_off"
	ReasonNotInRollout   = "not_in_rollout"
	ReasonFailureRate    = "segment_failure_rate"
	ReasonNotSupported   = "not_supported"
	DecisionNoPasskey    = "no_passkey"
	ReasonPasskeyHere    = "passkey_here"
	ReasonPasskeyElse    = "passkey_elsewhere"
	ReasonConditional    = "conditional_available"
	ReasonPlatformAuth   = "platform_authenticator"
	ReasonHybridOnly     = "hybrid_only"
	ReasonUnknownSupport = "capabilities_unknown"
	// The device's own recent failure (DecisionInput.DeviceFailure).
	ReasonDeviceNotSupported = "device_not_supported"
	ReasonDeviceNoPasskey    = "device_no_passkey"
)

// DecisionInput is what the page or app says before it opens a prompt.
type DecisionInput struct {
	// Ceremony is "signin" or "register".
	Ceremony string
	// Capabilities are getClientCapabilities()'s answer; nil when the
	// browser has none (or a native app sends none).
	Capabilities map[string]bool
	Device       Device
	// Native is the app's own platform (ios, android, macos), "" on the
	// web.
	Native string
	// StickyID is the user (or, without one, the device id) the rollout
	// percentage is sticky for; "" is nobody known.
	StickyID string
	// User is what is known of the hinted user's passkeys; nil without a
	// hint.
	User *UserPasskeys
	// DeviceFailure is what the device's recent failure says (
	// DeviceNotSupported, DeviceNoPasskey), "" when it had none.
	DeviceFailure string
}

// UserPasskeys summarises a user's passkeys for the decision.
type UserPasskeys struct {
	// Total passkeys; Synced are backup-eligible (usable on every device
	// of the provider's account); HerePlatform were created on the
	// requesting device's platform family.
	Total, Synced, HerePlatform int
}

// Decision is the answer of POST /passkeys/decision.
type Decision struct {
	Offer         string
	Reason        string
	RegisterOffer bool
}

// segmentRate is a segment's measured ceremonies.
type segmentRate struct {
	ceremonies int64
	failed     int64
}

// Decide applies the rules in order: the kill switch, the per-platform
// and per-browser switches, the rollout percentage (sticky per user), the
// segment's measured failure rate against the tenant's threshold, the
// device's recent failure (not supported there: fallback; no usable
// passkey there: fallback for a sign-in, with the offer to create one),
// then what the device and the user can do. It is pure: every input is in
// memory.
func Decide(tenant string, rules tenants.Rollout, rate segmentRate, in DecisionInput) Decision {
	if d, stop := gate(tenant, rules, rate, in); stop {
		return d
	}
	platformAuth, known := platformAuthenticator(in)
	switch {
	case in.DeviceFailure == DeviceNotSupported:
		return Decision{Offer: OfferFallback, Reason: ReasonDeviceNotSupported}
	case in.DeviceFailure == DeviceNoPasskey && in.Ceremony == "signin":
		// The prompt would fail again; creating a passkey here is the cure.
		return Decision{Offer: OfferFallback, Reason: ReasonDeviceNoPasskey, RegisterOffer: platformAuth}
	}
	if in.Ceremony == "register" {
		return registerDecision(platformAuth, known, in)
	}
	return signinDecision(platformAuth, known, in)
}

// gate is the rollout rules: any of them sends the device to the fallback.
func gate(tenant string, rules tenants.Rollout, rate segmentRate, in DecisionInput) (Decision, bool) {
	fallback := func(reason string) (Decision, bool) { return Decision{Offer: OfferFallback, Reason: reason}, true }
	switch {
	case rules.KillSwitch:
		return fallback(ReasonKillSwitch)
	case switchedOff(rules.Platforms, in.Device.Platform):
		return fallback(ReasonPlatformOff)
	case switchedOff(rules.Browsers, in.Device.Browser):
		return fallback(ReasonBrowserOff)
	case rules.Percentage != nil && !inRollout(tenant, in.StickyID, *rules.Percentage):
		return fallback(ReasonNotInRollout)
	case failing(rules, rate):
		return fallback(ReasonFailureRate)
	}
	return Decision{}, false
}

func switchedOff(m map[string]bool, family string) bool {
	on, ok := m[family]
	return ok && !on
}

// inRollout places id in one of 100 buckets by a hash of the tenant and
// id, so a user keeps their answer as the percentage grows; nobody known
// is in only at 100 %.
func inRollout(tenant, id string, percentage int) bool {
	if percentage >= 100 {
		return true
	}
	if id == "" {
		return false
	}
	h := fnv.New32a()
	_, _ = h.Write([]byte(tenant + "\x00" + id))
	return int(h.Sum32()%100) < percentage
}

// failing reports a segment measured often enough whose failure rate is
// above the tenant's threshold.
func failing(rules tenants.Rollout, r segmentRate) bool {
	least := int64(rules.MinCeremonies)
	if least == 0 {
		least = tenants.DefaultMinCeremonies
	}
	limit := tenants.DefaultMaxFailureRate
	if rules.MaxFailureRate != nil {
		limit = *rules.MaxFailureRate
	}
	return r.ceremonies >= least && float64(r.failed)/float64(r.ceremonies) > limit
}

// platformAuthenticator tells whether the device has a platform
// authenticator, and whether that is known: from the capabilities, or
// assumed for a native app (iOS 16 and Android 9 have one).
func platformAuthenticator(in DecisionInput) (has, known bool) {
	if v, ok := in.Capabilities["passkeyPlatformAuthenticator"]; ok {
		return v, true
	}
	if v, ok := in.Capabilities["userVerifyingPlatformAuthenticator"]; ok {
		return v, true
	}
	if in.Native != "" {
		return true, true
	}
	return false, false
}

func registerDecision(platformAuth, known bool, in DecisionInput) Decision {
	offerHere := platformAuth && (in.User == nil || in.User.HerePlatform == 0 && in.User.Synced == 0)
	switch {
	case platformAuth:
		return Decision{Offer: OfferPasskey, Reason: ReasonPlatformAuth, RegisterOffer: offerHere}
	case in.Capabilities["hybridTransport"]:
		return Decision{Offer: OfferHybrid, Reason: ReasonHybridOnly}
	case known:
		return Decision{Offer: OfferFallback, Reason: ReasonNotSupported}
	}
	return Decision{Offer: OfferPasskey, Reason: ReasonUnknownSupport}
}

func signinDecision(platformAuth, known bool, in DecisionInput) Decision {
	hybrid := in.Capabilities["hybridTransport"]
	if u := in.User; u != nil {
		register := platformAuth && u.HerePlatform == 0 && u.Synced == 0
		switch {
		case u.Total == 0:
			return Decision{Offer: OfferFallback, Reason: DecisionNoPasskey, RegisterOffer: platformAuth}
		case u.Synced > 0 || u.HerePlatform > 0:
			return Decision{Offer: OfferPasskey, Reason: ReasonPasskeyHere}
		case hybrid || !known:
			return Decision{Offer: OfferHybrid, Reason: ReasonPasskeyElse, RegisterOffer: register}
		}
		return Decision{Offer: OfferFallback, Reason: ReasonPasskeyElse, RegisterOffer: register}
	}
	switch {
	case in.Capabilities["conditionalGet"]:
		return Decision{Offer: OfferConditional, Reason: ReasonConditional}
	case platformAuth:
		return Decision{Offer: OfferPasskey, Reason: ReasonPlatformAuth}
	case hybrid:
		return Decision{Offer: OfferHybrid, Reason: ReasonHybridOnly}
	case known:
		return Decision{Offer: OfferFallback, Reason: ReasonNotSupported}
	}
	return Decision{Offer: OfferPasskey, Reason: ReasonUnknownSupport}
}
