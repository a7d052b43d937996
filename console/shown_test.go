package console_test

import (
	"net/http"
	"strings"
	"testing"
)

// TestUsers_IDsWithHiddenCharactersAreShownEscaped is issue 24 item 11:
// user ids that differ only by a zero-width space or a bidi override were
// shown exactly like "admin" in the console. The users list, the user's
// page and the event log now print those characters as escapes, and the
// page never carries the raw override.
func TestUsers_IDsWithHiddenCharactersAreShownEscaped(t *testing.T) {
	h := newHarness(t)
	b := owner(t, h, "Acme", "owner@acme.test")
	keys := codes(b.createApp(t, "acmeapp"))
	ids := []struct{ id, shown string }{
		{"ad\u200bmin", `ad\u200Bmin`},
		{"\u202enimda", `\u202Enimda`},
		{"admin", "admin"},
	}
	for _, u := range ids {
		registerUser(t, b, keys, u.id, map[string]any{})
	}
	list := b.get(t, "/console/apps/acmeapp/users")
	events := b.get(t, "/console/apps/acmeapp/events")
	for _, p := range []struct {
		name string
		body string
	}{{"users list", list.Body}, {"event log", events.Body}} {
		if list.Status != http.StatusOK || events.Status != http.StatusOK {
			t.Fatalf("pages: %d %d", list.Status, events.Status)
		}
		for _, u := range ids {
			if !strings.Contains(p.body, u.shown) {
				t.Errorf("%s lacks %q for user id %q", p.name, u.shown, u.id)
			}
		}
		if strings.ContainsAny(p.body, "\u200b\u202e") {
			t.Errorf("%s carries a raw zero-width space or bidi override", p.name)
		}
	}
	user := b.get(t, "/console/apps/acmeapp/users/%E2%80%AEnimda")
	if user.Status != http.StatusOK || !strings.Contains(user.Body, `<h1>User \u202Enimda</h1>`) || strings.Contains(user.Body, "\u202e") {
		t.Errorf("user page: %d %.600s", user.Status, user.Body)
	}
}
