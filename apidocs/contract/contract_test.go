package contract_test

import (
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"testing"

	"passwordless/apidocs/contract"
)

func TestLoad_TheDocumentIsValidOpenAPI31(t *testing.T) {
	spec, err := contract.Load()
	if err != nil {
		t.Fatal(err)
	}
	if !spec.Doc.IsOpenAPI31OrLater() {
		t.Errorf("openapi = %q, want 3.1", spec.Doc.OpenAPI)
	}
	for _, name := range []string{"ApiKey", "ApiSecret", "ManagementKey"} {
		s := spec.Doc.Components.SecuritySchemes[name]
		if s == nil || s.Value.Type != "apiKey" || s.Value.In != "header" || s.Value.Name != name {
			t.Errorf("security scheme %s is not an apiKey in header %s: %+v", name, name, s)
		}
	}
}

func TestParse_RefusesABrokenReference(t *testing.T) {
	doc := `openapi: 3.1.0
info: {title: t, version: "1"}
paths:
  /x:
    get:
      responses:
        '200':
          description: ok
          content:
            application/json:
              schema: {$ref: '#/components/schemas/Missing'}
`
	if _, err := contract.Parse([]byte(doc)); err == nil {
		t.Fatal("a document with a dangling $ref loaded without error")
	}
}

func TestFromGin_ConvertsParameters(t *testing.T) {
	tests := []struct{ gin, want string }{
		{"/admin/apps/:appId/api-keys/:apiKeyId/lock", "/admin/apps/{appId}/api-keys/{apiKeyId}/lock"},
		{"/docs/*asset", "/docs/{asset}"},
		{"/diagnostics/client.:version", "/diagnostics/client.{version}"},
		{"/signin/verify", "/signin/verify"},
	}
	for _, tt := range tests {
		if got := contract.FromGin("post", tt.gin); got != (contract.Route{Method: "POST", Path: tt.want}) {
			t.Errorf("FromGin(%q) = %v, want POST %s", tt.gin, got, tt.want)
		}
	}
}

func TestDiff_NamesBothDirections(t *testing.T) {
	routed := []contract.Route{{"GET", "/a"}, {"POST", "/b"}, {"GET", "/new"}}
	documented := []contract.Route{{"GET", "/a"}, {"POST", "/b"}, {"DELETE", "/gone"}}
	undocumented, unrouted := contract.Diff(routed, documented)
	if want := []contract.Route{{"GET", "/new"}}; !slices.Equal(undocumented, want) {
		t.Errorf("undocumented = %v, want %v", undocumented, want)
	}
	if want := []contract.Route{{"DELETE", "/gone"}}; !slices.Equal(unrouted, want) {
		t.Errorf("unrouted = %v, want %v", unrouted, want)
	}
}

func TestValidateResponse(t *testing.T) {
	spec, err := contract.Load()
	if err != nil {
		t.Fatal(err)
	}
	problem := `{"type":"http://x/errors#missing_token","title":"t","status":400,"errorCode":"missing_token","traceId":"1"}`
	tests := []struct {
		name, method, path, contentType, body string
		status                                int
		wantErr                               string // empty: valid
	}{
		{"documented success", "POST", "/register/token", "application/json; charset=utf-8", `{"token":"register_x"}`, 200, ""},
		{"success missing a required member", "POST", "/register/token", "application/json", `{}`, 200, "token"},
		{"problem with a catalogued code", "POST", "/signin/verify", "application/problem+json", problem, 400, ""},
		{"problem with an unknown code", "POST", "/signin/verify", "application/problem+json",
			strings.Replace(problem, `"missing_token"`, `"made_up"`, 1), 400, "errorCode"},
		{"error answered as plain JSON", "POST", "/signin/verify", "application/json", problem, 400, "Content-Type"},
		{"undocumented status falls back to the Problem default", "GET", "/users/count", "application/problem+json", problem, 418, ""},
		{"a null list where the browser needs an array", "POST", "/signin/begin", "application/json",
			`{"data":{"challenge":"abc","timeout":60000,"rpId":"x","hints":null},"session":"session_x"}`, 200, "hints"},
		{"path parameters", "DELETE", "/admin/apps/myapp/api-keys/9795", "", ``, 204, ""},
		{"an undocumented path", "GET", "/nowhere", "application/json", `{}`, 200, "not in openapi.yaml"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			req := httptest.NewRequest(tt.method, tt.path, nil)
			h := http.Header{}
			if tt.contentType != "" {
				h.Set("Content-Type", tt.contentType)
			}
			err := spec.ValidateResponse(req, tt.status, h, []byte(tt.body))
			switch {
			case tt.wantErr == "" && err != nil:
				t.Fatalf("unexpected error: %v", err)
			case tt.wantErr != "" && err == nil:
				t.Fatalf("no error, want one mentioning %q", tt.wantErr)
			case tt.wantErr != "" && !strings.Contains(err.Error(), tt.wantErr):
				t.Fatalf("error %q does not mention %q", err, tt.wantErr)
			}
		})
	}
}
