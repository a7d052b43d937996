package console_test

import (
	"encoding/json"
	"net/http"
	"strings"
	"testing"
	"time"

	"passwordless/passkeys/passkeystest"
)

// timelineRow is the row of the user's timeline that names event, "" when
// none does.
func timelineRow(page, event string) string {
	_, table, _ := strings.Cut(page, `id="timeline"`)
	for _, row := range strings.Split(table, "<tr") {
		if strings.Contains(row, `data-label="Event">`+event+"</td>") {
			return row
		}
	}
	return ""
}

// A sign-in the server refuses (a forged signature) is on the user's
// timeline with its errorCode, and the begun rows name the device.
func TestUsers_TimelineShowsServerRefusalsAndTheDeviceOfBegunCeremonies(t *testing.T) {
	h := newHarness(t)
	b := owner(t, h, "Acme", "owner@acme.test")
	keys := codes(b.createApp(t, "acmeapp"))
	auth := passkeystest.New(passkeystest.ES256, passkeystest.AttestationNone)
	registerWith(t, b, keys, "u1", map[string]any{}, auth)

	h.Clock.Advance(time.Minute)
	begun := apiCall(t, b, keys, "/signin/begin", map[string]string{"userId": "u1", "RPID": "shop.test", "Origin": "https://shop.test"})
	_, assertion, err := auth.Get(begun["data"], "https://shop.test")
	if err != nil {
		t.Fatal(err)
	}
	assertion.Response.Signature = "MEUCIQD" + strings.Repeat("A", 40) // not the authenticator's
	raw, _ := json.Marshal(map[string]any{"session": unquote(begun["session"]), "response": assertion,
		"RPID": "shop.test", "Origin": "https://shop.test"})
	p := b.do(t, http.MethodPost, "/signin/complete", strings.NewReader(string(raw)),
		map[string]string{"ApiKey": keys["api-key-1"], "Content-Type": "application/json", "User-Agent": iPhoneSafari})
	if p.Status != http.StatusBadRequest || !strings.Contains(p.Body, "signin_complete_error") {
		t.Fatalf("forged sign-in: %d %s, want 400 signin_complete_error", p.Status, p.Body)
	}

	page := b.get(t, "/console/apps/acmeapp/users/u1").Body
	refused := timelineRow(page, "ApiUserSignInFailed")
	for _, want := range []string{`class="failed"`, "refused by the server: signin_complete_error", "Mobile Safari on iOS 17"} {
		if !strings.Contains(refused, want) {
			t.Errorf("the refused sign-in's row lacks %q: %q", want, refused)
		}
	}
	if row := timelineRow(page, "ApiUserSignInBegan"); !strings.Contains(row, "Mobile Safari on iOS 17") {
		t.Errorf("the begun sign-in's row names no device: %q", row)
	}

	stranger := owner(t, h, "Other", "owner@other.test")
	if p := stranger.get(t, "/console/apps/acmeapp/users/u1"); p.Status != http.StatusNotFound {
		t.Errorf("another organization's admin gets u1's timeline: %d, want 404", p.Status)
	}
}
