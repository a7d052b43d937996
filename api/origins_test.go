package api_test

import (
	"net/http"
	"testing"

	"passwordless/api/apitest"
)

// TestOrigins_PinnedPerApplication is issue 16 repro 12: the ceremonies
// accepted whatever origin the client sent and a magic-link urlTemplate
// could point at any host, so a stolen public key let any site run
// ceremonies for the app. With allowedOrigins set, other origins (and an
// RP ID that is not the origin's domain) get 403 origin_not_allowed; the
// list is set and read through both features routes; a different tenant's
// list does not apply.
func TestOrigins_PinnedPerApplication(t *testing.T) {
	h := apitest.New(t, apitest.Options{})
	b := newBrowser(t, h, "pinned")
	other := newBrowser(t, h, "unpinned")
	resp := h.Do(t, http.MethodPost, "/apps/features", b.app.Secret(),
		map[string]any{"allowedOrigins": []string{testOrigin, "android:apk-key-hash:" + "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"}})
	if resp.Status != http.StatusNoContent {
		t.Fatalf("set allowedOrigins: %d %s", resp.Status, resp.Body)
	}
	signin := func(b *browser, origin, rpID string) *apitest.Response {
		return h.Do(t, http.MethodPost, "/signin/begin", b.app.Public(), map[string]any{"RPID": rpID, "Origin": origin})
	}
	tests := []struct {
		name         string
		b            *browser
		origin, rpID string
		want         int
	}{
		{"listed origin", b, testOrigin, testRPID, http.StatusOK},
		{"unlisted origin", b, "https://evil.example", "evil.example", http.StatusForbidden},
		{"listed origin, foreign RP ID", b, testOrigin, "evil.example", http.StatusForbidden},
		{"another tenant without a list accepts any", other, "https://evil.example", "evil.example", http.StatusOK},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			resp := signin(tt.b, tt.origin, tt.rpID)
			if resp.Status != tt.want || (tt.want == http.StatusForbidden && resp.Code() != "origin_not_allowed") {
				t.Errorf("signin/begin from %s: %d %s, want %d", tt.origin, resp.Status, resp.Body, tt.want)
			}
		})
	}
	t.Run("register from an unlisted origin", func(t *testing.T) {
		tok := b.registerToken(t, map[string]any{"userId": "u", "username": "u"})
		resp := h.Do(t, http.MethodPost, "/register/begin", b.app.Public(),
			map[string]any{"token": tok, "RPID": "evil.example", "Origin": "https://evil.example"})
		wantProblem(t, resp, http.StatusForbidden, "origin_not_allowed")
	})
	t.Run("magic link to another host", func(t *testing.T) {
		h.Do(t, http.MethodPost, "/apps/features", b.app.Secret(), map[string]any{"enableMagicLinks": true})
		resp := h.Do(t, http.MethodPost, "/magic-links/send", b.app.Secret(), map[string]any{
			"emailAddress": "admin@example.com", "urlTemplate": "https://evil.example/login?token=$TOKEN", "userId": "u"})
		wantProblem(t, resp, http.StatusForbidden, "origin_not_allowed")
	})
	t.Run("lists", func(t *testing.T) {
		var doc struct{ Origins []string }
		h.Do(t, http.MethodGet, "/apps/related-origins", b.app.Secret(), nil).JSON(t, &doc)
		if len(doc.Origins) != 1 || doc.Origins[0] != testOrigin {
			t.Errorf("related origins = %v, want the web origin only", doc.Origins)
		}
		var f struct{ AllowedOrigins []string }
		h.Do(t, http.MethodGet, "/admin/apps/pinned/features", apitest.Management(), nil).JSON(t, &f)
		if len(f.AllowedOrigins) != 2 {
			t.Errorf("managed features allowedOrigins = %v", f.AllowedOrigins)
		}
		h.Do(t, http.MethodGet, "/admin/apps/unpinned/features", apitest.Management(), nil).JSON(t, &f)
		if f.AllowedOrigins == nil || len(f.AllowedOrigins) != 0 {
			t.Errorf("another tenant's allowedOrigins = %v, want []", f.AllowedOrigins)
		}
	})
	t.Run("invalid origins are refused", func(t *testing.T) {
		for _, o := range []string{"http://example.com", "https://example.com/path", "ftp://x", "android:apk-key-hash:short"} {
			resp := h.Do(t, http.MethodPost, "/apps/features", b.app.Secret(), map[string]any{"allowedOrigins": []string{o}})
			wantProblem(t, resp, http.StatusBadRequest, "validation_failed")
		}
	})
	t.Run("an empty list accepts any origin again", func(t *testing.T) {
		h.Do(t, http.MethodPost, "/admin/apps/pinned/features", apitest.Management(), map[string]any{"allowedOrigins": []string{}})
		if resp := signin(b, "https://evil.example", "evil.example"); resp.Status != http.StatusOK {
			t.Errorf("after clearing the list: %d %s", resp.Status, resp.Body)
		}
	})
}
