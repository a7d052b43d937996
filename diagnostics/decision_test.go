package diagnostics

import (
	"fmt"
	"testing"
	"time"

	"passwordless/problems"
	"passwordless/tenants"
)

func TestDecide_Rules(t *testing.T) {
	pct := func(n int) *int { return &n }
	rate := func(f float64) *float64 { return &f }
	full := map[string]bool{"passkeyPlatformAuthenticator": true, "conditionalGet": true, "hybridTransport": true}
	noPlatform := map[string]bool{"passkeyPlatformAuthenticator": false, "conditionalGet": false, "hybridTransport": true}
	nothing := map[string]bool{"passkeyPlatformAuthenticator": false, "hybridTransport": false}
	mac := Device{"macos", "safari"}
	signin := func(caps map[string]bool) DecisionInput {
		return DecisionInput{Ceremony: "signin", Capabilities: caps, Device: mac, StickyID: "alice"}
	}
	withUser := func(in DecisionInput, u UserPasskeys) DecisionInput { in.User = &u; return in }
	register := func(caps map[string]bool) DecisionInput {
		in := signin(caps)
		in.Ceremony = "register"
		return in
	}
	tests := []struct {
		name   string
		rules  tenants.Rollout
		rate   segmentRate
		in     DecisionInput
		offer  string
		reason string
		reg    bool
	}{
		{"kill switch wins over everything", tenants.Rollout{KillSwitch: true}, segmentRate{}, signin(full), OfferFallback, ReasonKillSwitch, false},
		{"platform switched off", tenants.Rollout{Platforms: map[string]bool{"macos": false}}, segmentRate{}, signin(full), OfferFallback, ReasonPlatformOff, false},
		{"another platform switched off", tenants.Rollout{Platforms: map[string]bool{"windows": false, "macos": true}}, segmentRate{}, signin(full), OfferConditional, ReasonConditional, false},
		{"browser switched off", tenants.Rollout{Browsers: map[string]bool{"safari": false}}, segmentRate{}, signin(full), OfferFallback, ReasonBrowserOff, false},
		{"0 % rollout", tenants.Rollout{Percentage: pct(0)}, segmentRate{}, signin(full), OfferFallback, ReasonNotInRollout, false},
		{"100 % rollout", tenants.Rollout{Percentage: pct(100)}, segmentRate{}, signin(full), OfferConditional, ReasonConditional, false},
		{"partial rollout without anyone known", tenants.Rollout{Percentage: pct(99)}, segmentRate{},
			DecisionInput{Ceremony: "signin", Capabilities: full, Device: mac}, OfferFallback, ReasonNotInRollout, false},
		{"segment failing above the default threshold", tenants.Rollout{}, segmentRate{ceremonies: 100, failed: 60}, signin(full), OfferFallback, ReasonFailureRate, false},
		{"segment failing below the tenant's threshold", tenants.Rollout{MaxFailureRate: rate(0.7)}, segmentRate{ceremonies: 100, failed: 60}, signin(full), OfferConditional, ReasonConditional, false},
		{"too few ceremonies to judge", tenants.Rollout{}, segmentRate{ceremonies: 19, failed: 19}, signin(full), OfferConditional, ReasonConditional, false},
		{"tenant's minimum of ceremonies", tenants.Rollout{MinCeremonies: 5}, segmentRate{ceremonies: 5, failed: 5}, signin(full), OfferFallback, ReasonFailureRate, false},
		{"usernameless with conditional UI", tenants.Rollout{}, segmentRate{}, signin(full), OfferConditional, ReasonConditional, false},
		{"platform authenticator without conditional UI", tenants.Rollout{}, segmentRate{},
			signin(map[string]bool{"passkeyPlatformAuthenticator": true}), OfferPasskey, ReasonPlatformAuth, false},
		{"only another device (hybrid)", tenants.Rollout{}, segmentRate{}, signin(noPlatform), OfferHybrid, ReasonHybridOnly, false},
		{"no way to use a passkey", tenants.Rollout{}, segmentRate{}, signin(nothing), OfferFallback, ReasonNotSupported, false},
		{"no capabilities known", tenants.Rollout{}, segmentRate{}, signin(nil), OfferPasskey, ReasonUnknownSupport, false},
		{"user without passkeys: offer to create one here", tenants.Rollout{}, segmentRate{}, withUser(signin(full), UserPasskeys{}), OfferFallback, DecisionNoPasskey, true},
		{"user without passkeys on a device without platform authenticator", tenants.Rollout{}, segmentRate{}, withUser(signin(noPlatform), UserPasskeys{}), OfferFallback, DecisionNoPasskey, false},
		{"user with a synced passkey", tenants.Rollout{}, segmentRate{}, withUser(signin(full), UserPasskeys{Total: 1, Synced: 1}), OfferPasskey, ReasonPasskeyHere, false},
		{"user with a device-bound passkey on this platform", tenants.Rollout{}, segmentRate{}, withUser(signin(full), UserPasskeys{Total: 1, HerePlatform: 1}), OfferPasskey, ReasonPasskeyHere, false},
		{"user whose passkey is on another platform: hybrid, and create one here", tenants.Rollout{}, segmentRate{},
			withUser(signin(full), UserPasskeys{Total: 1}), OfferHybrid, ReasonPasskeyElse, true},
		{"user whose passkey is elsewhere, no hybrid", tenants.Rollout{}, segmentRate{},
			withUser(signin(map[string]bool{"passkeyPlatformAuthenticator": true}), UserPasskeys{Total: 1}), OfferFallback, ReasonPasskeyElse, true},
		{"register on a platform authenticator", tenants.Rollout{}, segmentRate{}, register(full), OfferPasskey, ReasonPlatformAuth, true},
		{"register when a synced passkey already reaches this device", tenants.Rollout{}, segmentRate{},
			withUser(register(full), UserPasskeys{Total: 1, Synced: 1}), OfferPasskey, ReasonPlatformAuth, false},
		{"register without platform authenticator: no offer here", tenants.Rollout{}, segmentRate{}, register(noPlatform), OfferHybrid, ReasonHybridOnly, false},
		{"register on a native app", tenants.Rollout{}, segmentRate{},
			DecisionInput{Ceremony: "register", Native: "ios", Device: Device{"ios", "app"}}, OfferPasskey, ReasonPlatformAuth, true},
	}
	failed := func(in DecisionInput, kind string) DecisionInput { in.DeviceFailure = kind; return in }
	tests = append(tests, []struct {
		name   string
		rules  tenants.Rollout
		rate   segmentRate
		in     DecisionInput
		offer  string
		reason string
		reg    bool
	}{
		{"device reported not supported: fallback, no offer to create one", tenants.Rollout{}, segmentRate{},
			failed(signin(full), DeviceNotSupported), OfferFallback, ReasonDeviceNotSupported, false},
		{"device reported not supported: no registration either", tenants.Rollout{}, segmentRate{},
			failed(register(full), DeviceNotSupported), OfferFallback, ReasonDeviceNotSupported, false},
		{"device without a usable passkey: fallback and create one here", tenants.Rollout{}, segmentRate{},
			failed(signin(full), DeviceNoPasskey), OfferFallback, ReasonDeviceNoPasskey, true},
		{"device without a usable passkey wins over the user's synced passkey", tenants.Rollout{}, segmentRate{},
			failed(withUser(signin(full), UserPasskeys{Total: 1, Synced: 1}), DeviceNoPasskey), OfferFallback, ReasonDeviceNoPasskey, true},
		{"device without a usable passkey, no platform authenticator: no offer", tenants.Rollout{}, segmentRate{},
			failed(signin(noPlatform), DeviceNoPasskey), OfferFallback, ReasonDeviceNoPasskey, false},
		{"device without a usable passkey may register one", tenants.Rollout{}, segmentRate{},
			failed(register(full), DeviceNoPasskey), OfferPasskey, ReasonPlatformAuth, true},
		{"kill switch still wins over a device's failure", tenants.Rollout{KillSwitch: true}, segmentRate{},
			failed(signin(full), DeviceNoPasskey), OfferFallback, ReasonKillSwitch, false},
	}...)
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := Decide("t1", tt.rules, tt.rate, tt.in)
			if got.Offer != tt.offer || got.Reason != tt.reason || got.RegisterOffer != tt.reg {
				t.Errorf("Decide = %+v, want %s / %s / registerOffer %v", got, tt.offer, tt.reason, tt.reg)
			}
		})
	}
}

// The rollout percentage is sticky per user and grows monotonically: a
// user in at 10 % stays in at 50 %, and about the percentage get in.
func TestDecide_RolloutIsStickyPerUser(t *testing.T) {
	in := map[int]int{}
	for i := range 2000 {
		id := fmt.Sprintf("user-%d", i)
		for _, p := range []int{10, 50} {
			if inRollout("t1", id, p) {
				in[p]++
			}
		}
		if inRollout("t1", id, 10) && !inRollout("t1", id, 50) {
			t.Fatalf("%s is in at 10 %% but out at 50 %%", id)
		}
		if first, again := inRollout("t1", id, 50), inRollout("t1", id, 50); first != again {
			t.Fatalf("%s is not sticky", id)
		}
	}
	if in[10] < 140 || in[10] > 260 || in[50] < 900 || in[50] > 1100 {
		t.Errorf("in at 10 %%: %d of 2000, at 50 %%: %d of 2000", in[10], in[50])
	}
}

func TestDeviceFailures_OnlyNoPasskeyOrNotSupportedAndExpire(t *testing.T) {
	now := time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)
	s := NewSegments(SegmentOptions{Now: func() time.Time { return now }})
	notSupported := Classification{ErrorCode: problems.PasskeyNotSupported, Action: SuppressPrompts}
	noPasskey := Classification{ErrorCode: problems.PasskeyNoCredentials}
	cancelled := Classification{ErrorCode: problems.PasskeyCancelled}
	suppress := tenants.Rollout{}.Suppression()
	s.DeviceFailed("t1", suppress, "signin", "phone", "", notSupported)
	s.DeviceFailed("t1", suppress, "signin", "laptop", "sess-1", noPasskey)
	s.DeviceFailed("t1", suppress, "signin", "tablet", "", cancelled)
	s.DeviceFailed("t1", suppress, "register", "desktop", "", noPasskey)
	s.DeviceFailed("t1", 3*24*time.Hour, "signin", "tv", "", notSupported) // a tenant's suppressDays: 3
	tests := []struct {
		name, tenant, device, session string
		after                         time.Duration
		want                          string
	}{
		{"not supported is remembered", "t1", "phone", "", 0, DeviceNotSupported},
		{"no usable passkey is remembered", "t1", "laptop", "", 0, DeviceNoPasskey},
		{"by the failed ceremony's session too", "t1", "", "sess-1", 0, DeviceNoPasskey},
		{"a cancel says nothing of the device", "t1", "tablet", "", 0, ""},
		{"a registration's no-credentials says nothing", "t1", "desktop", "", 0, ""},
		{"another device sees nothing", "t1", "watch", "", 0, ""},
		{"a different tenant sees nothing", "t2", "phone", "", 0, ""},
		{"no usable passkey expires within the hour", "t1", "laptop", "", deviceNoPasskeyFor, ""},
		{"not supported holds for days", "t1", "phone", "", 24 * time.Hour, DeviceNotSupported},
		{"not supported expires like the prompt's suppression", "t1", "phone", "", suppress, ""},
		{"a tenant's shorter suppression holds", "t1", "tv", "", 2 * 24 * time.Hour, DeviceNotSupported},
		{"and ends with it", "t1", "tv", "", 3 * 24 * time.Hour, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			at := now
			now = at.Add(tt.after)
			defer func() { now = at }()
			if got := s.deviceFailure(tt.tenant, tt.device, tt.session); got != tt.want {
				t.Errorf("deviceFailure = %q, want %q", got, tt.want)
			}
		})
	}
}
