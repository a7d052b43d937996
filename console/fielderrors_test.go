package console_test

import (
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
)

// fieldMessage is the message shown next to field name, "" when none.
func fieldMessage(p page, name string) string {
	m := regexp.MustCompile(`<p class="field-error" id="` + regexp.QuoteMeta(name) + `-error">([^<]*)</p>`).FindStringSubmatch(p.Body)
	if m == nil {
		return ""
	}
	return m[1]
}

// A refused form comes back with what was typed and each refused field's
// message next to it (and the field marked invalid), not only at the top.
func TestForms_RefusalShowsTheMessageNextToTheField(t *testing.T) {
	h := newHarness(t)
	b := owner(t, h, "Acme", "owner@acme.test")
	b.createApp(t, "acmeapp")
	tests := []struct {
		name, page, post string
		fields           url.Values
		field, typed     string
		wantMsg          string
		notField         string
	}{
		{"application id", "/console/apps", "/console/apps", url.Values{"appId": {"9bad"}},
			"appId", `value="9bad"`, "application id", "check"},
		{"webhook URL", hooksPage, hooksPage,
			url.Values{"url": {"https://hooks.example.test/" + strings.Repeat("a", 3000)}, "event": {"user.created"}, "description": {"orders"}},
			"url", `value="orders"`, "URL", "description"},
		{"webhook events", hooksPage, hooksPage,
			url.Values{"url": {"https://hooks.example.test/in"}, "description": {"no events"}},
			"event", `value="https://hooks.example.test/in"`, "event", "url"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := b.post(t, tt.post, csrfOf(t, b.get(t, tt.page)), tt.fields)
			if p.Status != http.StatusBadRequest {
				t.Fatalf("refused form: %d %.500s", p.Status, p.Body)
			}
			msg := fieldMessage(p, tt.field)
			if msg == "" || !strings.Contains(strings.ToLower(msg), strings.ToLower(tt.wantMsg)) {
				t.Errorf("message next to %s = %q, want one about %q\n%.3000s", tt.field, msg, tt.wantMsg, p.Body)
			}
			if !strings.Contains(p.Body, tt.typed) {
				t.Errorf("what was typed (%s) is gone", tt.typed)
			}
			if !strings.Contains(p.Body, `role="alert"`) {
				t.Error("no alert at the top")
			}
			if fieldMessage(p, tt.notField) != "" {
				t.Errorf("a message next to %s, which was not refused", tt.notField)
			}
		})
	}
}
