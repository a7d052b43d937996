package api_test

import (
	"net/http"
	"strings"
	"testing"

	"passwordless/api/apitest"
)

// TestHTTP_Failures: every routing and decoding failure is a problem with
// its own code (the harness checks the document itself).
func TestHTTP_Failures(t *testing.T) {
	h := apitest.New(t, apitest.Options{})
	h.CreateApp(t, "decoding", nil)
	keys := "/admin/apps/decoding/public-keys"
	tests := []struct {
		name         string
		method, path string
		headers      apitest.H
		body         any
		wantStatus   int
		wantCode     string
	}{
		{"unknown path", "GET", "/nowhere", nil, nil, 404, "not_found"},
		{"wrong method", "GET", "/register/token", nil, nil, 405, "method_not_allowed"},
		{"wrong content type", "POST", keys, apitest.H{"ManagementKey": apitest.ManagementKey, "Content-Type": "text/plain"}, `{"scopes":[0]}`, 415, "unsupported_media_type"},
		{"malformed JSON", "POST", keys, apitest.Management(), `{"scopes":[0]`, 400, "invalid_json"},
		{"trailing comma", "POST", keys, apitest.Management(), `{"scopes":[0],}`, 400, "invalid_json"},
		{"body over 1 MiB", "POST", keys, apitest.Management(), `{"pad":"` + strings.Repeat("a", 1<<20) + `"}`, 413, "payload_too_large"},
		{"no scopes", "POST", keys, apitest.Management(), `{"scopes":[]}`, 400, "create_api_key_scopes_required"},
		{"test hook", "GET", "/health/throw/api", nil, nil, 400, "test_error"},
		{"test exception", "GET", "/health/throw/exception", nil, nil, 500, "internal_error"},
		{"missing management key", "GET", "/admin/apps/decoding/features", nil, nil, 401, "missing_management_key"},
		{"wrong management key", "GET", "/admin/apps/decoding/features", apitest.H{"ManagementKey": "nope"}, nil, 401, "invalid_management_key"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			resp := h.Do(t, tt.method, tt.path, tt.headers, tt.body)
			if resp.Status != tt.wantStatus || resp.Code() != tt.wantCode {
				t.Errorf("%s %s = %d %s, want %d %s", tt.method, tt.path, resp.Status, resp.Body, tt.wantStatus, tt.wantCode)
			}
		})
	}
	t.Run("405 names the allowed methods", func(t *testing.T) {
		resp := h.Do(t, "DELETE", "/health/http", nil, nil)
		if got := resp.Header.Get("Allow"); got != "GET" {
			t.Errorf("Allow = %q, want GET", got)
		}
	})
	t.Run("internal error text never leaks", func(t *testing.T) {
		resp := h.Do(t, "GET", "/health/throw/exception", nil, nil)
		if strings.Contains(string(resp.Body), "test exception") {
			t.Errorf("body leaks the cause: %s", resp.Body)
		}
	})
}

// TestHTTP_CORS: preflights are answered for any path and header set, and
// error responses carry the CORS header too (checked by the harness).
func TestHTTP_CORS(t *testing.T) {
	h := apitest.New(t, apitest.Options{})
	resp := h.Do(t, http.MethodOptions, "/register/begin", apitest.H{
		"Origin": "http://localhost:3000", "Access-Control-Request-Method": "POST",
		"Access-Control-Request-Headers": "apikey,client-version,content-type"}, nil)
	if resp.Status != http.StatusNoContent ||
		resp.Header.Get("Access-Control-Allow-Headers") != "apikey,client-version,content-type" ||
		!strings.Contains(resp.Header.Get("Access-Control-Allow-Methods"), "POST") {
		t.Errorf("preflight = %d %v", resp.Status, resp.Header)
	}
	resp = h.Do(t, http.MethodPost, "/register/begin", apitest.H{"Origin": "http://localhost:3000"}, map[string]any{})
	if resp.Status != http.StatusUnauthorized {
		t.Errorf("unauthenticated begin = %d", resp.Status)
	}
	for _, name := range []string{"X-Content-Type-Options", "Referrer-Policy", "Content-Security-Policy"} {
		if resp.Header.Get(name) == "" {
			t.Errorf("security header %s missing", name)
		}
	}
}

// TestHTTP_DatabaseDownIs503: a store failure is service_unavailable.
func TestHTTP_DatabaseDownIs503(t *testing.T) {
	h := apitest.New(t, apitest.Options{})
	h.CreateApp(t, "downtime", nil)
	if err := h.Server.DB.Close(); err != nil {
		t.Fatal(err)
	}
	resp := h.Do(t, http.MethodGet, "/health/storage", nil, nil)
	if resp.Status != http.StatusServiceUnavailable || resp.Code() != "service_unavailable" {
		t.Errorf("/health/storage = %d %s", resp.Status, resp.Body)
	}
	resp = h.Do(t, http.MethodGet, "/admin/apps/downtime/api-keys", apitest.Management(), nil)
	if resp.Status != http.StatusServiceUnavailable {
		t.Errorf("api-keys with the database down = %d %s", resp.Status, resp.Body)
	}
}

func TestHTTP_HealthAndErrorsPage(t *testing.T) {
	h := apitest.New(t, apitest.Options{})
	if resp := h.Do(t, "GET", "/health/http", nil, nil); string(resp.Body) != "Healthy" {
		t.Errorf("/health/http = %q", resp.Body)
	}
	var storage struct {
		Status  string
		Results map[string]struct{ Status string }
	}
	h.Do(t, "GET", "/health/storage", nil, nil).JSON(t, &storage)
	if storage.Status != "Healthy" || storage.Results["db"].Status != "Healthy" {
		t.Errorf("/health/storage = %+v", storage)
	}
	page := h.Do(t, "GET", "/errors", nil, nil)
	if !strings.Contains(string(page.Body), `id="api_key_locked"`) {
		t.Errorf("/errors has no api_key_locked anchor")
	}
	var entries []struct{ ErrorCode string }
	h.Do(t, "GET", "/errors.json", nil, nil).JSON(t, &entries)
	if len(entries) < 50 {
		t.Errorf("/errors.json has %d entries", len(entries))
	}
}
