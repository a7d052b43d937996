package api_test

import (
	"net/http"
	"os"
	"strings"
	"testing"
	"time"

	"passwordless/api/apitest"
	"passwordless/server"
	"passwordless/storage/storagetest"
)

type decisionAnswer struct {
	Offer         string `json:"offer"`
	Reason        string `json:"reason"`
	RegisterOffer bool   `json:"registerOffer"`
}

var macCapabilities = map[string]any{"passkeyPlatformAuthenticator": true, "conditionalGet": true, "hybridTransport": true}

func decide(t *testing.T, h *apitest.Harness, app apitest.App, headers apitest.H, body map[string]any) decisionAnswer {
	t.Helper()
	all := app.Public()
	for k, v := range headers {
		all[k] = v
	}
	var out decisionAnswer
	must(t, h, http.StatusOK, http.MethodPost, "/passkeys/decision", all, body).JSON(t, &out)
	return out
}

func setRollout(t *testing.T, h *apitest.Harness, app apitest.App, body map[string]any) {
	t.Helper()
	must(t, h, http.StatusNoContent, http.MethodPost, "/apps/features", app.Secret(), body)
}

func TestDecision_RulesSetThroughAppFeatures(t *testing.T) {
	h := apitest.New(t, apitest.Options{})
	app := h.CreateApp(t, "decider", nil)
	other := h.CreateApp(t, "bystander", nil)
	h.SetFeatures(t, "decider", map[string]any{"eventLoggingIsEnabled": true})
	mac := onDevice(t, h, app, macSafari, applePassword)
	mac.register("alice")
	signin := map[string]any{"ceremony": "signin", "capabilities": macCapabilities}

	want := func(name string, got decisionAnswer, offer, reason string, register bool) {
		t.Helper()
		if got.Offer != offer || got.Reason != reason || got.RegisterOffer != register {
			t.Errorf("%s: got %+v, want %s / %s / registerOffer %v", name, got, offer, reason, register)
		}
	}
	want("no rules", decide(t, h, app, macSafari, signin), "conditional", "conditional_available", false)
	want("alice has a passkey made on macOS", decide(t, h, app, macSafari,
		map[string]any{"ceremony": "signin", "capabilities": macCapabilities, "userId": "alice"}), "passkey", "passkey_here", false)
	want("alice on Windows", decide(t, h, app, winChrome,
		map[string]any{"ceremony": "signin", "capabilities": macCapabilities, "userId": "alice"}), "hybrid", "passkey_elsewhere", true)
	want("bob has none", decide(t, h, app, macSafari,
		map[string]any{"ceremony": "signin", "capabilities": macCapabilities, "userId": "bob"}), "fallback", "no_passkey", true)
	bg := mac.beginSignin(map[string]any{"userId": "alice"})
	want("alice named by her session and its nonce", decide(t, h, app, macSafari, map[string]any{"ceremony": "signin",
		"capabilities": macCapabilities, "session": bg.Session, "reportNonce": bg.ReportNonce}), "passkey", "passkey_here", false)
	want("a session without its nonce names nobody", decide(t, h, app, macSafari, map[string]any{"ceremony": "signin",
		"capabilities": macCapabilities, "session": bg.Session}), "conditional", "conditional_available", false)
	want("native iOS app registering", decide(t, h, app, nil,
		map[string]any{"ceremony": "register", "platform": "ios", "userId": "bob"}), "passkey", "platform_authenticator", true)

	setRollout(t, h, app, map[string]any{"passkeyRollout": map[string]any{"browsers": map[string]any{"safari": false}}})
	want("safari switched off", decide(t, h, app, macSafari, signin), "fallback", "browser_off", false)
	want("chrome still on", decide(t, h, app, winChrome, signin), "conditional", "conditional_available", false)
	want("the user agent of the body wins", decide(t, h, app, winChrome,
		map[string]any{"ceremony": "signin", "capabilities": macCapabilities, "userAgent": macSafari["User-Agent"]}), "fallback", "browser_off", false)

	setRollout(t, h, app, map[string]any{"passkeyRollout": map[string]any{"percentage": 0}})
	want("0 %", decide(t, h, app, macSafari, signin), "fallback", "not_in_rollout", false)

	setRollout(t, h, app, map[string]any{"passkeyRollout": nil, "passkeyKillSwitch": true})
	want("kill switch", decide(t, h, app, winChrome, signin), "fallback", "kill_switch", false)
	want("another tenant is not switched off", decide(t, h, other, winChrome, signin), "conditional", "conditional_available", false)
	setRollout(t, h, app, map[string]any{"passkeyRollout": map[string]any{}, "passkeyKillSwitch": false})
	want("rules cleared", decide(t, h, app, macSafari, signin), "conditional", "conditional_available", false)

	var log struct {
		Events []struct {
			EventType string `json:"eventType"`
			Message   string `json:"message"`
		} `json:"events"`
	}
	must(t, h, http.StatusOK, http.MethodGet, "/events?pageNumber=1&numberOfEvents=100", app.Secret(), nil).JSON(t, &log)
	var audited []string
	for _, e := range log.Events {
		if e.EventType == "AdminPasskeyRolloutChanged" {
			audited = append(audited, e.Message)
		}
	}
	if len(audited) != 4 || !strings.Contains(strings.Join(audited, "|"), "kill switch was turned on") {
		t.Errorf("audited rollout changes = %q, want 4 with the kill switch", audited)
	}
}

func TestDecision_Refusals(t *testing.T) {
	h := apitest.New(t, apitest.Options{})
	app := h.CreateApp(t, "refuser", nil)
	for name, tt := range map[string]struct {
		path    string
		headers apitest.H
		body    map[string]any
		status  int
		code    string
	}{
		"unknown ceremony":   {"/passkeys/decision", app.Public(), map[string]any{"ceremony": "login"}, 400, "validation_failed"},
		"unknown platform":   {"/passkeys/decision", app.Public(), map[string]any{"ceremony": "signin", "platform": "tizen"}, 400, "validation_failed"},
		"no key":             {"/passkeys/decision", apitest.H{}, map[string]any{"ceremony": "signin"}, 401, ""},
		"bad percentage":     {"/apps/features", app.Secret(), map[string]any{"passkeyRollout": map[string]any{"percentage": 101}}, 400, "validation_failed"},
		"bad failure rate":   {"/apps/features", app.Secret(), map[string]any{"passkeyRollout": map[string]any{"maxFailureRate": 2}}, 400, "validation_failed"},
		"bad browser family": {"/apps/features", app.Secret(), map[string]any{"passkeyRollout": map[string]any{"browsers": map[string]any{"Chrome 124": false}}}, 400, "validation_failed"},
	} {
		t.Run(name, func(t *testing.T) {
			resp := h.Do(t, http.MethodPost, tt.path, tt.headers, tt.body)
			if resp.Status != tt.status || (tt.code != "" && resp.Code() != tt.code) {
				t.Errorf("got %d %s, want %d %s", resp.Status, resp.Body, tt.status, tt.code)
			}
		})
	}
}

// TestDecision_KillSwitchReachesAnotherInstanceWithinASecond sets the kill
// switch through one server and polls a second one sharing the database
// and Redis: its cached application is dropped by the invalidation.
func TestDecision_KillSwitchReachesAnotherInstanceWithinASecond(t *testing.T) {
	if os.Getenv("TEST_DATABASE_URL") == "" || os.Getenv("TEST_REDIS_URL") == "" {
		t.Skip("needs TEST_DATABASE_URL and TEST_REDIS_URL")
	}
	// One schema, a connection pool per instance as in production: a
	// shared *gorm.DB had the second server register its callbacks while
	// the first one's jobs ran queries (a data race under -race).
	u := storagetest.PostgresURL(t)
	client, prefix := storagetest.Redis(t)
	instance := func() *apitest.Harness {
		return apitest.New(t, apitest.Options{DB: storagetest.MustOpen(t, u), Redis: client,
			Configure: func(c *server.Config) { c.RedisKeyPrefix = prefix }})
	}
	one, two := instance(), instance()
	app := one.CreateApp(t, "killed", nil)
	signin := map[string]any{"ceremony": "signin", "capabilities": macCapabilities}
	if got := decide(t, two, app, macSafari, signin); got.Offer != "conditional" {
		t.Fatalf("before: %+v", got) // two now holds the application in its cache
	}
	setRollout(t, one, app, map[string]any{"passkeyKillSwitch": true})
	start := time.Now()
	for {
		got := decide(t, two, app, macSafari, signin)
		if got.Offer == "fallback" && got.Reason == "kill_switch" {
			break
		}
		if time.Since(start) > time.Second {
			t.Fatalf("the second instance still answers %+v after 1 s", got)
		}
		time.Sleep(10 * time.Millisecond)
	}
	t.Logf("the second instance answered fallback after %v", time.Since(start))
}

// TestDecision_FailingSegmentFallsBack: once a segment's measured failure
// rate is above the app's threshold, its devices get the fallback while
// other segments keep passkeys; the rate is read in the background, so
// the decision never waits for it.
func TestDecision_FailingSegmentFallsBack(t *testing.T) {
	h := apitest.New(t, apitest.Options{})
	app := h.CreateApp(t, "failing", nil)
	setRollout(t, h, app, map[string]any{"passkeyRollout": map[string]any{"maxFailureRate": 0.5, "minCeremonies": 4}})
	ios := onDevice(t, h, app, iosSafari, applePassword)
	for range 4 {
		ios.beginSignin(map[string]any{})
		ios.report("signin", map[string]any{"name": "NotAllowedError"})
	}
	if err := h.Server.Segments.Flush(t.Context()); err != nil {
		t.Fatal(err)
	}
	signin := map[string]any{"ceremony": "signin", "capabilities": macCapabilities}
	deadline := time.Now().Add(2 * time.Second)
	for {
		got := decide(t, h, app, iosSafari, signin)
		if got.Offer == "fallback" && got.Reason == "segment_failure_rate" {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("the failing segment still gets %+v", got)
		}
		time.Sleep(20 * time.Millisecond)
	}
	if got := decide(t, h, app, winChrome, signin); got.Offer != "conditional" {
		t.Errorf("another segment gets %+v, want conditional", got)
	}
}

// TestDecision_BodiesDecodeAsEveryEndpoint's sends the shapes the
// decision's direct decoding does not take itself: each must get
// bindJSON's answer (upstream's JSON rules), not a looser or stricter one.
func TestDecision_BodiesDecodeAsEveryEndpoint(t *testing.T) {
	h := apitest.New(t, apitest.Options{})
	app := h.CreateApp(t, "decoder", nil)
	headers := app.Public()
	headers["User-Agent"] = macSafari["User-Agent"]
	for name, tt := range map[string]struct {
		body   string
		status int
		want   string // the reason, or the problem's errorCode
	}{
		"member names in any case":         {`{"CEREMONY":"signin","Capabilities":{"conditionalGet":true}}`, 200, "conditional_available"},
		"a number for a string":            {`{"ceremony":"signin","deviceId":12345,"capabilities":{"conditionalGet":true}}`, 200, "conditional_available"},
		"unknown members ignored":          {`{"ceremony":"signin","extra":[1,2],"capabilities":{"conditionalGet":true}}`, 200, "conditional_available"},
		"a NUL in a string":                {`{"ceremony":"signin","deviceId":"a\u0000b"}`, 400, "validation_failed"},
		"a NUL in a capability's name":     {`{"ceremony":"signin","capabilities":{"a\u0000":true}}`, 400, "validation_failed"},
		"a string for a capability":        {`{"ceremony":"signin","capabilities":{"conditionalGet":"yes"}}`, 400, "invalid_json"},
		"not an object":                    {`["signin"]`, 400, "invalid_json"},
		"null":                             {`null`, 400, "invalid_json"},
		"two values":                       {`{"ceremony":"signin"} {}`, 400, "invalid_json"},
		"a trailing comma":                 {`{"ceremony":"signin",}`, 400, "invalid_json"},
		"invalid UTF-8":                    {"{\"ceremony\":\"signin\",\"deviceId\":\"\xff\"}", 400, "validation_failed"},
		"the ceremony as a number refused": {`{"ceremony":1}`, 400, "validation_failed"},
	} {
		t.Run(name, func(t *testing.T) {
			resp := h.Do(t, http.MethodPost, "/passkeys/decision", headers, tt.body)
			got := resp.Code()
			if resp.Status == 200 {
				var a decisionAnswer
				resp.JSON(t, &a)
				got = a.Reason
			}
			if resp.Status != tt.status || got != tt.want {
				t.Errorf("got %d %s, want %d %s", resp.Status, resp.Body, tt.status, tt.want)
			}
		})
	}
}

// TestDecision_DeviceRecentFailureSendsItToFallback: a device that
// reported "not supported here" or "no usable passkey here" gets the
// fallback on its next decision (named by its deviceId), from memory;
// another device and another application are not affected.
func TestDecision_DeviceRecentFailureSendsItToFallback(t *testing.T) {
	h := apitest.New(t, apitest.Options{})
	app := h.CreateApp(t, "remembers", nil)
	other := h.CreateApp(t, "elsewhere", nil)
	report := func(a apitest.App, device string, e map[string]any) {
		t.Helper()
		must(t, h, http.StatusOK, http.MethodPost, "/diagnostics/failures", a.Public(),
			map[string]any{"ceremony": "signin", "deviceId": device, "error": e})
	}
	report(app, "device-unsupported", notSupported)
	report(app, "device-empty", noCredentials)
	report(app, "device-cancelled", map[string]any{"name": "NotAllowedError", "message": "The operation either timed out or was not allowed."})
	ask := func(a apitest.App, ceremony, device string) decisionAnswer {
		return decide(t, h, a, macSafari, map[string]any{"ceremony": ceremony, "capabilities": macCapabilities, "deviceId": device})
	}
	for _, tt := range []struct {
		name     string
		got      decisionAnswer
		offer    string
		reason   string
		register bool
	}{
		{"not supported there", ask(app, "signin", "device-unsupported"), "fallback", "device_not_supported", false},
		{"not supported there: no registration either", ask(app, "register", "device-unsupported"), "fallback", "device_not_supported", false},
		{"no usable passkey there: create one", ask(app, "signin", "device-empty"), "fallback", "device_no_passkey", true},
		{"a cancel changes nothing", ask(app, "signin", "device-cancelled"), "conditional", "conditional_available", false},
		{"another device", ask(app, "signin", "device-other"), "conditional", "conditional_available", false},
		{"a different tenant sees nothing", ask(other, "signin", "device-unsupported"), "conditional", "conditional_available", false},
	} {
		if tt.got.Offer != tt.offer || tt.got.Reason != tt.reason || tt.got.RegisterOffer != tt.register {
			t.Errorf("%s: got %+v, want %s / %s / registerOffer %v", tt.name, tt.got, tt.offer, tt.reason, tt.register)
		}
	}
}

// The public routes that take a body of their own size cap refuse a larger
// one as 413 payload_too_large, as the Abuse limits table says: a decision
// above 4 KiB, a failure report above 16 KiB.
func TestPublicBodies_AboveTheirCapAre413(t *testing.T) {
	h := apitest.New(t, apitest.Options{})
	app := h.CreateApp(t, "bodycap", nil)
	tests := []struct {
		path string
		size int
	}{
		{"/passkeys/decision", 5 << 10},
		{"/diagnostics/failures", 17 << 10},
	}
	for _, tt := range tests {
		t.Run(tt.path, func(t *testing.T) {
			body := map[string]any{"ceremony": "signin", "error": map[string]any{"name": "NotAllowedError", "message": strings.Repeat("x", tt.size)}}
			wantProblem(t, h.Do(t, http.MethodPost, tt.path, app.Public(), body), http.StatusRequestEntityTooLarge, "payload_too_large")
		})
	}
}
