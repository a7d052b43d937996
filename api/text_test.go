package api_test

import (
	"net/http"
	"testing"

	"passwordless/api/apitest"
)

// TestText_NULAndInvalidUTF8AreValidationErrors is issue 16 repro 5: NUL or
// invalid UTF-8 in a string field answered 500 on PostgreSQL, reachable with
// only the public key. Every string field, body or query, is now refused
// with 400 validation_failed naming the field, before any query.
func TestText_NULAndInvalidUTF8AreValidationErrors(t *testing.T) {
	eachDatabase(t, func(t *testing.T, h *apitest.Harness) {
		app := h.CreateApp(t, "textapp", nil)
		browser := apitest.H{"ApiKey": app.APIKey1, "Origin": testOrigin}
		tests := []struct {
			name, method, path string
			headers            apitest.H
			body               any
			field              string
		}{
			{"NUL alias at signin/begin", http.MethodPost, "/signin/begin", browser,
				`{"alias":"a\u0000b"}`, "alias"},
			{"invalid UTF-8 userId at signin/begin", http.MethodPost, "/signin/begin", browser,
				[]byte("{\"userId\":\"u\xff\xfe\"}"), "userId"},
			{"NUL userId at register/token", http.MethodPost, "/register/token", app.Secret(),
				`{"userId":"\u0000","username":"n"}`, "userId"},
			{"NUL in an alias list", http.MethodPost, "/alias", app.Secret(),
				`{"userId":"u","aliases":["ok","b\u0000"]}`, "aliases"},
			{"NUL in a query parameter", http.MethodGet, "/alias/list?userId=%00", app.Secret(), nil, "userId"},
			{"invalid UTF-8 in a query parameter", http.MethodGet, "/credentials/list?userId=%FF", app.Secret(), nil, "userId"},
			{"NUL in a path segment", http.MethodGet, "/admin/apps/a%00b/available", apitest.Management(), nil, "appId"},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				resp := h.Do(t, tt.method, tt.path, tt.headers, tt.body)
				if resp.Status != http.StatusBadRequest || resp.Code() != "validation_failed" {
					t.Fatalf("status %d %s, want 400 validation_failed", resp.Status, resp.Body)
				}
				var p struct{ Errors map[string][]string }
				resp.JSON(t, &p)
				if len(p.Errors[tt.field]) == 0 {
					t.Errorf("errors = %v, want the field %q named", p.Errors, tt.field)
				}
			})
		}
	})
}
