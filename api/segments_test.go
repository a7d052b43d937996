package api_test

import (
	"encoding/json"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/google/uuid"

	"passwordless/api/apitest"
	"passwordless/passkeys/passkeystest"
)

// Real User-Agent strings (and Edge's client hints) of the browsers the
// summary test signs in from.
var (
	winChrome = apitest.H{"User-Agent": "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36"}
	winEdge   = apitest.H{"User-Agent": winChrome["User-Agent"],
		"Sec-CH-UA":          `"Chromium";v="124", "Microsoft Edge";v="124", "Not-A.Brand";v="99"`,
		"Sec-CH-UA-Platform": `"Windows"`}
	macSafari     = apitest.H{"User-Agent": "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4 Safari/605.1.15"}
	androidChrome = apitest.H{"User-Agent": "Mozilla/5.0 (Linux; Android 10; K) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Mobile Safari/537.36"}
	iosSafari     = apitest.H{"User-Agent": "Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4 Mobile/15E148 Safari/604.1"}
	linuxFirefox  = apitest.H{"User-Agent": "Mozilla/5.0 (X11; Linux x86_64; rv:125.0) Gecko/20100101 Firefox/125.0"}
)

// The AAGUIDs of three providers in authenticators/providers.json.
const (
	windowsHello  = "08987058-cadc-4b81-b6e1-30de50dcbe96"
	applePassword = "fbfc3007-154e-4ecc-8c0b-6e020557d7bd"
	googlePM      = "ea9b8d66-4d01-1d21-3ce4-b6b48cb575d4"
)

// device is a browser on one platform with one authenticator.
type device struct {
	t       *testing.T
	h       *apitest.Harness
	app     apitest.App
	headers apitest.H
	auth    *passkeystest.Authenticator
}

func onDevice(t *testing.T, h *apitest.Harness, app apitest.App, headers apitest.H, aaguid string) *device {
	a := passkeystest.New(passkeystest.ES256, passkeystest.AttestationNone)
	a.AAGUID = uuid.MustParse(aaguid)
	return &device{t: t, h: h, app: app, headers: headers, auth: a}
}

func (d *device) as(auth apitest.H) apitest.H {
	out := apitest.H{}
	for k, v := range d.headers {
		out[k] = v
	}
	for k, v := range auth {
		out[k] = v
	}
	return out
}

// call wants 200 and decodes the answer into out.
func (d *device) call(path string, headers apitest.H, body, out any) {
	d.t.Helper()
	resp := d.h.Do(d.t, http.MethodPost, path, headers, body)
	if resp.Status != http.StatusOK {
		d.t.Fatalf("%s: %d %s", path, resp.Status, resp.Body)
	}
	if out != nil {
		resp.JSON(d.t, out)
	}
}

// withAttachment adds the authenticatorAttachment a browser sends.
func withAttachment(t *testing.T, response any) map[string]any {
	raw, _ := json.Marshal(response)
	var m map[string]any
	if err := json.Unmarshal(raw, &m); err != nil {
		t.Fatal(err)
	}
	m["authenticatorAttachment"] = "platform"
	return m
}

// register runs a whole registration of userID and verifies its token.
func (d *device) register(userID string) {
	d.t.Helper()
	var tok struct{ Token string }
	d.call("/register/token", d.app.Secret(), map[string]any{"userId": userID, "username": userID}, &tok)
	var bg begun
	d.call("/register/begin", d.as(d.app.Public()), map[string]any{"token": tok.Token, "RPID": testRPID, "Origin": testOrigin}, &bg)
	_, att, err := d.auth.Create(bg.Data, testOrigin)
	if err != nil {
		d.t.Fatal(err)
	}
	d.call("/register/complete", d.as(d.app.Public()), map[string]any{"session": bg.Session,
		"response": withAttachment(d.t, att), "RPID": testRPID, "Origin": testOrigin}, nil)
}

// beginSignin begins a sign-in with body.
func (d *device) beginSignin(body map[string]any) begun {
	d.t.Helper()
	body["RPID"], body["Origin"] = testRPID, testOrigin
	var bg begun
	d.call("/signin/begin", d.as(d.app.Public()), body, &bg)
	return bg
}

// signin runs a whole sign-in begun with body and verifies its token.
func (d *device) signin(body map[string]any) {
	d.t.Helper()
	bg := d.beginSignin(body)
	_, asr, err := d.auth.Get(bg.Data, testOrigin)
	if err != nil {
		d.t.Fatal(err)
	}
	var tok struct{ Token string }
	d.call("/signin/complete", d.as(d.app.Public()), map[string]any{"session": bg.Session,
		"response": withAttachment(d.t, asr), "RPID": testRPID, "Origin": testOrigin}, &tok)
	d.call("/signin/verify", d.app.Secret(), map[string]any{"token": tok.Token}, nil)
}

// report sends a client failure report from the device.
func (d *device) report(ceremony string, errorObject map[string]any) {
	d.t.Helper()
	d.call("/diagnostics/failures", d.as(d.app.Public()), map[string]any{"ceremony": ceremony, "error": errorObject}, nil)
}

type summaryJSON struct {
	GroupBy string `json:"groupBy"`
	SignIns struct {
		Total, Passkey, MagicLink, Other int64
	} `json:"signIns"`
	PasskeyLoginRate *float64 `json:"passkeyLoginRate"`
	UsersSignedIn    int64    `json:"usersSignedIn"`
	UsersWithPasskey int64    `json:"usersWithPasskey"`
	EnrollmentRate   *float64 `json:"enrollmentRate"`
	Segments         []segmentJSON
	Days             []struct {
		Day      string        `json:"day"`
		Segments []segmentJSON `json:"segments"`
	} `json:"days"`
}

type segmentJSON struct {
	Segment                             string
	Begun, Completed, Failed, Abandoned int64
	SuccessRate                         *float64
	Failures                            []struct {
		ErrorCode string
		Count     int64
	}
}

func summary(t *testing.T, h *apitest.Harness, app apitest.App, groupBy string) summaryJSON {
	t.Helper()
	var out summaryJSON
	must(t, h, http.StatusOK, http.MethodGet, "/diagnostics/summary?groupBy="+groupBy, app.Secret(), nil).JSON(t, &out)
	return out
}

// segmentCounts is a segment's begun/completed/failed/abandoned.
type segmentCounts [4]int64

func countsBySegment(s summaryJSON) map[string]segmentCounts {
	out := map[string]segmentCounts{}
	for _, seg := range s.Segments {
		out[seg.Segment] = segmentCounts{seg.Begun, seg.Completed, seg.Failed, seg.Abandoned}
	}
	return out
}

func TestSegmentSummary_RatesPerPlatformBrowserAndProvider(t *testing.T) {
	h, mail := mailHarness(t, nil)
	app := magicApp(t, h, "segments", 1000)
	h.Clock.Advance(365 * oneDay) // magic links need an app older than a year

	win := onDevice(t, h, app, winChrome, windowsHello)
	win.register("user-win")
	win.signin(map[string]any{"userId": "user-win"})
	edge := *win
	edge.headers = winEdge
	edge.signin(map[string]any{"alias": ""}) // discoverable, from Edge

	mac := onDevice(t, h, app, macSafari, applePassword)
	mac.register("user-mac")
	mac.signin(map[string]any{})
	mac.signin(map[string]any{"mediation": "conditional"})

	android := onDevice(t, h, app, androidChrome, googlePM)
	android.register("user-android")
	android.beginSignin(map[string]any{"userId": "user-android"}) // abandoned
	var generated struct{ Token string }
	android.call("/signin/generate-token", app.Secret(), map[string]any{"userId": "user-android"}, &generated)
	android.call("/signin/verify", app.Secret(), map[string]any{"token": generated.Token}, nil)

	ios := onDevice(t, h, app, iosSafari, applePassword)
	ios.beginSignin(map[string]any{})
	ios.report("signin", map[string]any{"name": "NotAllowedError", "message": "The operation either timed out or was not allowed."})

	linux := onDevice(t, h, app, linuxFirefox, googlePM)
	var tok struct{ Token string }
	linux.call("/register/token", app.Secret(), map[string]any{"userId": "user-linux", "username": "user-linux"}, &tok)
	linux.call("/register/begin", linux.as(app.Public()), map[string]any{"token": tok.Token, "RPID": testRPID, "Origin": testOrigin}, nil)
	linux.report("register", map[string]any{"name": "InvalidStateError"})

	// user-7 has no passkey and signs in by magic link.
	if resp := sendMagicLink(t, h, app, magicLink("user@example.com")); resp.Status != http.StatusNoContent {
		t.Fatalf("send: %d %s", resp.Status, resp.Body)
	}
	text, err := mail.Wait(t).Part("text/plain")
	if err != nil {
		t.Fatal(err)
	}
	link, _ := url.Parse(strings.Fields(text[strings.Index(text, "https://shop.example.com/login?token="):])[0])
	win.call("/signin/verify", app.Secret(), map[string]any{"token": link.Query().Get("token")}, nil)

	byPlatform := summary(t, h, app, "platform")
	if s := byPlatform.SignIns; s.Total != 6 || s.Passkey != 4 || s.MagicLink != 1 || s.Other != 1 {
		t.Errorf("signIns = %+v, want 6: 4 passkey, 1 magic link, 1 other", s)
	}
	if r := byPlatform.PasskeyLoginRate; r == nil || *r != 4.0/6 {
		t.Errorf("passkeyLoginRate = %v, want 4/6", r)
	}
	if byPlatform.UsersSignedIn != 4 || byPlatform.UsersWithPasskey != 3 || byPlatform.EnrollmentRate == nil || *byPlatform.EnrollmentRate != 0.75 {
		t.Errorf("enrollment = %d of %d (%v), want 3 of 4", byPlatform.UsersWithPasskey, byPlatform.UsersSignedIn, byPlatform.EnrollmentRate)
	}
	wantPlatforms := map[string]segmentCounts{
		"windows": {3, 3, 0, 0}, "macos": {3, 3, 0, 0}, "android": {2, 1, 0, 1}, "ios": {1, 0, 1, 0}, "linux": {1, 0, 1, 0},
	}
	assertSegments(t, "platform", countsBySegment(byPlatform), wantPlatforms)
	if worst := byPlatform.Segments[0]; worst.SuccessRate == nil || *worst.SuccessRate != 0 {
		t.Errorf("worst segment first: got %s at %v", worst.Segment, worst.SuccessRate)
	}
	if len(byPlatform.Days) != 1 || len(byPlatform.Days[0].Segments) != 5 {
		t.Errorf("days = %+v, want one day with 5 segments", byPlatform.Days)
	}

	byBrowser := summary(t, h, app, "browser")
	assertSegments(t, "browser", countsBySegment(byBrowser), map[string]segmentCounts{
		"chrome": {4, 3, 0, 1}, "edge": {1, 1, 0, 0}, "safari": {4, 3, 1, 0}, "firefox": {1, 0, 1, 0},
	})
	for _, seg := range byBrowser.Segments {
		if seg.Segment == "firefox" && (len(seg.Failures) != 1 || seg.Failures[0].ErrorCode != "passkey_already_registered") {
			t.Errorf("firefox failures = %+v, want passkey_already_registered", seg.Failures)
		}
	}

	byProvider := countsBySegment(summary(t, h, app, "provider"))
	for name, completed := range map[string]int64{"Windows Hello": 3, "Apple Passwords": 3, "Google Password Manager": 1} {
		if byProvider[name][1] != completed {
			t.Errorf("provider %s completed %d, want %d (%v)", name, byProvider[name][1], completed, byProvider)
		}
	}
}

func assertSegments(t *testing.T, by string, got, want map[string]segmentCounts) {
	t.Helper()
	if len(got) != len(want) {
		t.Errorf("by %s: segments %v, want %v", by, got, want)
	}
	for name, w := range want {
		if got[name] != w {
			t.Errorf("by %s: %s = %v (begun, completed, failed, abandoned), want %v", by, name, got[name], w)
		}
	}
}

func TestSegmentSummary_DifferentTenantSeesNothing(t *testing.T) {
	eachDatabase(t, func(t *testing.T, h *apitest.Harness) {
		app := h.CreateApp(t, "segowner", nil)
		other := h.CreateApp(t, "segother", nil)
		win := onDevice(t, h, app, winChrome, windowsHello)
		win.register("user-1")
		win.signin(map[string]any{"userId": "user-1"})

		if got := summary(t, h, app, "platform"); got.SignIns.Total != 1 || got.UsersWithPasskey != 1 || len(got.Segments) != 1 {
			t.Fatalf("owner sees %+v, want its sign-in", got)
		}
		got := summary(t, h, other, "platform")
		if got.SignIns.Total != 0 || got.PasskeyLoginRate != nil || got.UsersSignedIn != 0 || len(got.Segments) != 0 || len(got.Days) != 0 {
			t.Errorf("another tenant sees %+v, want nothing", got)
		}
	})
}

func TestSegmentSummary_RejectsAnUnknownGrouping(t *testing.T) {
	h := apitest.New(t, apitest.Options{})
	app := h.CreateApp(t, "seggroup", nil)
	resp := h.Do(t, http.MethodGet, "/diagnostics/summary?groupBy=version", app.Secret(), nil)
	wantProblem(t, resp, http.StatusBadRequest, "validation_failed")
	resp = h.Do(t, http.MethodGet, "/diagnostics/summary", app.Public(), nil)
	if resp.Status != http.StatusUnauthorized && resp.Status != http.StatusForbidden {
		t.Errorf("public key: %d, want refused", resp.Status)
	}
}

// Every range of days is read by one parser (events.ParseDay): the
// summaries refuse a malformed day as the reports do, naming the field.
func TestSummaries_RefuseAMalformedDayLikeTheReports(t *testing.T) {
	h := apitest.New(t, apitest.Options{})
	app := h.CreateApp(t, "dayparse", nil)
	tests := []struct{ path, field string }{
		{"/diagnostics/failures/summary?from=2020-13-01", "from"},
		{"/diagnostics/summary?to=yesterday", "to"},
		{"/reporting/credentials/periodic?from=2020-13-01", "from"},
	}
	for _, tt := range tests {
		t.Run(tt.path, func(t *testing.T) {
			resp := h.Do(t, http.MethodGet, tt.path, app.Secret(), nil)
			wantProblem(t, resp, http.StatusBadRequest, "validation_failed")
			var p struct{ Errors map[string][]string }
			resp.JSON(t, &p)
			if msgs := p.Errors[tt.field]; len(msgs) != 1 || !strings.Contains(msgs[0], "is not a valid date (yyyy-MM-dd)") {
				t.Errorf("errors = %v, want the one day parser's message on %s", p.Errors, tt.field)
			}
		})
	}
}
