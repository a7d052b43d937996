package console_test

import (
	"fmt"
	"net/http"
	"strings"
	"testing"
)

// A failed passkey ceremony of a console page is classified by the
// diagnostics service and answered with its advice, which the page shows.
func TestFailures_ReportedAndAdvised(t *testing.T) {
	h := newHarness(t)
	b := owner(t, h, "Acme", "owner@acme.test")
	signin := newBrowser(h)
	preCSRF := attr(t, signin.get(t, "/console/signin"), "data-csrf")
	sessionCSRF := csrfOf(t, b.get(t, "/console/profile"))
	for _, tc := range []struct {
		name     string
		b        *browser
		csrf     string
		ceremony string
		error    map[string]string
		code     string
	}{
		{"sign-in cancelled", signin, preCSRF, "signin", map[string]string{"name": "NotAllowedError", "message": "The operation either timed out or was not allowed."}, "passkey_not_allowed"},
		{"profile: passkey exists already", b, sessionCSRF, "register", map[string]string{"name": "InvalidStateError", "message": "The authenticator was previously registered."}, "passkey_already_registered"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			p, out := tc.b.call(t, "/console/diagnostics", tc.csrf, map[string]any{"ceremony": tc.ceremony, "elapsedMs": 1200, "error": tc.error})
			if p.Status != http.StatusOK || unquote(out["errorCode"]) != tc.code || len(unquote(out["advice"])) < 20 {
				t.Errorf("report: %d %s, want %s with advice", p.Status, p.Body, tc.code)
			}
		})
	}
	t.Run("without a CSRF token", func(t *testing.T) {
		if p, _ := newBrowser(h).call(t, "/console/diagnostics", "", map[string]any{"ceremony": "signin", "error": map[string]string{"name": "NotAllowedError"}}); p.Status != http.StatusForbidden {
			t.Errorf("%d, want 403", p.Status)
		}
	})
	if err := h.Server.Diagnostics.Flush(t.Context()); err != nil {
		t.Fatal(err)
	}
	days, err := h.Server.Diagnostics.Summary(t.Context(), h.Server.Console.AppID(), "", "")
	if err != nil || !strings.Contains(fmt.Sprint(days), "passkey_not_allowed") {
		t.Errorf("the console application's failure summary: %+v %v", days, err)
	}
}

// The sign-in page offers the console's passkeys in the e-mail field's
// autofill (conditional UI, signin.js) and keeps the explicit button and
// the magic-link form.
func TestSignin_PageOffersAutofillAndMagicLink(t *testing.T) {
	h := newHarness(t)
	p := newBrowser(h).get(t, "/console/signin")
	for _, want := range []string{`autocomplete="username webauthn"`, `src="/console/assets/signin.js"`,
		`action="/console/signin/email"`, "Sign in with a passkey"} {
		if !strings.Contains(p.Body, want) {
			t.Errorf("sign-in page lacks %s", want)
		}
	}
	js := newBrowser(h).get(t, "/console/assets/signin.js")
	if js.Status != http.StatusOK || !strings.Contains(js.Body, `mediation = "conditional"`) {
		t.Errorf("signin.js: %d", js.Status)
	}
}
