package api_test

import (
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/redis/go-redis/v9"

	"passwordless/api/apitest"
	"passwordless/server"
	"passwordless/storage"
)

// TestUnavailable_EveryAnswerCarriesRetryAfter is issue 24 item 10: during
// a Redis pause the ceremony completes, /magic-links/send and
// /health/storage answered 503 without Retry-After, so clients could not
// tell when to come back. Every 503 now carries it, whoever writes it.
func TestUnavailable_EveryAnswerCarriesRetryAfter(t *testing.T) {
	for name, addr := range map[string]func(*testing.T) string{"stopped": closedPort, "paused": hungRedis} {
		t.Run("Redis "+name, func(t *testing.T) {
			client := redis.NewClient(storage.WithRedisTimeouts(&redis.Options{Addr: addr(t)}))
			t.Cleanup(func() { _ = client.Close() })
			h := apitest.New(t, apitest.Options{Redis: client})
			app := magicApp(t, h, "outage", 1000)
			reg, signin := ceremonyResponses(t)
			tests := []struct {
				name, method, path string
				headers            apitest.H
				body               any
			}{
				{"register complete", http.MethodPost, "/register/complete", app.Public(), reg},
				{"sign-in complete", http.MethodPost, "/signin/complete", app.Public(), signin},
				{"magic link", http.MethodPost, "/magic-links/send", app.Secret(), magicLink("admin@example.com")},
				{"readiness", http.MethodGet, "/health/storage", nil, nil},
			}
			for _, tt := range tests {
				t.Run(tt.name, func(t *testing.T) {
					resp := h.Do(t, tt.method, tt.path, tt.headers, tt.body)
					if resp.Status != http.StatusServiceUnavailable {
						t.Fatalf("%s during the outage: %d %s, want 503", tt.path, resp.Status, resp.Body)
					}
					if got := resp.Header.Values("Retry-After"); len(got) != 1 || got[0] == "" {
						t.Errorf("%s: 503 with Retry-After %q, want one value", tt.path, got)
					}
				})
			}
		})
	}
}

// ceremonyResponses are well-formed /register/complete and
// /signin/complete bodies, made on a server of their own, so that another
// server reads them as far as looking up their session.
func ceremonyResponses(t *testing.T) (register, signin map[string]any) {
	t.Helper()
	b := newBrowser(t, apitest.New(t, apitest.Options{}), "elsewhere")
	bg := b.beginRegistration(t, b.registerToken(t, map[string]any{"userId": "u", "username": "u"}))
	_, att := b.create(t, bg)
	register = map[string]any{"session": bg.Session, "response": att, "RPID": testRPID, "Origin": testOrigin}
	if resp := b.completeRegistration(t, bg.Session, att, nil); resp.Status != http.StatusOK {
		t.Fatalf("register/complete: %d %s", resp.Status, resp.Body)
	}
	sg := b.beginSignin(t, nil)
	_, assertion, err := b.auth.Get(sg.Data, testOrigin)
	if err != nil {
		t.Fatal(err)
	}
	signin = map[string]any{"session": sg.Session, "response": assertion, "RPID": testRPID, "Origin": testOrigin}
	return register, signin
}

// TestUnavailable_OnlyA503GetsRetryAfter: success and server errors get
// no Retry-After of their own.
func TestUnavailable_OnlyA503GetsRetryAfter(t *testing.T) {
	h := apitest.New(t, apitest.Options{})
	for path, status := range map[string]int{"/health/http": http.StatusOK, "/health/throw/exception": http.StatusInternalServerError} {
		if resp := h.Do(t, http.MethodGet, path, nil, nil); resp.Status != status || resp.Header.Get("Retry-After") != "" {
			t.Errorf("%s = %d with Retry-After %q, want %d and none", path, resp.Status, resp.Header.Get("Retry-After"), status)
		}
	}
}

// TestSecurityHeaders_HSTSWhenPublicURLIsHTTPS is issue 24 item 10: a
// server whose PUBLIC_URL is https tells browsers never to use plain http
// with it, on every response (API, errors, console); over http it cannot
// and does not.
func TestSecurityHeaders_HSTSWhenPublicURLIsHTTPS(t *testing.T) {
	tests := []struct {
		publicURL, want string
	}{
		{"https://id.example.test", "max-age=31536000"},
		{"HTTPS://ID.EXAMPLE.TEST", "max-age=31536000"},
		{"http://passwordless.test", ""},
	}
	for _, tt := range tests {
		t.Run(tt.publicURL, func(t *testing.T) {
			h := apitest.New(t, apitest.Options{Configure: func(c *server.Config) { c.PublicURL = tt.publicURL }})
			for _, path := range []string{"/health/http", "/no/such/route", "/console"} {
				rec := httptest.NewRecorder()
				h.Handler.ServeHTTP(rec, apitest.NewRequest(t, http.MethodGet, path, nil, nil))
				if got := rec.Header().Get("Strict-Transport-Security"); got != tt.want {
					t.Errorf("%s: Strict-Transport-Security %q, want %q", path, got, tt.want)
				}
			}
		})
	}
}
