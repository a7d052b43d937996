package api_test

import (
	"bytes"
	"net/http"
	"testing"

	"passwordless/api/apitest"
	"passwordless/diagnostics"
)

// client.js is served at its plain URL (cached briefly, for pages written
// before the versioned one) and at /diagnostics/client.<hash>.js (cached
// for ever); any other version is not found.
func TestClientJS_ServedPlainAndVersioned(t *testing.T) {
	h := apitest.New(t, apitest.Options{})
	tests := []struct {
		name, path string
		status     int
		cache      string
	}{
		{"plain URL, short cache", "/diagnostics/client.js", http.StatusOK, "public, max-age=3600"},
		{"versioned URL, immutable", diagnostics.ClientJSPath, http.StatusOK, "public, max-age=31536000, immutable"},
		{"another version is not found", "/diagnostics/client.000000000000.js", http.StatusNotFound, ""},
		{"a version without .js is not found", "/diagnostics/client." + diagnostics.ClientJSVersion, http.StatusNotFound, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			resp := h.Do(t, http.MethodGet, tt.path, nil, nil)
			if resp.Status != tt.status {
				t.Fatalf("GET %s = %d, want %d: %s", tt.path, resp.Status, tt.status, resp.Body)
			}
			if tt.status != http.StatusOK {
				if ct := resp.Header.Get("Content-Type"); ct != "application/problem+json" {
					t.Errorf("Content-Type = %q, want a problem", ct)
				}
				return
			}
			if ct := resp.Header.Get("Content-Type"); ct != "text/javascript; charset=utf-8" {
				t.Errorf("Content-Type = %q", ct)
			}
			if cc := resp.Header.Get("Cache-Control"); cc != tt.cache {
				t.Errorf("Cache-Control = %q, want %q", cc, tt.cache)
			}
			if !bytes.Equal(resp.Body, diagnostics.ClientJS) {
				t.Error("the body is not client.js")
			}
		})
	}
}
