package api_test

import (
	"testing"

	"passwordless/api/apitest"
)

// Begun and failed ceremonies are counted under the provider that can be
// known: the one that answered (a registration, a discoverable sign-in:
// moved there on completion) or the one whose passkeys a sign-in offered
// (also for a failure reported with the ceremony's session). What no
// passkey ever answered and nothing predicted stays "unknown".
func TestSegmentSummary_ProviderOfBegunAndFailedCeremonies(t *testing.T) {
	h := apitest.New(t, apitest.Options{})
	app := h.CreateApp(t, "segprovider", nil)

	win := onDevice(t, h, app, winChrome, windowsHello)
	win.register("user-win")
	win.signin(map[string]any{"userId": "user-win"})

	mac := onDevice(t, h, app, macSafari, applePassword)
	mac.register("user-mac")
	mac.signin(map[string]any{}) // discoverable

	android := onDevice(t, h, app, androidChrome, googlePM)
	android.register("user-android")
	android.beginSignin(map[string]any{"userId": "user-android"}) // abandoned
	bg := android.beginSignin(map[string]any{"userId": "user-android"})
	android.call("/diagnostics/failures", android.as(app.Public()), map[string]any{"ceremony": "signin",
		"session": bg.Session, "reportNonce": bg.ReportNonce,
		"error": map[string]any{"name": "InvalidStateError", "message": "Request is already pending."}}, nil)

	ios := onDevice(t, h, app, iosSafari, applePassword)
	ios.beginSignin(map[string]any{}) // discoverable: nothing names a provider
	ios.report("signin", map[string]any{"name": "NotAllowedError", "message": "The operation either timed out or was not allowed."})
	linux := onDevice(t, h, app, linuxFirefox, googlePM)
	var tok struct{ Token string }
	linux.call("/register/token", app.Secret(), map[string]any{"userId": "user-linux", "username": "user-linux"}, &tok)
	var reg begun
	linux.call("/register/begin", linux.as(app.Public()), map[string]any{"token": tok.Token, "RPID": testRPID, "Origin": testOrigin}, &reg)
	linux.call("/diagnostics/failures", linux.as(app.Public()), map[string]any{"ceremony": "register",
		"session": reg.Session, "reportNonce": reg.ReportNonce, "error": map[string]any{"name": "InvalidStateError"}}, nil)

	assertSegments(t, "provider", countsBySegment(summary(t, h, app, "provider")), map[string]segmentCounts{
		"Windows Hello":           {2, 2, 0, 0},
		"Apple Passwords":         {2, 2, 0, 0},
		"Google Password Manager": {3, 1, 1, 1},
		"unknown":                 {2, 0, 2, 0},
	})
	// Moving a count between providers leaves the other groupings alone.
	assertSegments(t, "platform", countsBySegment(summary(t, h, app, "platform")), map[string]segmentCounts{
		"windows": {2, 2, 0, 0}, "macos": {2, 2, 0, 0}, "android": {3, 1, 1, 1}, "ios": {1, 0, 1, 0}, "linux": {1, 0, 1, 0},
	})
}
