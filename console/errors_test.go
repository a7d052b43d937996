package console_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"
)

// TestErrors_ShownWithTheirRealStatus: a refusal in the console is shown
// with its own status and words (every 4xx used to be a 400 "Something
// went wrong"), and an oversized form says so instead of "Form expired".
func TestErrors_ShownWithTheirRealStatus(t *testing.T) {
	h := newHarness(t)
	b := owner(t, h, "Acme", "owner@acme.test")
	b.createApp(t, "acmeapp")
	csrf := csrfOf(t, b.get(t, "/console/apps/acmeapp"))
	hooks := "/console/apps/acmeapp/webhooks"
	for range 10 {
		b.post(t, hooks, csrf, url.Values{"url": {"https://hooks.example.com/in"}, "event": {"user.created"}})
	}
	tests := []struct {
		name   string
		path   string
		fields url.Values
		csrf   string
		status int
		want   string
	}{
		{"a missing key", "/console/apps/acmeapp/keys/zzzz/lock", nil, csrf, http.StatusNotFound, "not found"},
		{"a stale form", "/console/apps/acmeapp/keys/zzzz/lock", nil, "stale", http.StatusForbidden, "Form expired"},
		{"one endpoint too many", hooks, url.Values{"url": {"https://hooks.example.com/in"}, "event": {"user.created"}},
			csrf, http.StatusConflict, "maximum number of webhook endpoints"},
		{"an oversized form", hooks, url.Values{"description": {strings.Repeat("x", 70<<10)}}, csrf,
			http.StatusRequestEntityTooLarge, "larger than the console accepts"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := b.post(t, tt.path, tt.csrf, tt.fields)
			if p.Status != tt.status || !strings.Contains(p.Body, tt.want) {
				t.Errorf("%d, want %d saying %q: %.1200s", p.Status, tt.status, tt.want, p.Body)
			}
		})
	}
}

// TestNav_MarksWhereTheAdminIs: aria-current on the header's section and
// on the application navigation's page.
func TestNav_MarksWhereTheAdminIs(t *testing.T) {
	h := newHarness(t)
	b := owner(t, h, "Acme", "owner@acme.test")
	b.createApp(t, "acmeapp")
	p := b.get(t, "/console/apps/acmeapp/settings")
	for _, want := range []string{`href="/console/apps" aria-current="true"`, `href="/console/apps/acmeapp/settings" aria-current="page"`,
		`href="/console/apps/acmeapp">Keys`, `href="/console/org">`, `Deleting it loses its 0 users with passkeys`} {
		if !strings.Contains(p.Body, want) {
			t.Errorf("settings page lacks %s", want)
		}
	}
	if p := b.get(t, "/console/apps/acmeapp?done=key-locked"); !strings.Contains(p.Body, `role="status">Key locked.`) {
		t.Error("no visible result after locking a key")
	}
	if p := b.get(t, "/console/apps/acmeapp?done=%3Cb%3Ehi"); strings.Contains(p.Body, "hi</") {
		t.Error("a link made the page say something")
	}
}

// TestErrors_InTheConsolesWords: a refused form speaks the console's
// words, not the API's member names.
func TestErrors_InTheConsolesWords(t *testing.T) {
	h := newHarness(t)
	b := owner(t, h, "Acme", "owner@acme.test")
	b.createApp(t, "acmeapp")
	csrf := csrfOf(t, b.get(t, "/console/apps"))
	tests := []struct {
		name, path string
		fields     url.Values
		want       string
	}{
		{"a key with no scope", "/console/apps/acmeapp/keys", url.Values{"kind": {"public"}}, "Tick at least one scope"},
		{"a bad application id", "/console/apps", url.Values{"appId": {"A"}}, "The application id must be"},
		{"a bad time to live", "/console/apps/acmeapp/purposes", url.Values{"purpose": {"pay"}, "timeToLive": {"soon"}},
			"The time to live must be"},
		{"a 10 000-character webhook description", "/console/apps/acmeapp/webhooks", url.Values{"url": {"https://hooks.example.com/in"},
			"event": {"user.created"}, "description": {strings.Repeat("d", 10_000)}}, "at most 200 characters"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := b.post(t, tt.path, csrf, tt.fields)
			if p.Status != http.StatusBadRequest || !strings.Contains(p.Body, tt.want) || strings.Contains(p.Body, "AppId") ||
				strings.Contains(p.Body, "TimeToLive") {
				t.Errorf("%d, want 400 saying %q: %.1500s", p.Status, tt.want, p.Body)
			}
		})
	}
}
