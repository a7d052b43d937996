package api_test

import (
	"net/http"
	"strings"
	"testing"

	"passwordless/api/apitest"
)

// A /register/complete that fails verification after its session named the
// user is in that user's event log (their timeline) with the errorCode.
func TestRegisterComplete_RefusalIsLoggedWithItsErrorCode(t *testing.T) {
	h := apitest.New(t, apitest.Options{})
	b := newBrowser(t, h, "refusals")
	other := newBrowser(t, h, "refusalsother")
	for _, app := range []string{"refusals", "refusalsother"} {
		h.SetFeatures(t, app, map[string]any{"eventLoggingIsEnabled": true})
	}
	bg := b.beginRegistration(t, b.registerToken(t, map[string]any{"userId": "dana", "username": "dana@example.com"}))
	_, att, err := b.auth.Create(bg.Data, "https://evil.test") // clientDataJSON names another origin
	if err != nil {
		t.Fatal(err)
	}
	resp := b.completeRegistration(t, bg.Session, att, nil)
	wantProblem(t, resp, http.StatusBadRequest, "fido2_invalid_registration")

	logOf := func(app apitest.App) []string {
		var log struct {
			Events []struct {
				EventType, Message, Subject string
			} `json:"events"`
		}
		must(t, h, http.StatusOK, http.MethodGet, "/events?pageNumber=1&numberOfEvents=100", app.Secret(), nil).JSON(t, &log)
		var out []string
		for _, e := range log.Events {
			if strings.HasSuffix(e.EventType, "Failed") {
				out = append(out, e.EventType+" "+e.Subject+": "+e.Message)
			}
		}
		return out
	}
	want := "ApiAuthPasskeyRegistrationFailed dana: Passkey registration for user dana was refused by the server: fido2_invalid_registration"
	if got := logOf(b.app); len(got) != 1 || got[0] != want {
		t.Errorf("refusals logged = %q, want [%q]", got, want)
	}
	if got := logOf(other.app); len(got) != 0 {
		t.Errorf("another app's log holds %q", got)
	}
}
