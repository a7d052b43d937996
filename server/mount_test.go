package server_test

import (
	"net/http"
	"net/http/httptest"
	"testing"

	"passwordless/api/apitest"
)

// The console is mounted beside the API, not inside its gin chain: a
// browser of another origin gets CORS headers from the public API and none
// from the console, and both answers carry a trace id.
func TestMount_ConsoleBesideTheAPI(t *testing.T) {
	h := apitest.New(t, apitest.Options{})
	origin := apitest.H{"Origin": "https://elsewhere.example", "Access-Control-Request-Method": "POST"}
	tests := []struct {
		method, path string
		wantCORS     bool
		status       int
	}{
		{http.MethodGet, "/console/signin", false, http.StatusOK},
		{http.MethodGet, "/console/no-such-page", false, http.StatusNotFound},
		{http.MethodOptions, "/console/signin/begin", false, 0},
		{http.MethodOptions, "/register/begin", true, 0},
	}
	for _, tt := range tests {
		t.Run(tt.method+" "+tt.path, func(t *testing.T) {
			resp := serve(h, apitest.NewRequest(t, tt.method, tt.path, origin, nil))
			if tt.status != 0 && resp.Status != tt.status {
				t.Errorf("status %d, want %d", resp.Status, tt.status)
			}
			if got := resp.Header.Get("Access-Control-Allow-Origin") != ""; got != tt.wantCORS {
				t.Errorf("CORS headers %v, want %v", got, tt.wantCORS)
			}
			if resp.Header.Get("Trace-Id") == "" {
				t.Error("no Trace-Id")
			}
		})
	}
	if resp := serve(h, apitest.NewRequest(t, http.MethodGet, "/", nil, nil)); resp.Status != http.StatusFound || resp.Header.Get("Location") != "/console" {
		t.Errorf("GET / = %d to %q, want 302 to /console", resp.Status, resp.Header.Get("Location"))
	}
}

// serve records h's answer to req without apitest's checks of API answers
// (the console answers HTML).
func serve(h *apitest.Harness, req *http.Request) *apitest.Response {
	rec := httptest.NewRecorder()
	h.Handler.ServeHTTP(rec, req)
	return &apitest.Response{Status: rec.Code, Header: rec.Header(), Body: rec.Body.Bytes()}
}
