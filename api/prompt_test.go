package api_test

import (
	"encoding/json"
	"net/http"
	"os"
	"strings"
	"sync"
	"testing"
	"time"

	"passwordless/api/apitest"
	"passwordless/server"
	"passwordless/storage/storagetest"
)

type promptAnswer struct {
	Offer  bool   `json:"offer"`
	Reason string `json:"reason"`
}

func prompt(t *testing.T, h *apitest.Harness, app apitest.App, userID, with string) promptAnswer {
	t.Helper()
	var out promptAnswer
	must(t, h, http.StatusOK, http.MethodPost, "/users/passkey-prompt", app.Secret(),
		map[string]any{"userId": userID, "signedInWith": with}).JSON(t, &out)
	return out
}

func skip(t *testing.T, h *apitest.Harness, app apitest.App, userID string) {
	t.Helper()
	must(t, h, http.StatusNoContent, http.MethodPost, "/users/passkey-prompt/skip", app.Secret(), map[string]any{"userId": userID})
}

func wantPrompt(t *testing.T, got promptAnswer, offer bool, reason string) {
	t.Helper()
	if got.Offer != offer || got.Reason != reason {
		t.Errorf("prompt = %+v, want offer=%v reason=%s", got, offer, reason)
	}
}

// eachBackend runs fn on SQLite, PostgreSQL and PostgreSQL with Redis
// (ceremony sessions then live in Redis), as far as the test servers exist.
func eachBackend(t *testing.T, fn func(t *testing.T, h *apitest.Harness)) {
	eachDatabase(t, fn)
	if os.Getenv("TEST_DATABASE_URL") != "" && os.Getenv("TEST_REDIS_URL") != "" {
		t.Run("postgres+redis", func(t *testing.T) {
			client, prefix := storagetest.Redis(t)
			fn(t, apitest.New(t, apitest.Options{DB: storagetest.Postgres(t), Redis: client,
				Configure: func(c *server.Config) { c.RedisKeyPrefix = prefix }}))
		})
	}
}

func TestPrompt_LimitReached(t *testing.T) {
	h := apitest.New(t, apitest.Options{})
	b := newBrowser(t, h, "limited")
	h.SetFeatures(t, b.app.ID, map[string]any{"maxCredentialsPerUser": 1})
	b.register(t, "dave", nil)
	wantPrompt(t, prompt(t, h, b.app, "dave", "password"), false, "limit_reached")
}

func TestPrompt_SkipHoldsForNineSignInsOrSevenDays(t *testing.T) {
	eachDatabase(t, func(t *testing.T, h *apitest.Harness) {
		app := h.CreateApp(t, "skipper", nil)
		skip(t, h, app, "erin")
		for i := 1; i <= 9; i++ {
			wantPrompt(t, prompt(t, h, app, "erin", "password"), false, "skipped")
		}
		wantPrompt(t, prompt(t, h, app, "erin", "password"), true, "no_passkey") // the 10th

		skip(t, h, app, "erin")
		wantPrompt(t, prompt(t, h, app, "erin", "password"), false, "skipped")
		h.Clock.Advance(7*24*time.Hour - time.Second)
		wantPrompt(t, prompt(t, h, app, "erin", "password"), false, "skipped")
		h.Clock.Advance(time.Second)
		wantPrompt(t, prompt(t, h, app, "erin", "password"), true, "no_passkey") // the first after 7 days

		// Per-app settings.
		must(t, h, http.StatusNoContent, http.MethodPost, "/apps/features", app.Secret(),
			map[string]any{"passkeyPromptSkipSignIns": 2, "passkeyPromptSkipDays": 0})
		skip(t, h, app, "erin")
		wantPrompt(t, prompt(t, h, app, "erin", "password"), false, "skipped")
		h.Clock.Advance(400 * 24 * time.Hour) // 0 days: no time limit
		wantPrompt(t, prompt(t, h, app, "erin", "password"), true, "no_passkey")
		for _, bad := range []map[string]any{{"passkeyPromptSkipSignIns": 0}, {"passkeyPromptSkipSignIns": 101}, {"passkeyPromptSkipDays": 366}, {"passkeyPromptSkipDays": -1}} {
			if resp := h.Do(t, http.MethodPost, "/apps/features", app.Secret(), bad); resp.Code() != "validation_failed" {
				t.Errorf("%v: %d %s", bad, resp.Status, resp.Body)
			}
		}
	})
}

func TestPrompt_ConcurrentSignInsEndTheSkipExactlyOnce(t *testing.T) {
	eachBackend(t, func(t *testing.T, h *apitest.Harness) {
		app := h.CreateApp(t, "racing", nil)
		skip(t, h, app, "frank")
		const calls = 30
		var mu sync.Mutex
		offers := 0
		var wg sync.WaitGroup
		for range calls {
			wg.Add(1)
			go func() {
				defer wg.Done()
				resp := h.Do(t, http.MethodPost, "/users/passkey-prompt", app.Secret(), map[string]any{"userId": "frank", "signedInWith": "password"})
				var out promptAnswer
				if err := json.Unmarshal(resp.Body, &out); err != nil || resp.Status != http.StatusOK {
					t.Errorf("prompt: %d %s", resp.Status, resp.Body)
				}
				if out.Offer {
					mu.Lock()
					offers++
					mu.Unlock()
				}
			}()
		}
		wg.Wait()
		// Sign-ins 1–9 after the skip are skipped, 10–30 are offered: exactly 21, however they interleave.
		if offers != calls-9 {
			t.Errorf("%d offers, want %d", offers, calls-9)
		}
	})
}

func TestPrompt_Validation(t *testing.T) {
	h := apitest.New(t, apitest.Options{})
	app := h.CreateApp(t, "strict", nil)
	for _, tt := range []struct {
		path string
		body map[string]any
		code string
	}{
		{"/users/passkey-prompt", map[string]any{"signedInWith": "password"}, "missing_userid"},
		{"/users/passkey-prompt", map[string]any{"userId": "x", "signedInWith": "telepathy"}, "validation_failed"},
		{"/users/passkey-prompt/skip", map[string]any{}, "missing_userid"},
	} {
		if resp := h.Do(t, http.MethodPost, tt.path, app.Secret(), tt.body); resp.Code() != tt.code {
			t.Errorf("%s %v: %d %s, want %s", tt.path, tt.body, resp.Status, resp.Body, tt.code)
		}
	}
	if resp := h.Do(t, http.MethodPost, "/users/passkey-prompt", app.Public(), map[string]any{"userId": "x"}); resp.Status != http.StatusUnauthorized {
		t.Errorf("public key: %d", resp.Status)
	}
}

func TestDiagnostics_ClientFailureEventAtMostOncePerMinute(t *testing.T) {
	h := apitest.New(t, apitest.Options{})
	b := newBrowser(t, h, "logged")
	h.SetFeatures(t, b.app.ID, map[string]any{"eventLoggingIsEnabled": true, "eventLoggingRetentionPeriod": 30})
	b.register(t, "gina", nil)
	fail := func(name string) {
		bg := b.beginSignin(t, map[string]any{"userId": "gina"})
		report(t, h, b.app, map[string]any{"ceremony": "signin", "session": bg.Session, "reportNonce": bg.ReportNonce, "error": map[string]any{"name": name}})
	}
	count := func() int {
		var page struct {
			Events []struct {
				EventType string `json:"eventType"`
				Subject   string `json:"subject"`
			} `json:"events"`
		}
		must(t, h, http.StatusOK, http.MethodGet, "/events?pageNumber=1&numberOfResults=100", b.app.Secret(), nil).JSON(t, &page)
		n := 0
		for _, e := range page.Events {
			if e.EventType == "ApiUserClientFailure" && e.Subject == "gina" {
				n++
			}
		}
		return n
	}
	fail("NotAllowedError")
	fail("NotAllowedError")
	if n := count(); n != 1 {
		t.Errorf("%d events after two failures within a minute, want 1", n)
	}
	fail("AbortError") // another errorCode
	if n := count(); n != 2 {
		t.Errorf("%d events after a failure of another code, want 2", n)
	}
	h.Clock.Advance(61 * time.Second)
	fail("AbortError")
	if n := count(); n != 3 {
		t.Errorf("%d events a minute later, want 3", n)
	}
}

// TestPrompt_DeletingTheUserForgetsTheirPromptState: a deleted user's
// skip (their row in the diagnostics' user table) goes with them.
func TestPrompt_DeletingTheUserForgetsTheirPromptState(t *testing.T) {
	eachDatabase(t, func(t *testing.T, h *apitest.Harness) {
		app := h.CreateApp(t, "forgetful", nil)
		other := h.CreateApp(t, "bystander", nil)
		skip(t, h, app, "gone")
		skip(t, h, other, "gone")
		must(t, h, http.StatusOK, http.MethodPost, "/users/delete", app.Secret(), map[string]any{"userId": "gone"})
		wantPrompt(t, prompt(t, h, app, "gone", "password"), true, "no_passkey")
		wantPrompt(t, prompt(t, h, other, "gone", "password"), false, "skipped") // another tenant's user is untouched
	})
}

func TestPrompt_OffersAndSkipsAreInTheUsersEvents(t *testing.T) {
	h := apitest.New(t, apitest.Options{})
	app := h.CreateApp(t, "timeline", nil)
	h.SetFeatures(t, app.ID, map[string]any{"eventLoggingIsEnabled": true, "eventLoggingRetentionPeriod": 30})
	must(t, h, http.StatusOK, http.MethodPost, "/users/passkey-prompt", app.Secret(),
		map[string]any{"userId": "hal", "signedInWith": "password", "userAgent": "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36"})
	h.Do(t, http.MethodPost, "/users/passkey-prompt/skip", app.Secret(), map[string]any{"userId": "hal"})
	var page struct {
		Events []struct {
			EventType string `json:"eventType"`
			Subject   string `json:"subject"`
			Message   string `json:"message"`
		} `json:"events"`
	}
	must(t, h, http.StatusOK, http.MethodGet, "/events?pageNumber=1&numberOfResults=100", app.Secret(), nil).JSON(t, &page)
	var got []string
	for _, e := range page.Events {
		if e.Subject == "hal" {
			got = append(got, e.EventType+": "+e.Message)
		}
	}
	want := []string{"ApiUserPasskeyPromptSkipped: Skipped the passkey prompt", "ApiUserPasskeyPromptOffered: Offered a passkey (no_passkey)"}
	if strings.Join(got, "|") != strings.Join(want, "|") {
		t.Errorf("hal's events = %q, want %q", got, want)
	}
}
