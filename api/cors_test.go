package api_test

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"passwordless/api"
	"passwordless/api/apitest"
	"passwordless/apidocs/contract"
)

// TestCORS_OnlyOnThePublicAndSecretAPI is issue 16 repro 11: CORS was sent
// on /admin/* and pprof too. Every documented operation that takes an
// ApiKey or ApiSecret allows CORS; none that takes the management key does.
// (Every response of every HTTP test is checked against AllowsCORS by
// apitest.CheckResponse.)
func TestCORS_OnlyOnThePublicAndSecretAPI(t *testing.T) {
	spec, err := contract.Load()
	if err != nil {
		t.Fatal(err)
	}
	for path, item := range spec.Doc.Paths.Map() {
		for method, op := range item.Operations() {
			if op.Security == nil {
				continue
			}
			for _, req := range *op.Security {
				for scheme := range req {
					want := scheme == "ApiKey" || scheme == "ApiSecret"
					if got := api.AllowsCORS(path); got != want {
						t.Errorf("%s %s (%s): AllowsCORS = %v, want %v", method, path, scheme, got, want)
					}
				}
			}
		}
	}
	for _, path := range []string{"/metrics", "/debug/pprof/heap", "/health/storage", "/console", "/console/apps"} {
		if api.AllowsCORS(path) {
			t.Errorf("AllowsCORS(%s) = true, want false", path)
		}
	}
}

func TestCORS_Preflight(t *testing.T) {
	h := apitest.New(t, apitest.Options{})
	tests := []struct {
		path      string
		wantAllow string
	}{
		{"/register/begin", "*"},
		{"/alias/list", "*"},
		{"/admin/apps/x/create", ""},
		{"/metrics", ""},
		{"/health/http", ""},
	}
	for _, tt := range tests {
		t.Run(strings.TrimPrefix(tt.path, "/"), func(t *testing.T) {
			req := httptest.NewRequest(http.MethodOptions, tt.path, nil)
			req.Header.Set("Origin", "https://evil.example")
			req.Header.Set("Access-Control-Request-Method", "POST")
			rec := httptest.NewRecorder()
			h.Handler.ServeHTTP(rec, req)
			if got := rec.Header().Get("Access-Control-Allow-Origin"); got != tt.wantAllow {
				t.Errorf("preflight Access-Control-Allow-Origin = %q, want %q", got, tt.wantAllow)
			}
			if methods := rec.Header().Get("Access-Control-Allow-Methods"); (methods != "") != (tt.wantAllow != "") {
				t.Errorf("preflight Access-Control-Allow-Methods = %q", methods)
			}
		})
	}
}
