package diagnostics

import (
	"testing"
	"time"

	"passwordless/problems"
	"passwordless/tenants"
)

// TestDecide_HealsOnlyANoUsablePasskeyUntilANewOne: the prompt rules of
// issue 21 §2, one row per rule.
func TestDecide_HealsOnlyANoUsablePasskeyUntilANewOne(t *testing.T) {
	now := time.Date(2026, 3, 4, 12, 0, 0, 0, time.UTC)
	ago := func(d time.Duration) *time.Time { at := now.Add(-d); return &at }
	one := int64(1)
	failed := func(code problems.Code, d time.Duration) userRow {
		return userRow{FailedAt: ago(d), FailureCode: string(code)}
	}
	for _, tt := range []struct {
		name       string
		features   tenants.Features
		user       userRow
		passkeys   passkeysOf
		suppressed bool
		want       PromptDecision
	}{
		{"no passkey", tenants.Features{}, userRow{}, passkeysOf{}, false, PromptDecision{true, ReasonNoPasskey}},
		{"has a passkey", tenants.Features{}, userRow{}, passkeysOf{1, now.Add(-time.Hour)}, false, PromptDecision{false, ReasonHasPasskey}},
		{"no credentials heals", tenants.Features{}, failed(problems.PasskeyNoCredentials, time.Hour), passkeysOf{1, now.Add(-48 * time.Hour)}, false,
			PromptDecision{true, ReasonRecentPasskeyFailure}},
		{"unknown credential heals", tenants.Features{}, failed(problems.UnknownCredential, time.Hour), passkeysOf{1, now.Add(-48 * time.Hour)}, false,
			PromptDecision{true, ReasonRecentPasskeyFailure}},
		{"a passkey registered since ends the heal", tenants.Features{}, failed(problems.PasskeyNoCredentials, time.Hour), passkeysOf{2, now.Add(-time.Minute)}, false,
			PromptDecision{false, ReasonHasPasskey}},
		{"a heal lasts a day", tenants.Features{}, failed(problems.PasskeyNoCredentials, 25*time.Hour), passkeysOf{1, now.Add(-48 * time.Hour)}, false,
			PromptDecision{false, ReasonHasPasskey}},
		{"a cancel never heals", tenants.Features{}, failed(problems.PasskeyCancelled, time.Hour), passkeysOf{1, now.Add(-48 * time.Hour)}, false,
			PromptDecision{false, ReasonHasPasskey}},
		{"not allowed never heals", tenants.Features{}, failed(problems.PasskeyNotAllowed, time.Hour), passkeysOf{1, now.Add(-48 * time.Hour)}, false,
			PromptDecision{false, ReasonHasPasskey}},
		{"a misconfiguration never heals", tenants.Features{}, failed(problems.PasskeyMisconfigured, time.Hour), passkeysOf{1, now.Add(-48 * time.Hour)}, false,
			PromptDecision{false, ReasonHasPasskey}},
		{"already registered never heals", tenants.Features{}, failed(problems.PasskeyAlreadyRegistered, time.Hour), passkeysOf{1, now.Add(-48 * time.Hour)}, false,
			PromptDecision{false, ReasonHasPasskey}},
		{"a suppressed device", tenants.Features{}, userRow{}, passkeysOf{}, true, PromptDecision{false, ReasonDeviceNotConfigured}},
		{"an old suppress action of the user is not the device's", tenants.Features{}, userRow{FailureAction: string(SuppressPrompts)}, passkeysOf{}, false,
			PromptDecision{true, ReasonNoPasskey}},
		{"the limit first", tenants.Features{MaxCredentialsPerUser: &one}, failed(problems.PasskeyNoCredentials, time.Hour), passkeysOf{1, now.Add(-48 * time.Hour)}, true,
			PromptDecision{false, ReasonLimitReached}},
		{"a skip holds a heal back", tenants.Features{PasskeyPromptSkipSignIns: 10, PasskeyPromptSkipDays: 7},
			userRow{FailedAt: ago(time.Hour), FailureCode: string(problems.PasskeyNoCredentials), SkippedAt: ago(time.Hour), SignInsSinceSkip: 1},
			passkeysOf{1, now.Add(-48 * time.Hour)}, false, PromptDecision{false, ReasonSkipped}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			if got := decide(tt.features, tt.user, tt.passkeys, tt.suppressed, now); got != tt.want {
				t.Errorf("decide = %+v, want %+v", got, tt.want)
			}
		})
	}
}

// TestDeviceKey_FamiliesNotVersions: a device is its platform and browser
// family, or the client's own id.
func TestDeviceKey_FamiliesNotVersions(t *testing.T) {
	for _, tt := range []struct{ deviceID, ua, fallback, want string }{
		{"", "Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1", "", "ua:ios/safari"},
		{"", "Mozilla/5.0 (iPhone; CPU iPhone OS 18_0 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) CriOS/126.0 Mobile/15E148 Safari/604.1", "", "ua:ios/chrome"},
		{"", "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 Safari/537.36 Edg/126.0.0.0", "", "ua:windows/edge"},
		{"", "Mozilla/5.0 (Macintosh; Intel Mac OS X 14.5; rv:127.0) Gecko/20100101 Firefox/127.0", "", "ua:macos/firefox"},
		{"", "Mozilla/5.0 (Linux; Android 14; SM-S918B) AppleWebKit/537.36 (KHTML, like Gecko) SamsungBrowser/25.0 Chrome/121.0.0.0 Mobile Safari/537.36", "", "ua:android/samsung"},
		{"", "Mozilla/5.0 (X11; CrOS x86_64 14541.0.0) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 Safari/537.36", "", "ua:chromeos/chrome"},
		{"", "MyApp/3 CFNetwork/1494.0.7 Darwin/23.4.0", "ios", "ua:ios/app"},
		{"", "okhttp/4.12.0", "android", "ua:android/app"},
		{"", "", "ios", "ua:ios/other"},
		{"device-1", "anything", "", ""}, // hashed: checked below
	} {
		got := deviceKey(tt.deviceID, tt.ua, tt.fallback)
		if tt.deviceID != "" {
			if len(got) != len("id:")+32 || got[:3] != "id:" || got == deviceKey("device-2", tt.ua, "") {
				t.Errorf("deviceKey(%q) = %q", tt.deviceID, got)
			}
			continue
		}
		if got != tt.want {
			t.Errorf("deviceKey(%q, %q) = %q, want %q", tt.ua, tt.fallback, got, tt.want)
		}
	}
}
