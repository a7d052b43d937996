package console_test

import (
	"net/http"
	"strings"
	"testing"
	"time"
)

// enumerated counts the AdminApiKeysEnumerated rows of acmeapp's log.
func enumerated(t *testing.T, b *browser) int {
	t.Helper()
	p := b.get(t, "/console/apps/acmeapp/events?type=7012")
	if p.Status != http.StatusOK {
		t.Fatalf("events: %d", p.Status)
	}
	return strings.Count(p.Body, `data-label="Event">AdminApiKeysEnumerated</td>`)
}

// Viewing the keys page is logged once per admin session, application and
// hour, not on every view; another session is logged on its own.
func TestKeysPage_ViewLoggedOncePerSessionAndHour(t *testing.T) {
	h := newHarness(t)
	b := owner(t, h, "Acme", "owner@acme.test")
	b.createApp(t, "acmeapp")
	view := func(who *browser) {
		t.Helper()
		if p := who.get(t, "/console/apps/acmeapp"); p.Status != http.StatusOK {
			t.Fatalf("keys page: %d", p.Status)
		}
	}
	for range 3 {
		view(b)
	}
	if n := enumerated(t, b); n != 1 {
		t.Errorf("three views in one session logged %d times, want 1", n)
	}
	for range 2 { // within the hour (and the session's idle timeout)
		h.Clock.Advance(29 * time.Minute)
		view(b)
	}
	if n := enumerated(t, b); n != 1 {
		t.Errorf("views within the hour logged %d times, want 1", n)
	}
	h.Clock.Advance(3 * time.Minute)
	view(b)
	if n := enumerated(t, b); n != 2 {
		t.Errorf("a view after the hour: %d events, want 2", n)
	}
	other := newBrowser(h)
	other.auth = b.auth
	if done := other.signin(t, "owner@acme.test"); done.Status != http.StatusOK {
		t.Fatalf("second session: %d %s", done.Status, done.Body)
	}
	view(other)
	if n := enumerated(t, b); n != 3 {
		t.Errorf("another session's first view: %d events, want 3", n)
	}
}
