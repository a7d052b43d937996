package api_test

import (
	"net/http"
	"testing"

	"passwordless/api/apitest"
)

// TestAuth_SecretHints covers upstream's seven ApiSecret cases on
// GET /credentials/list: exact title, detail, code and WWW-Authenticate.
func TestAuth_SecretHints(t *testing.T) {
	h := apitest.New(t, apitest.Options{})
	app := h.CreateApp(t, "hints", nil)
	runHints(t, h, http.MethodGet, "/credentials/list?userId=1", nil, "ApiSecret", []hintCase{
		{"public key instead", "ApiSecret", "test:public:123", "invalid_api_secret",
			"Your ApiSecret header contained a public ApiKey instead of your 'ApiSecret'."},
		{"verify token instead", "ApiSecret", "verify_123", "invalid_api_secret",
			"A verify token was supplied instead of your 'ApiSecret'."},
		{"register token instead", "ApiSecret", "register_13", "invalid_api_secret",
			"A register token was supplied instead of your 'ApiSecret'."},
		{"unrecognised value", "ApiSecret", "somethingrandom", "invalid_api_secret",
			"We don't recognize the value you supplied for your 'ApiSecret'. It started with: 'somethingr'."},
		{"empty value", "ApiSecret", "", "missing_api_secret", "A valid 'ApiSecret' header is required."},
		{"missing", "", "", "missing_api_secret", "A valid 'ApiSecret' header is required."},
		{"ApiKey instead", "ApiKey", app.APIKey1, "missing_api_secret",
			"A 'ApiKey' header was supplied when a 'ApiSecret' header should have been supplied."},
		{"wrong secret of a real app", "ApiSecret", "hints:secret:00000000000000000000000000000000", "invalid_api_secret",
			"The value of your 'ApiSecret' is not valid."},
	})
}

// TestAuth_PublicHints is the mirror image for ApiKey on POST /signin/begin.
func TestAuth_PublicHints(t *testing.T) {
	h := apitest.New(t, apitest.Options{})
	app := h.CreateApp(t, "hints", nil)
	// The body is invalid on purpose: authentication runs first.
	runHints(t, h, http.MethodPost, "/signin/begin", "{not json", "ApiKey", []hintCase{
		{"secret instead", "ApiKey", "test:secret:123", "invalid_api_key",
			"Your ApiKey header contained a ApiSecret instead of your 'ApiKey'."},
		{"verify token instead", "ApiKey", "verify_123", "invalid_api_key",
			"A verify token was supplied instead of your 'ApiKey'."},
		{"register token instead", "ApiKey", "register_13", "invalid_api_key",
			"A register token was supplied instead of your 'ApiKey'."},
		{"unrecognised value", "ApiKey", "e=mc2trooper", "invalid_api_key",
			"We don't recognize the value you supplied for your 'ApiKey'. It started with: 'e=mc2troop'."},
		{"empty value", "ApiKey", "", "missing_api_key", "A valid 'ApiKey' header is required."},
		{"missing", "", "", "missing_api_key", "A valid 'ApiKey' header is required."},
		{"ApiSecret instead", "ApiSecret", app.APISecret1, "missing_api_key",
			"A 'ApiSecret' header was supplied when a 'ApiKey' header should have been supplied."},
		{"key of an unknown app", "ApiKey", "nosuchapp:public:2e728aa5986f4ba8b073a5b28a939795", "invalid_api_key",
			"The value of your 'ApiKey' is not valid."},
	})
}

// hintCase is one rejected credential header and the 401 it must get.
type hintCase struct {
	name, header, value  string
	wantCode, wantDetail string
}

func runHints(t *testing.T, h *apitest.Harness, method, path string, body any, scheme string, cases []hintCase) {
	t.Helper()
	for _, tt := range cases {
		t.Run(tt.name, func(t *testing.T) {
			headers := apitest.H{}
			if tt.header != "" {
				headers[tt.header] = tt.value
			}
			assertChallenge(t, h.Do(t, method, path, headers, body), scheme, tt.wantCode, tt.wantDetail)
		})
	}
}

func assertChallenge(t *testing.T, resp *apitest.Response, scheme, code, detail string) {
	t.Helper()
	if resp.Status != http.StatusUnauthorized {
		t.Fatalf("status = %d, want 401 (%s)", resp.Status, resp.Body)
	}
	p := resp.Problem(t)
	if p["errorCode"] != code || p["detail"] != detail || p["title"] != "A valid '"+scheme+"' header is required." {
		t.Errorf("problem = %v, want code %q detail %q", p, code, detail)
	}
	if got := resp.Header.Get("WWW-Authenticate"); got != scheme {
		t.Errorf("WWW-Authenticate = %q, want %q", got, scheme)
	}
}

// TestAuth_LockScopeAndTenant: a locked key is 403 api_key_locked and works
// again once unlocked; a key without the scope is 403 forbidden; a key of
// one application never opens another.
func TestAuth_LockScopeAndTenant(t *testing.T) {
	h := apitest.New(t, apitest.Options{})
	app := h.CreateApp(t, "locks", nil)
	other := h.CreateApp(t, "others", nil)
	begin := func(key string) *apitest.Response {
		return h.Do(t, http.MethodPost, "/signin/begin", apitest.H{"ApiKey": key}, map[string]any{"RPID": "localhost"})
	}
	id := app.APIKey1[len(app.APIKey1)-4:]
	lock := h.Do(t, http.MethodPost, "/admin/apps/locks/api-keys/"+id+"/lock", apitest.Management(), nil)
	if lock.Status != http.StatusNoContent {
		t.Fatalf("lock = %d %s", lock.Status, lock.Body)
	}
	if resp := begin(app.APIKey1); resp.Status != http.StatusForbidden || resp.Code() != "api_key_locked" {
		t.Errorf("locked key: %d %s, want 403 api_key_locked", resp.Status, resp.Body)
	}
	if resp := begin(app.APIKey2); resp.Code() == "api_key_locked" || resp.Status == http.StatusUnauthorized {
		t.Errorf("the app's other key must still work: %d %s", resp.Status, resp.Body)
	}
	h.Do(t, http.MethodPost, "/admin/apps/locks/api-keys/"+id+"/unlock", apitest.Management(), nil)
	if resp := begin(app.APIKey1); resp.Status == http.StatusForbidden || resp.Status == http.StatusUnauthorized {
		t.Errorf("unlocked key: %d %s", resp.Status, resp.Body)
	}

	// A secret with only token_verify may not mint register tokens.
	created := h.Do(t, http.MethodPost, "/admin/apps/locks/secret-keys", apitest.Management(), map[string]any{"scopes": []int{1}})
	var key struct{ APIKey string }
	created.JSON(t, &key)
	resp := h.Do(t, http.MethodPost, "/register/token", apitest.H{"ApiSecret": key.APIKey}, map[string]any{"userId": "u", "username": "u"})
	if resp.Status != http.StatusForbidden || resp.Code() != "forbidden" {
		t.Errorf("missing scope: %d %s, want 403 forbidden", resp.Status, resp.Body)
	}

	// Different tenant: a key with another app's id in front is unknown.
	forged := "locks" + other.APISecret1[len("others"):]
	resp = h.Do(t, http.MethodGet, "/users/count", apitest.H{"ApiSecret": forged}, nil)
	if resp.Status != http.StatusUnauthorized || resp.Code() != "invalid_api_secret" {
		t.Errorf("another tenant's secret: %d %s, want 401 invalid_api_secret", resp.Status, resp.Body)
	}
}

// TestAuth_UnknownPathIs404EvenWithGarbageKey: routing comes before auth.
func TestAuth_UnknownPathIs404EvenWithGarbageKey(t *testing.T) {
	h := apitest.New(t, apitest.Options{})
	for _, hdr := range []apitest.H{{"ApiSecret": "garbage"}, {"ApiKey": "e=mc2trooper"}, {}} {
		resp := h.Do(t, http.MethodPost, "/non-existent-endpoint", hdr, nil)
		if resp.Status != http.StatusNotFound || resp.Code() != "not_found" {
			t.Errorf("%v: %d %s, want 404 not_found", hdr, resp.Status, resp.Body)
		}
	}
}
