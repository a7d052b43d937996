package api_test

import (
	"encoding/json"
	"net/http"
	"net/url"
	"regexp"
	"slices"
	"strings"
	"testing"

	"passwordless/api/apitest"
	"passwordless/apidocs/contract"
	"passwordless/diagnostics"
)

// TestContract_EveryOperationAnswersPerTheSpec calls every documented
// operation once, with valid credentials and a real registered passkey,
// so each success shape is validated against openapi.yaml (apitest's Do
// runs the validator) even where no feature test looks at it. The table
// must cover the whole document: a new operation fails here until a row
// exercises it.
func TestContract_EveryOperationAnswersPerTheSpec(t *testing.T) {
	h := apitest.New(t, apitest.Options{})
	b := newBrowser(t, h, "contractapp")
	app := b.app
	h.SetFeatures(t, app.ID, map[string]any{"allowAttestation": true, "eventLoggingIsEnabled": true,
		"eventLoggingRetentionPeriod": 30, "magicLinkEmailMonthlyQuota": 100})
	verifyToken, cred := b.register(t, "user-1", map[string]any{"aliases": []string{"ann@example.com"}, "aliasHashing": false})
	signedIn := b.signin(t, map[string]any{"userId": "user-1"})
	if signedIn.Status != http.StatusOK {
		t.Fatalf("signin: %d %s", signedIn.Status, signedIn.Body)
	}
	m := apitest.Management()
	aaguid := firstMDSEntry(t, h)

	type call struct {
		method, path string
		headers      apitest.H
		body         any
		want         int // 0: any status below 500
	}
	calls := []call{
		{"POST", "/register/token", app.Secret(), map[string]any{"userId": "user-2", "username": "u2"}, 200},
		{"POST", "/register/begin", app.Public(), map[string]any{"token": "", "RPID": testRPID, "Origin": testOrigin}, 400},
		{"POST", "/register/complete", app.Public(), map[string]any{"session": "session_x", "RPID": testRPID, "Origin": testOrigin}, 0},
		{"POST", "/signin/begin", app.Public(), map[string]any{"userId": "user-1", "RPID": testRPID, "Origin": testOrigin}, 200},
		{"POST", "/signin/complete", app.Public(), map[string]any{"session": "session_x", "RPID": testRPID, "Origin": testOrigin}, 0},
		{"POST", "/signin/verify", app.Secret(), map[string]any{"token": verifyToken}, 200},
		{"POST", "/signin/generate-token", app.Secret(), map[string]any{"userId": "user-1"}, 200},
		{"POST", "/alias", app.Secret(), map[string]any{"userId": "user-1", "aliases": []string{"ann@example.com"}, "hashing": false}, 204},
		{"GET", "/alias/list?userid=user-1", app.Secret(), nil, 200},
		{"GET", "/credentials/list?userId=user-1", app.Secret(), nil, 200},
		{"POST", "/credentials/list", app.Secret(), map[string]any{"userId": "user-1"}, 200},
		{"GET", "/users/list", app.Secret(), nil, 200},
		{"GET", "/users/count", app.Secret(), nil, 200},
		{"POST", "/magic-links/send", app.Secret(), map[string]any{"emailAddress": "admin@example.com",
			"urlTemplate": "https://a.example/m?token=$TOKEN", "userId": "user-1"}, 0},
		{"POST", "/apps/features", app.Secret(), map[string]any{"enableMagicLinks": true}, 204},
		{"GET", "/apps/related-origins", app.Secret(), nil, 200},
		{"GET", "/auth-configs/list", app.Secret(), nil, 200},
		{"POST", "/auth-configs/add", app.Secret(), map[string]any{"purpose": "checkout", "timeToLive": "00:03:00",
			"userVerificationRequirement": "required", "hints": []string{"hybrid"}, "performedBy": "ops"}, 201},
		{"POST", "/auth-configs", app.Secret(), map[string]any{"purpose": "checkout", "performedBy": "ops"}, 204},
		{"GET", "/auth-configs/list?purpose=checkout", app.Secret(), nil, 200},
		{"POST", "/auth-configs/delete", app.Secret(), map[string]any{"purpose": "checkout", "performedBy": "ops"}, 204},
		{"POST", "/authenticators/add", app.Secret(), map[string]any{"aaGuids": []string{aaguid}, "isAllowed": false}, 204},
		{"GET", "/authenticators/list?isAllowed=false", app.Secret(), nil, 200},
		{"POST", "/authenticators/remove", app.Secret(), map[string]any{"aaGuids": []string{aaguid}}, 204},
		{"GET", "/events?pageNumber=1&numberOfResults=10", app.Secret(), nil, 200},
		{"GET", "/events/export?from=2026-01-01&to=2026-01-31", app.Secret(), nil, 200},
		{"GET", "/reporting/credentials/periodic", app.Secret(), nil, 200},
		{"GET", "/reporting/active-users/periodic?from=2026-01-01&to=2026-01-31", app.Secret(), nil, 200},
		{"POST", "/diagnostics/failures", app.Public(), map[string]any{"ceremony": "register", "error": map[string]any{
			"domain": "com.apple.AuthenticationServices.AuthorizationError", "code": 1004,
			"underlying": map[string]any{"domain": "ASCAuthorizationErrorDomain", "code": 5}}}, 200},
		{"GET", "/diagnostics/failures/summary", app.Secret(), nil, 200},
		{"GET", "/diagnostics/summary?groupBy=browser", app.Secret(), nil, 200},
		{"POST", "/passkeys/decision", app.Public(), map[string]any{"ceremony": "signin", "capabilities": map[string]any{"conditionalGet": true}}, 200},
		{"GET", "/diagnostics/client.js", nil, nil, 200},
		{"GET", diagnostics.ClientJSPath, nil, nil, 200},
		{"GET", "/diagnostics/failures/samples", app.Secret(), nil, 200},
		{"POST", "/credentials/signals", app.Secret(), map[string]any{"userId": "alice", "name": "alice@example.com"}, 200},
		{"POST", "/users/passkey-prompt/skip", app.Secret(), map[string]any{"userId": "u1"}, 204},
		{"POST", "/users/passkey-prompt", app.Secret(), map[string]any{"userId": "u1", "signedInWith": "password"}, 200},
		{"GET", "/admin/apps/other/available", m, nil, 200},
		{"POST", "/admin/apps/other/create", m, map[string]any{"adminEmail": "o@example.com"}, 200},
		{"POST", "/admin/apps/other/freeze", m, nil, 204},
		{"POST", "/admin/apps/other/unfreeze", m, nil, 204},
		{"POST", "/admin/apps/other/public-keys", m, map[string]any{"scopes": []int{0, 1}}, 200},
		{"POST", "/admin/apps/other/secret-keys", m, map[string]any{"scopes": []int{1}}, 200},
		{"GET", "/admin/apps/other/api-keys", m, nil, 200},
		{"POST", "/admin/apps/other/api-keys/" + keyID(app.APIKey2) + "/lock", m, nil, 404},
		{"POST", "/admin/apps/" + app.ID + "/api-keys/" + keyID(app.APIKey2) + "/lock", m, nil, 204},
		{"POST", "/admin/apps/" + app.ID + "/api-keys/" + keyID(app.APIKey2) + "/unlock", m, nil, 204},
		{"DELETE", "/admin/apps/" + app.ID + "/api-keys/" + keyID(app.APIKey2), m, nil, 204},
		{"GET", "/admin/apps/other/features", m, nil, 200},
		{"POST", "/admin/apps/other/features", m, map[string]any{"maxUsers": 10}, 204},
		{"GET", "/admin/apps/other/can-delete-immediately", m, nil, 200},
		{"GET", "/apps/list-pending-deletion", m, nil, 200},
		{"GET", "/mds/attestation-types", m, nil, 200},
		{"GET", "/mds/certification-statuses", m, nil, 200},
		{"GET", "/mds/entries?attestationTypes=basic_full", m, nil, 200},
		{"POST", "/users/delete", app.Secret(), map[string]any{"userId": "user-1"}, 0},
		{"POST", "/credentials/delete", app.Secret(), map[string]any{"credentialId": cred.IDString()}, 204},
		{"POST", "/webhooks/add", app.Secret(), map[string]any{"url": "http://127.0.0.1/hook", "events": []string{"user.deleted"}}, 400},
		{"POST", "/webhooks/add", app.Secret(), map[string]any{"url": "https://hooks.example.com/in", "events": []string{"user.deleted"}}, 201},
		{"GET", "/webhooks/list", app.Secret(), nil, 200},
		{"GET", "/webhooks/deliveries?id=ep_unknown", app.Secret(), nil, 404},
		{"POST", "/webhooks/rotate-secret", app.Secret(), map[string]any{"id": "ep_unknown"}, 404},
		{"POST", "/webhooks/test", app.Secret(), map[string]any{"id": "ep_unknown"}, 404},
		{"POST", "/webhooks/enable", app.Secret(), map[string]any{"id": "ep_unknown"}, 404},
		{"POST", "/webhooks/redeliver", app.Secret(), map[string]any{"deliveryId": "msg_unknown"}, 404},
		{"POST", "/webhooks/delete", app.Secret(), map[string]any{"id": "ep_unknown"}, 404},
		{"GET", "/health/http", nil, nil, 200},
		{"GET", "/health/storage", nil, nil, 200},
		{"GET", "/health/version", nil, nil, 200},
		{"GET", "/health/throw/api", nil, nil, 400},
		{"GET", "/health/throw/exception", nil, nil, 500},
		{"GET", "/openapi.yaml", nil, nil, 200},
		{"GET", "/docs", nil, nil, 200},
		{"GET", "/docs/docs.js", nil, nil, 200},
		{"GET", "/errors", nil, nil, 200},
		{"GET", "/errors.json", nil, nil, 200},
		{"GET", "/metrics", nil, nil, 200},
		// Last: a young application is deleted at once.
		{"POST", "/admin/apps/other/cancel-delete", m, nil, 0},
		{"POST", "/admin/apps/other/mark-delete", m, map[string]any{"deletedBy": "ops@example.com"}, 200},
		{"DELETE", "/admin/apps/other", m, nil, 400},
	}

	spec, err := contract.Load()
	if err != nil {
		t.Fatal(err)
	}
	var covered []contract.Route
	for _, c := range calls {
		resp := h.Do(t, c.method, c.path, c.headers, c.body)
		switch {
		case c.want != 0 && resp.Status != c.want:
			t.Errorf("%s %s: %d, want %d: %.300s", c.method, c.path, resp.Status, c.want, resp.Body)
		case c.want == 0 && resp.Status >= 500:
			t.Errorf("%s %s: %d: %.300s", c.method, c.path, resp.Status, resp.Body)
		}
		covered = append(covered, operationOf(t, spec, c.method, c.path))
	}
	for _, op := range spec.Operations() {
		if !slices.Contains(covered, op) {
			t.Errorf("no call exercises %s: add a row", op)
		}
	}
}

// operationOf names the documented operation a concrete request hits.
func operationOf(t *testing.T, spec *contract.Spec, method, rawPath string) contract.Route {
	t.Helper()
	u, err := url.Parse(rawPath)
	if err != nil {
		t.Fatal(err)
	}
	for _, op := range spec.Operations() {
		pattern := "^" + regexp.MustCompile(`\\\{[^}]+\\\}`).ReplaceAllString(regexp.QuoteMeta(op.Path), `[^/]+`) + "$"
		if op.Method == method && regexp.MustCompile(pattern).MatchString(u.Path) {
			// A literal path beats a template (/docs/{asset} vs /docs).
			if !strings.Contains(op.Path, "{") || !slices.ContainsFunc(spec.Operations(), func(o contract.Route) bool {
				return o.Method == method && o.Path == u.Path
			}) {
				return op
			}
		}
	}
	t.Fatalf("%s %s matches no documented operation", method, rawPath)
	return contract.Route{}
}

// keyID is the id of a key: its last four characters.
func keyID(key string) string { return key[len(key)-4:] }

// firstMDSEntry returns an AAGUID the server's FIDO metadata accepts.
func firstMDSEntry(t *testing.T, h *apitest.Harness) string {
	t.Helper()
	resp := h.Do(t, http.MethodGet, "/mds/entries", apitest.Management(), nil)
	var entries []struct {
		AAGUID string `json:"aaGuid"`
	}
	if err := json.Unmarshal(resp.Body, &entries); err != nil {
		t.Fatalf("/mds/entries: %d %s", resp.Status, resp.Body)
	}
	if len(entries) == 0 {
		// No metadata configured: the catalogue is open to any AAGUID.
		return "adce0002-35bc-c60a-648b-0b25f1f05503"
	}
	return entries[0].AAGUID
}
