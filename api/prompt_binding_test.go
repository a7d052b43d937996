package api_test

import (
	"net/http"
	"strings"
	"testing"
	"time"

	"passwordless/api/apitest"
	"passwordless/passkeys/passkeystest"
	"passwordless/server"
)

// Real User-Agents of two devices of one user.
const (
	iPhoneSafari  = "Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1"
	windowsChrome = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 Safari/537.36"
)

// proxiedHarness trusts the loopback proxy's X-Forwarded-For, so that a
// test can speak as several client addresses.
func proxiedHarness(t *testing.T) *apitest.Harness {
	return apitest.New(t, apitest.Options{Configure: func(c *server.Config) { c.TrustedProxies = []string{"127.0.0.1"} }})
}

// from are app's public-key headers as sent by the client at addr with
// the User-Agent ua ("" for none).
func from(app apitest.App, addr, ua string) apitest.H {
	hd := app.Public()
	hd["X-Forwarded-For"] = addr
	if ua != "" {
		hd["User-Agent"] = ua
	}
	return hd
}

// promptWith calls POST /users/passkey-prompt with body's members.
func promptWith(t *testing.T, h *apitest.Harness, app apitest.App, body map[string]any) promptAnswer {
	t.Helper()
	var out promptAnswer
	must(t, h, http.StatusOK, http.MethodPost, "/users/passkey-prompt", app.Secret(), body).JSON(t, &out)
	return out
}

var (
	notSupported  = map[string]any{"name": "NotSupportedError", "message": "attack"}
	noCredentials = map[string]any{"name": "InvalidStateError"} // a sign-in's: passkey_no_credentials
)

// TestPrompt_PublicKeyAloneCannotSteerAUsersPrompt is issue 24 item 5's
// attack, step by step: with the public key alone, begin a sign-in for
// alice, report a NotSupportedError (or "no passkey here") with that
// session from alice's kind of browser, then let alice sign in by password
// on her phone. Before the fix her backend was told device_not_configured
// (never offered again) or recent_passkey_failure (a heal offer).
func TestPrompt_PublicKeyAloneCannotSteerAUsersPrompt(t *testing.T) {
	eachBackend(t, func(t *testing.T, h *apitest.Harness) {
		b := newBrowser(t, h, "victim")
		b.register(t, "alice", nil)
		for _, e := range []map[string]any{notSupported, noCredentials} {
			bg := b.beginSignin(t, map[string]any{"userId": "alice"})
			must(t, h, http.StatusOK, http.MethodPost, "/diagnostics/failures", from(b.app, "127.0.0.66", iPhoneSafari),
				map[string]any{"ceremony": "signin", "session": bg.Session, "reportNonce": bg.ReportNonce, "error": e})
			wantPrompt(t, promptWith(t, h, b.app, map[string]any{"userId": "alice", "signedInWith": "password",
				"userAgent": iPhoneSafari}), false, "has_passkey")
			wantPrompt(t, prompt(t, h, b.app, "alice", "password"), false, "has_passkey")
		}
	})
}

// TestDiagnostics_OneClientsFloodNeitherFillsTheSamplesNorTheSummary: the
// same attacker, from one address, sends 65 reports a second apart while
// five real clients send one each. The attacker keeps at most one sample
// (64 of 65 before), and the summary counts it as one client.
func TestDiagnostics_OneClientsFloodNeitherFillsTheSamplesNorTheSummary(t *testing.T) {
	h := proxiedHarness(t)
	app := h.CreateApp(t, "flooded", nil)
	other := h.CreateApp(t, "calm", nil)
	send := func(addr string, e map[string]any) {
		must(t, h, http.StatusOK, http.MethodPost, "/diagnostics/failures", from(app, addr, windowsChrome),
			map[string]any{"ceremony": "signin", "error": e})
		h.Clock.Advance(time.Second)
	}
	for i := range 65 {
		send("127.0.0.66", notSupported)
		if i%13 == 0 {
			send("127.0.0."+string(rune('1'+i/13)), map[string]any{"name": "NotAllowedError", "message": "real"})
		}
	}
	var out struct {
		Samples []struct {
			Error map[string]any `json:"error"`
		} `json:"samples"`
	}
	must(t, h, http.StatusOK, http.MethodGet, "/diagnostics/failures/samples", app.Secret(), nil).JSON(t, &out)
	attacker, real := 0, 0
	for _, s := range out.Samples {
		switch s.Error["message"] {
		case "attack":
			attacker++
		case "real":
			real++
		}
	}
	if attacker > 1 || real != 5 {
		t.Errorf("samples: %d of the attacker's, %d of the 5 real clients'", attacker, real)
	}
	var rows []struct {
		Failures []struct {
			ErrorCode string `json:"errorCode"`
			Count     int64  `json:"count"`
			Clients   int64  `json:"clients"`
		} `json:"failures"`
	}
	must(t, h, http.StatusOK, http.MethodGet, "/diagnostics/failures/summary", app.Secret(), nil).JSON(t, &rows)
	got := map[string][2]int64{}
	for _, r := range rows {
		for _, f := range r.Failures {
			got[f.ErrorCode] = [2]int64{f.Count, f.Clients}
		}
	}
	if got["passkey_not_supported"] != [2]int64{65, 1} || got["passkey_not_allowed"] != [2]int64{5, 5} {
		t.Errorf("summary (count, clients) = %v", got)
	}
	must(t, h, http.StatusOK, http.MethodGet, "/diagnostics/failures/summary", other.Secret(), nil).JSON(t, &rows)
	if len(rows) != 0 {
		t.Errorf("another tenant's summary = %+v", rows)
	}
}

// TestPrompt_HealsOnlyAfterNoUsablePasskey (issue 21 §2): a failure the
// backend confirms with the ceremony's session offers a new passkey only
// when it means "no usable passkey here".
func TestPrompt_HealsOnlyAfterNoUsablePasskey(t *testing.T) {
	h := apitest.New(t, apitest.Options{})
	b := newBrowser(t, h, "healer")
	for i, tt := range []struct {
		name     string
		ceremony string
		err      map[string]any
		offer    bool
		reason   string
	}{
		{"no passkey on the device", "signin", noCredentials, true, "recent_passkey_failure"},
		{"Apple: no credentials", "signin", map[string]any{"domain": "com.apple.AuthenticationServices.AuthorizationError", "code": 1001,
			"underlying": map[string]any{"domain": "ASCAuthorizationErrorDomain", "code": 5}}, true, "recent_passkey_failure"},
		{"passkey deleted on the server", "signin", map[string]any{"from": "server", "errorCode": "unknown_credential", "status": 400}, true, "recent_passkey_failure"},
		{"cancel", "signin", map[string]any{"domain": "com.apple.AuthenticationServices.AuthorizationError", "code": 1001}, false, "has_passkey"},
		{"not allowed (cancel or timeout)", "signin", map[string]any{"name": "NotAllowedError"}, false, "has_passkey"},
		{"misconfiguration", "signin", map[string]any{"name": "SecurityError"}, false, "has_passkey"},
		{"interrupted", "signin", map[string]any{"name": "AbortError"}, false, "has_passkey"},
		{"already registered", "register", map[string]any{"name": "InvalidStateError"}, false, "has_passkey"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			user := "user" + string(rune('a'+i))
			b.register(t, user, nil)
			var bg begun
			if tt.ceremony == "register" {
				bg = b.beginRegistration(t, b.registerToken(t, map[string]any{"userId": user, "username": user}))
			} else {
				bg = b.beginSignin(t, map[string]any{"userId": user})
			}
			report(t, h, b.app, map[string]any{"ceremony": tt.ceremony, "session": bg.Session, "reportNonce": bg.ReportNonce, "error": tt.err})
			wantPrompt(t, promptWith(t, h, b.app, map[string]any{"userId": user, "signedInWith": "password", "session": bg.Session}),
				tt.offer, tt.reason)
		})
	}
}

// TestPrompt_HealOfferEndsWithANewPasskeyOrADay: a confirmed heal holds
// for the next sign-ins until the user registers a passkey, or for a day.
func TestPrompt_HealOfferEndsWithANewPasskeyOrADay(t *testing.T) {
	eachBackend(t, func(t *testing.T, h *apitest.Harness) {
		b := newBrowser(t, h, "healing")
		other := h.CreateApp(t, "other", nil)
		b.register(t, "alice", nil)
		heal := func() begun {
			bg := b.beginSignin(t, map[string]any{"userId": "alice"})
			report(t, h, b.app, map[string]any{"ceremony": "signin", "session": bg.Session, "reportNonce": bg.ReportNonce, "error": noCredentials})
			return bg
		}
		bg := heal()
		wantPrompt(t, prompt(t, h, b.app, "alice", "password"), false, "has_passkey") // not confirmed yet
		// The session reported to another application ties nothing there.
		report(t, h, other, map[string]any{"ceremony": "signin", "session": bg.Session, "reportNonce": bg.ReportNonce, "error": noCredentials})
		wantPrompt(t, promptWith(t, h, other, map[string]any{"userId": "alice", "signedInWith": "password", "session": bg.Session}),
			true, "no_passkey")
		// Bob's backend cannot use alice's ceremony.
		wantPrompt(t, promptWith(t, h, b.app, map[string]any{"userId": "bob", "signedInWith": "password", "session": bg.Session}),
			true, "no_passkey")
		wantPrompt(t, promptWith(t, h, b.app, map[string]any{"userId": "alice", "signedInWith": "password", "session": bg.Session}),
			false, "has_passkey") // bob's try used it up
		bg = heal()
		wantPrompt(t, promptWith(t, h, b.app, map[string]any{"userId": "alice", "signedInWith": "magic_link", "session": bg.Session}),
			true, "recent_passkey_failure")
		wantPrompt(t, prompt(t, h, b.app, "alice", "password"), true, "recent_passkey_failure")
		h.Clock.Advance(time.Second)
		phone := &browser{h: h, app: b.app, auth: passkeystest.New(passkeystest.EdDSA, passkeystest.AttestationNone)}
		phone.register(t, "alice", nil) // she took the offer, on this device
		wantPrompt(t, prompt(t, h, b.app, "alice", "password"), false, "has_passkey")

		h.Clock.Advance(time.Second)
		bg = heal()
		wantPrompt(t, promptWith(t, h, b.app, map[string]any{"userId": "alice", "signedInWith": "password", "session": bg.Session}),
			true, "recent_passkey_failure")
		h.Clock.Advance(25 * time.Hour)
		wantPrompt(t, prompt(t, h, b.app, "alice", "password"), false, "has_passkey")

		// Reporting did not consume the session: the ceremony can still complete.
		bg = heal()
		_, assertion, err := b.auth.Get(bg.Data, testOrigin)
		if err != nil {
			t.Fatal(err)
		}
		must(t, h, http.StatusOK, http.MethodPost, "/signin/complete", b.app.Public(),
			map[string]any{"session": bg.Session, "response": assertion, "RPID": testRPID, "Origin": testOrigin})
	})
}

// TestPrompt_UsernamelessFailureHealsThroughItsSession: a conditional-UI
// sign-in names no user; it fails, the user signs in by password, and the
// backend's session ties the failure to them.
func TestPrompt_UsernamelessFailureHealsThroughItsSession(t *testing.T) {
	h := apitest.New(t, apitest.Options{})
	b := newBrowser(t, h, "autofill")
	b.register(t, "alice", nil)
	bg := b.beginSignin(t, map[string]any{})
	report(t, h, b.app, map[string]any{"ceremony": "signin", "session": bg.Session, "reportNonce": bg.ReportNonce, "mediation": "conditional", "error": noCredentials})
	wantPrompt(t, promptWith(t, h, b.app, map[string]any{"userId": "alice", "signedInWith": "password", "session": bg.Session}),
		true, "recent_passkey_failure")
	// A report is kept for a day at most.
	bg = b.beginSignin(t, map[string]any{})
	report(t, h, b.app, map[string]any{"ceremony": "signin", "session": bg.Session, "reportNonce": bg.ReportNonce, "error": noCredentials})
	h.Clock.Advance(25 * time.Hour)
	wantPrompt(t, promptWith(t, h, b.app, map[string]any{"userId": "alice", "signedInWith": "password", "session": bg.Session}),
		false, "has_passkey")
}

// TestPrompt_SuppressionIsPerDeviceAndExpires: "not supported on this
// device", confirmed, holds prompts back on that device (platform and
// browser family, or the client's device id) for 30 days.
func TestPrompt_SuppressionIsPerDeviceAndExpires(t *testing.T) {
	eachDatabase(t, func(t *testing.T, h *apitest.Harness) {
		b := newBrowser(t, h, "suppress")
		bg := b.beginRegistration(t, b.registerToken(t, map[string]any{"userId": "bob", "username": "bob@example.com"}))
		must(t, h, http.StatusOK, http.MethodPost, "/diagnostics/failures", from(b.app, "127.0.0.1", iPhoneSafari),
			map[string]any{"ceremony": "register", "session": bg.Session, "reportNonce": bg.ReportNonce, "error": map[string]any{"name": "NotSupportedError"}})
		ask := func(extra map[string]any) promptAnswer {
			body := map[string]any{"userId": "bob", "signedInWith": "password"}
			for k, v := range extra {
				body[k] = v
			}
			return promptWith(t, h, b.app, body)
		}
		wantPrompt(t, ask(nil), true, "no_passkey") // the report alone changes nothing
		wantPrompt(t, ask(map[string]any{"session": bg.Session}), false, "device_not_configured")
		wantPrompt(t, ask(map[string]any{"userAgent": strings.Replace(iPhoneSafari, "17_5", "18_0", 1)}), false, "device_not_configured")
		wantPrompt(t, ask(map[string]any{"userAgent": windowsChrome}), true, "no_passkey")
		wantPrompt(t, prompt(t, h, b.app, "carol", "password"), true, "no_passkey")

		// A native app names its device.
		bg = b.beginRegistration(t, b.registerToken(t, map[string]any{"userId": "bob", "username": "bob@example.com"}))
		report(t, h, b.app, map[string]any{"ceremony": "register", "session": bg.Session, "reportNonce": bg.ReportNonce, "platform": "ios", "deviceId": "device-1",
			"error": map[string]any{"domain": "com.apple.AuthenticationServices.AuthorizationError", "code": 1010}})
		wantPrompt(t, ask(map[string]any{"session": bg.Session, "deviceId": "device-1"}), false, "device_not_configured")
		wantPrompt(t, ask(map[string]any{"deviceId": "device-1"}), false, "device_not_configured")
		wantPrompt(t, ask(map[string]any{"deviceId": "device-2"}), true, "no_passkey")

		h.Clock.Advance(30*24*time.Hour + time.Second)
		wantPrompt(t, ask(map[string]any{"userAgent": iPhoneSafari}), true, "no_passkey")
		wantPrompt(t, ask(map[string]any{"deviceId": "device-1"}), true, "no_passkey")
	})
}

// TestDiagnostics_OnlyTheClientThatBeganACeremonyReportsOnIt: the begin
// answers carry a reportNonce beside data and session; a report counts for
// its ceremony only with that nonce, so a session value that leaked (it
// travels to the tenant's backend) lets nobody else speak for the client.
func TestDiagnostics_OnlyTheClientThatBeganACeremonyReportsOnIt(t *testing.T) {
	h := apitest.New(t, apitest.Options{})
	b := newBrowser(t, h, "nonces")
	b.register(t, "alice", nil)
	confirm := func(bg begun, nonce any) promptAnswer {
		report(t, h, b.app, map[string]any{"ceremony": "signin", "session": bg.Session, "reportNonce": nonce, "error": noCredentials})
		return promptWith(t, h, b.app, map[string]any{"userId": "alice", "signedInWith": "password", "session": bg.Session})
	}
	// A passkey sign-in on that client shows passkeys work there: its failure is not applied.
	passkeyFirst := b.beginSignin(t, map[string]any{"userId": "alice"})
	report(t, h, b.app, map[string]any{"ceremony": "signin", "session": passkeyFirst.Session, "reportNonce": passkeyFirst.ReportNonce, "error": noCredentials})
	wantPrompt(t, promptWith(t, h, b.app, map[string]any{"userId": "alice", "signedInWith": "passkey", "session": passkeyFirst.Session}),
		false, "signed_in_with_passkey")
	wantPrompt(t, prompt(t, h, b.app, "alice", "password"), false, "has_passkey")
	first, second := b.beginSignin(t, map[string]any{"userId": "alice"}), b.beginSignin(t, map[string]any{"userId": "alice"})
	if len(first.ReportNonce) < 20 || first.ReportNonce == second.ReportNonce || len(first.Data) == 0 {
		t.Fatalf("begin answers: %+v, %+v", first, second)
	}
	reg := b.beginRegistration(t, b.registerToken(t, map[string]any{"userId": "alice", "username": "alice"}))
	if len(reg.ReportNonce) < 20 {
		t.Fatalf("register/begin answer lacks its reportNonce: %+v", reg)
	}
	wantPrompt(t, confirm(first, nil), false, "has_passkey")
	wantPrompt(t, confirm(second, first.ReportNonce), false, "has_passkey")
	third := b.beginSignin(t, map[string]any{"userId": "alice"})
	wantPrompt(t, confirm(third, third.ReportNonce), true, "recent_passkey_failure")
}

// TestPrompt_APasskeyDeletedOnTheServerHeals: the laptop still offers a
// passkey the server deleted; /signin/complete answers unknown_credential
// (consuming the session), the page reports it, the user signs in by
// password and is offered a new passkey there. Before, the consumed
// session tied the report to nobody.
func TestPrompt_APasskeyDeletedOnTheServerHeals(t *testing.T) {
	eachBackend(t, func(t *testing.T, h *apitest.Harness) {
		phone := newBrowser(t, h, "deleted")
		laptop := &browser{h: h, app: phone.app, auth: passkeystest.New(passkeystest.EdDSA, passkeystest.AttestationNone)}
		phone.register(t, "alice", nil)
		_, cred := laptop.register(t, "alice", nil)
		must(t, h, http.StatusNoContent, http.MethodPost, "/credentials/delete", phone.app.Secret(), map[string]any{"credentialId": cred.IDString()})
		h.Clock.Advance(time.Minute)

		bg := laptop.beginSignin(t, map[string]any{}) // autofill: discoverable
		_, assertion, err := laptop.auth.Get(bg.Data, testOrigin)
		if err != nil {
			t.Fatal(err)
		}
		p := wantProblem(t, laptop.completeSignin(t, bg.Session, assertion), 400, "unknown_credential")
		c := report(t, h, phone.app, map[string]any{"ceremony": "signin", "session": bg.Session, "reportNonce": bg.ReportNonce,
			"error": map[string]any{"from": "server", "errorCode": p["errorCode"], "status": 400, "title": p["title"]}})
		if c.ErrorCode != "unknown_credential" {
			t.Fatalf("classification = %+v", c)
		}
		wantPrompt(t, promptWith(t, h, phone.app, map[string]any{"userId": "alice", "signedInWith": "password",
			"session": bg.Session, "userAgent": windowsChrome}), true, "recent_passkey_failure")
		// The failed session stays unusable.
		wantProblem(t, laptop.completeSignin(t, bg.Session, assertion), 400, "session_not_found")
	})
}
