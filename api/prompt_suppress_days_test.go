package api_test

import (
	"net/http"
	"strings"
	"testing"
	"time"

	"passwordless/api/apitest"
)

// The per-device suppression lasts the app's passkeyRollout.suppressDays
// (1–365, default 30), set through POST /apps/features and audited.
func TestPrompt_SuppressionLastsTheAppsSuppressDays(t *testing.T) {
	h := apitest.New(t, apitest.Options{})
	b := newBrowser(t, h, "suppressdays")
	other := newBrowser(t, h, "suppressdefault")
	h.SetFeatures(t, "suppressdays", map[string]any{"eventLoggingIsEnabled": true})
	for _, bad := range []int{0, 366, -1} {
		resp := h.Do(t, http.MethodPost, "/apps/features", b.app.Secret(), map[string]any{"passkeyRollout": map[string]any{"suppressDays": bad}})
		wantProblem(t, resp, http.StatusBadRequest, "validation_failed")
	}
	setRollout(t, h, b.app, map[string]any{"passkeyRollout": map[string]any{"suppressDays": 3}})

	suppressed := func(b *browser) func(extra map[string]any) promptAnswer {
		bg := b.beginRegistration(t, b.registerToken(t, map[string]any{"userId": "bob", "username": "bob@example.com"}))
		must(t, h, http.StatusOK, http.MethodPost, "/diagnostics/failures", from(b.app, "127.0.0.1", iPhoneSafari),
			map[string]any{"ceremony": "register", "session": bg.Session, "reportNonce": bg.ReportNonce, "error": map[string]any{"name": "NotSupportedError"}})
		ask := func(extra map[string]any) promptAnswer {
			body := map[string]any{"userId": "bob", "signedInWith": "password", "userAgent": iPhoneSafari}
			for k, v := range extra {
				body[k] = v
			}
			return promptWith(t, h, b.app, body)
		}
		wantPrompt(t, ask(map[string]any{"session": bg.Session}), false, "device_not_configured")
		return ask
	}
	short, long := suppressed(b), suppressed(other)
	h.Clock.Advance(3*24*time.Hour + time.Second)
	wantPrompt(t, short(nil), true, "no_passkey")
	wantPrompt(t, long(nil), false, "device_not_configured") // the default 30 days
	h.Clock.Advance(27 * 24 * time.Hour)
	wantPrompt(t, long(nil), true, "no_passkey")

	var log struct {
		Events []struct {
			EventType string `json:"eventType"`
			Message   string `json:"message"`
		} `json:"events"`
	}
	must(t, h, http.StatusOK, http.MethodGet, "/events?pageNumber=1&numberOfEvents=100", b.app.Secret(), nil).JSON(t, &log)
	audited := false
	for _, e := range log.Events {
		audited = audited || e.EventType == "AdminPasskeyRolloutChanged" && strings.Contains(e.Message, `"suppressDays":3`)
	}
	if !audited {
		t.Errorf("the suppressDays change is not audited: %+v", log.Events)
	}
}
