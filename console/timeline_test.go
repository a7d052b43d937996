package console_test

import (
	"encoding/json"
	"net/http"
	"strings"
	"testing"
	"time"

	"passwordless/passkeys/passkeystest"
)

// iPhoneSafari is a real User-Agent of Safari 17 on iOS 17.
const iPhoneSafari = "Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4 Mobile/15E148 Safari/604.1"

// apiCall posts body to the public API with the app's public key and
// decodes the answer, failing the test on anything but 200.
func apiCall(t *testing.T, b *browser, keys map[string]string, path string, body any) map[string]json.RawMessage {
	t.Helper()
	raw, _ := json.Marshal(body)
	p := b.do(t, http.MethodPost, path, strings.NewReader(string(raw)),
		map[string]string{"ApiKey": keys["api-key-1"], "Content-Type": "application/json", "User-Agent": iPhoneSafari})
	if p.Status != http.StatusOK {
		t.Fatalf("%s: %d %s", path, p.Status, p.Body)
	}
	var out map[string]json.RawMessage
	_ = json.Unmarshal([]byte(p.Body), &out)
	return out
}

func TestUsers_PageShowsTheUsersTimelineNewestFirst(t *testing.T) {
	h := newHarness(t)
	b := owner(t, h, "Acme", "owner@acme.test")
	keys := codes(b.createApp(t, "acmeapp"))
	auth := passkeystest.New(passkeystest.ES256, passkeystest.AttestationNone)
	registerWith(t, b, keys, "u1", map[string]any{}, auth)
	registerUser(t, b, keys, "u2", map[string]any{})

	h.Clock.Advance(time.Minute)
	begun := apiCall(t, b, keys, "/signin/begin", map[string]string{"userId": "u1", "RPID": "shop.test", "Origin": "https://shop.test"})
	_, assertion, err := auth.Get(begun["data"], "https://shop.test")
	if err != nil {
		t.Fatal(err)
	}
	apiCall(t, b, keys, "/signin/complete", map[string]any{"session": unquote(begun["session"]), "response": assertion,
		"RPID": "shop.test", "Origin": "https://shop.test"})

	h.Clock.Advance(time.Minute)
	failed := apiCall(t, b, keys, "/signin/begin", map[string]string{"userId": "u1", "RPID": "shop.test", "Origin": "https://shop.test"})
	apiCall(t, b, keys, "/diagnostics/failures", map[string]any{"ceremony": "signin", "session": unquote(failed["session"]),
		"reportNonce": unquote(failed["reportNonce"]), "error": map[string]any{"name": "NotAllowedError"}})

	h.Clock.Advance(time.Minute)
	if p := b.do(t, http.MethodPost, "/users/passkey-prompt/skip", strings.NewReader(`{"userId":"u1"}`),
		map[string]string{"ApiSecret": keys["api-secret-1"], "Content-Type": "application/json"}); p.Status >= 300 {
		t.Fatalf("skip: %d %s", p.Status, p.Body)
	}

	page := b.get(t, "/console/apps/acmeapp/users/u1")
	if page.Status != http.StatusOK {
		t.Fatalf("u1's page: %d", page.Status)
	}
	_, timeline, ok := strings.Cut(page.Body, `id="timeline"`)
	if !ok {
		t.Fatalf("u1's page has no timeline: %.2000s", page.Body)
	}
	at := func(s string) int { return strings.Index(timeline, s) }
	order := []string{"ApiUserPasskeyPromptSkipped", "ApiUserClientFailure", "ApiUserSignInCompleted", "ApiAuthPasskeyRegistrationCompleted", "ApiAuthPasskeyRegistrationBegan"}
	for i, s := range order {
		if at(s) < 0 {
			t.Errorf("the timeline lacks %s: %.3000s", s, timeline)
		} else if i > 0 && at(order[i-1]) > at(s) {
			t.Errorf("%s is listed before %s: want newest first", order[i-1], s)
		}
	}
	if !strings.Contains(timeline, "failed on the client: passkey_not_allowed") || !strings.Contains(timeline, `class="failed"`) {
		t.Errorf("the client failure is not shown with its code: %.3000s", timeline)
	}
	for _, s := range []string{"Mobile Safari on iOS 17", "safari on ios"} {
		if !strings.Contains(timeline, s) {
			t.Errorf("the timeline lacks the device %q: %.3000s", s, timeline)
		}
	}
	if strings.Contains(timeline, "for user u2") {
		t.Error("u1's timeline lists u2's events")
	}

	stranger := owner(t, h, "Other", "owner@other.test")
	for _, path := range []string{"/console/apps/acmeapp/users/u1", "/console/apps/acmeapp/users"} {
		if p := stranger.get(t, path); p.Status != http.StatusNotFound {
			t.Errorf("another organization's admin gets %s: %d, want 404", path, p.Status)
		}
	}
}
