package api_test

import (
	"net/http"
	"net/http/httptest"
	"testing"

	"passwordless/api/apitest"
	"passwordless/quota"
	"passwordless/server"
)

// BenchmarkAuthenticate_UnknownVersusKnownApp measures a rejected secret
// for an application that does not exist against one for an application
// that does (issue 16 repro 7: timing told whether an app exists). Run:
// go test ./api -run '^$' -bench Authenticate_Unknown -benchtime 20000x
func BenchmarkAuthenticate_UnknownVersusKnownApp(b *testing.B) {
	h := apitest.New(b, apitest.Options{Configure: func(c *server.Config) { c.RateLimits = &quota.Limits{} }})
	h.CreateApp(b, "known", nil)
	for _, bc := range []struct{ name, secret string }{
		{"unknown app", "nosuchapp:secret:00000000000000000000000000000000"},
		{"known app", "known:secret:00000000000000000000000000000000"},
	} {
		b.Run(bc.name, func(b *testing.B) {
			req := apitest.NewRequest(b, http.MethodGet, "/users/count", apitest.H{"ApiSecret": bc.secret}, nil)
			for range b.N {
				rec := httptest.NewRecorder()
				h.Handler.ServeHTTP(rec, req)
				if rec.Code != http.StatusUnauthorized {
					b.Fatalf("status %d", rec.Code)
				}
			}
		})
	}
}
