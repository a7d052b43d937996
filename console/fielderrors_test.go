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
		{"new purpose's lifetime (a field shared with the edit page)", purposesPage, purposesPage,
			url.Values{"purpose": {"checkout"}, "timeToLive": {"soon"}, "userVerification": {"required"}},
			"timeToLive", `value="soon"`, "time to live", "purpose"},
		{"edited purpose's lifetime", purposesPage + "/sign-in", purposesPage + "/sign-in",
			url.Values{"timeToLive": {"-00:01:00"}, "userVerification": {"discouraged"}},
			"timeToLive", `value="-00:01:00"`, "time to live", "userVerification"},
		{"edited purpose's user verification", purposesPage + "/sign-in", purposesPage + "/sign-in",
			url.Values{"timeToLive": {"00:05:00"}, "userVerification": {"always"}},
			"userVerification", `value="00:05:00"`, "user verification", "timeToLive"},
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

const purposesPage = "/console/apps/acmeapp/purposes"

// The keys page has two create forms sharing the field name scope: a
// refused one comes back with its message next to its own scopes, its
// boxes as ticked, and the other form untouched.
func TestForms_RefusedKeyFormShowsTheMessageNextToItsScopes(t *testing.T) {
	h := newHarness(t)
	b := owner(t, h, "Acme", "owner@acme.test")
	b.createApp(t, "acmeapp")
	for _, tt := range []struct {
		name, kind, other string
		scopes            []string
		want              string
	}{
		{"secret with no scope", "secret", "public", nil, "Tick at least one scope"},
		{"public key with no scope", "public", "secret", nil, "Tick at least one scope"},
		{"public key with an unknown scope", "public", "secret", []string{"7"}, "unknown"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			p := b.post(t, "/console/apps/acmeapp/keys", csrfOf(t, b.get(t, "/console/apps/acmeapp")), url.Values{"kind": {tt.kind}, "scope": tt.scopes})
			if p.Status != http.StatusBadRequest {
				t.Fatalf("refused key: %d %.500s", p.Status, p.Body)
			}
			if msg := fieldMessage(p, tt.kind+"Scope"); !strings.Contains(msg, tt.want) {
				t.Errorf("message next to the %s scopes = %q\n%.3000s", tt.kind, msg, p.Body)
			}
			if msg := fieldMessage(p, tt.other+"Scope"); msg != "" {
				t.Errorf("a message next to the %s form, which was not posted: %q", tt.other, msg)
			}
			form := func(kind string) string {
				i := strings.Index(p.Body, `name="kind" value="`+kind+`"`)
				if i < 0 {
					t.Fatalf("no %s form on the page", kind)
				}
				return p.Body[i:][:strings.Index(p.Body[i:], "</form>")]
			}
			if n := strings.Count(form(tt.kind), " checked"); n != 0 {
				t.Errorf("the refused %s form shows %d boxes ticked, the admin ticked none", tt.kind, n)
			}
			if n := strings.Count(form(tt.other), " checked"); n != 2 {
				t.Errorf("the %s form shows %d boxes ticked, want its two defaults", tt.other, n)
			}
			if n := strings.Count(form(tt.kind), `aria-describedby="`+tt.kind+`Scope-error"`); n != 2 {
				t.Errorf("%d of the refused form's boxes name the message, want 2", n)
			}
		})
	}
}
