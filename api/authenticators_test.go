package api_test

import (
	"encoding/hex"
	"net/http"
	"testing"

	"github.com/google/uuid"

	"passwordless/api/apitest"
	"passwordless/passkeys/passkeystest"
	"passwordless/server"
)

const testMDS = "../authenticators/testdata/mds.json"

func TestAuthenticators_NeedAttestationOnThePlan(t *testing.T) {
	h := apitest.New(t, apitest.Options{})
	app := h.CreateApp(t, "noattest", nil)
	calls := []struct {
		method, path string
		body         any
	}{
		{http.MethodGet, "/authenticators/list?isAllowed=true", nil},
		{http.MethodPost, "/authenticators/add", map[string]any{"aaGuids": []string{"973446CA-E21C-9A9B-99F5-9B985A67AF0F"}, "isAllowed": true}},
		{http.MethodPost, "/authenticators/remove", map[string]any{"aaGuids": []string{"973446CA-E21C-9A9B-99F5-9B985A67AF0F"}}},
	}
	for _, c := range calls {
		p := wantProblem(t, h.Do(t, c.method, c.path, app.Secret(), c.body), 403, "attestation_not_supported_on_plan")
		if p["title"] != "Attestation is not supported on your plan." {
			t.Errorf("%s: title %q", c.path, p["title"])
		}
	}
}

func TestAuthenticators_AddListRemove(t *testing.T) {
	h := apitest.New(t, apitest.Options{})
	app := h.CreateApp(t, "attest", map[string]any{"adminEmail": "a@example.com", "allowAttestation": true})
	list := func(allowed string) []map[string]any {
		t.Helper()
		resp := h.Do(t, http.MethodGet, "/authenticators/list?isallowed="+allowed, app.Secret(), nil)
		if resp.Status != http.StatusOK {
			t.Fatalf("list: %d %s", resp.Status, resp.Body)
		}
		var out []map[string]any
		resp.JSON(t, &out)
		return out
	}
	if got := list("true"); len(got) != 0 {
		t.Fatalf("new app's allow list = %v, want []", got)
	}
	add := h.Do(t, http.MethodPost, "/authenticators/add", app.Secret(),
		map[string]any{"aaGuids": []string{"973446CA-E21C-9A9B-99F5-9B985A67AF0F"}, "isAllowed": true})
	if add.Status != http.StatusNoContent {
		t.Fatalf("add: %d %s", add.Status, add.Body)
	}
	got := list("true")
	if len(got) != 1 || got[0]["aaGuid"] != "973446ca-e21c-9a9b-99f5-9b985a67af0f" || got[0]["createdAt"] == nil {
		t.Errorf("allow list = %v, want exactly the added AAGUID", got)
	}
	if got := list("false"); len(got) != 0 {
		t.Errorf("block list = %v, want []", got)
	}
	rm := h.Do(t, http.MethodPost, "/authenticators/remove", app.Secret(), map[string]any{"aaGuids": []string{"973446ca-e21c-9a9b-99f5-9b985a67af0f"}})
	if rm.Status != http.StatusNoContent || len(list("true")) != 0 {
		t.Errorf("remove: %d, list after %v", rm.Status, list("true"))
	}
	wantProblem(t, h.Do(t, http.MethodGet, "/authenticators/list", app.Secret(), nil), 400, "validation_failed")
	wantProblem(t, h.Do(t, http.MethodGet, "/authenticators/list?isAllowed=maybe", app.Secret(), nil), 400, "validation_failed")
	wantProblem(t, h.Do(t, http.MethodPost, "/authenticators/add", app.Secret(), map[string]any{"aaGuids": []string{}, "isAllowed": true}), 400, "validation_failed")
	wantProblem(t, h.Do(t, http.MethodPost, "/authenticators/add", app.Secret(), map[string]any{"aaGuids": []string{"nope"}, "isAllowed": true}), 400, "validation_failed")
	wantProblem(t, h.Do(t, http.MethodPost, "/authenticators/add", app.Secret(), map[string]any{"aaGuids": []string{uuid.NewString()}}), 400, "validation_failed")
}

func TestAuthenticators_MetadataDecidesWhatMayBeListed(t *testing.T) {
	h := apitest.New(t, apitest.Options{Configure: func(c *server.Config) { c.MetadataPath = testMDS }})
	app := h.CreateApp(t, "mdsapp", map[string]any{"adminEmail": "a@example.com", "allowAttestation": true})
	p := wantProblem(t, h.Do(t, http.MethodPost, "/authenticators/add", app.Secret(),
		map[string]any{"aaGuids": []string{"973446CA-E21C-9A9B-99F5-9B985A67AF0F", uuid.NewString()}, "isAllowed": true}), 400, "unknown_authenticator")
	if p["title"] != "One or more authenticators do not exist in the FIDO2 MDS." {
		t.Errorf("title %q", p["title"])
	}
	if resp := h.Do(t, http.MethodPost, "/authenticators/add", app.Secret(),
		map[string]any{"aaGuids": []string{"973446CA-E21C-9A9B-99F5-9B985A67AF0F"}, "isAllowed": false}); resp.Status != http.StatusNoContent {
		t.Fatalf("add a known AAGUID: %d %s", resp.Status, resp.Body)
	}
	var got []map[string]any
	h.Do(t, http.MethodGet, "/authenticators/list?isAllowed=false", app.Secret(), nil).JSON(t, &got)
	if len(got) != 1 || got[0]["name"] != "Zeta Security Key" {
		t.Errorf("block list = %v, want the Zeta Security Key with its name", got)
	}
}

// TestAuthenticators_ListsApplyAtRegistration drives real ceremonies with a
// software authenticator against the lists.
func TestAuthenticators_ListsApplyAtRegistration(t *testing.T) {
	h := apitest.New(t, apitest.Options{})
	b := newBrowser(t, h, "listsapp")
	h.SetFeatures(t, "listsapp", map[string]any{"allowAttestation": true})
	own := uuid.UUID(b.auth.AAGUID).String()
	set := func(path string, body map[string]any) {
		t.Helper()
		if resp := h.Do(t, http.MethodPost, path, b.app.Secret(), body); resp.Status != http.StatusNoContent {
			t.Fatalf("%s: %d %s", path, resp.Status, resp.Body)
		}
	}
	attempt := func(user, attestation string) *apitest.Response {
		t.Helper()
		b.auth.Format = passkeystest.AttestationPacked
		if attestation == "none" {
			b.auth.Format = passkeystest.AttestationNone
		}
		bg := b.beginRegistration(t, b.registerToken(t, map[string]any{"userId": user, "username": user, "attestation": attestation}))
		_, att := b.create(t, bg)
		return b.completeRegistration(t, bg.Session, att, nil)
	}

	set("/authenticators/add", map[string]any{"aaGuids": []string{uuid.NewString()}, "isAllowed": true})
	wantProblem(t, attempt("u1", "none"), 400, "attestation_required")
	p := wantProblem(t, attempt("u2", "direct"), 400, "authenticator_not_allowed")
	if p["title"] != "An allowlist was configured. The authenticator is not found on the allowlist and is not allowed to be used for registration." {
		t.Errorf("title %q", p["title"])
	}
	set("/authenticators/add", map[string]any{"aaGuids": []string{own}, "isAllowed": true})
	if resp := attempt("u3", "direct"); resp.Status != http.StatusOK {
		t.Errorf("allow-listed authenticator: %d %s", resp.Status, resp.Body)
	}
	set("/authenticators/add", map[string]any{"aaGuids": []string{own}, "isAllowed": false})
	p = wantProblem(t, attempt("u4", "direct"), 400, "authenticator_not_allowed")
	if p["title"] != "The authenticator is on the blocklist and is not allowed to be used for registration." {
		t.Errorf("title %q", p["title"])
	}
	// A plan without attestation no longer applies the lists.
	h.SetFeatures(t, "listsapp", map[string]any{"allowAttestation": false})
	if resp := attempt("u5", "none"); resp.Status != http.StatusOK {
		t.Errorf("lists applied without attestation on the plan: %d %s (AAGUID %s)", resp.Status, resp.Body, hex.EncodeToString(b.auth.AAGUID[:]))
	}
}

func TestMDS(t *testing.T) {
	h := apitest.New(t, apitest.Options{Configure: func(c *server.Config) { c.MetadataPath = testMDS }})
	get := func(path string) []any {
		t.Helper()
		resp := h.Do(t, http.MethodGet, path, apitest.Management(), nil)
		if resp.Status != http.StatusOK {
			t.Fatalf("%s: %d %s", path, resp.Status, resp.Body)
		}
		var out []any
		resp.JSON(t, &out)
		return out
	}
	if got := get("/mds/attestation-types"); len(got) != 2 || got[0] != "attca" || got[1] != "basic_full" {
		t.Errorf("attestation types %v", got)
	}
	if got := get("/mds/certification-statuses"); len(got) != 3 || got[0] != "FIDO_CERTIFIED" {
		t.Errorf("certification statuses %v", got)
	}
	tests := []struct {
		query string
		want  []string
	}{
		{"", []string{"Alpha Platform Authenticator", "Zeta Security Key"}},
		{"?attestationTypes=attca", []string{"Alpha Platform Authenticator"}},
		{"?certificationStatuses=FIDO_CERTIFIED_L1&certificationStatuses=NOT_FIDO_CERTIFIED", []string{"Alpha Platform Authenticator", "Zeta Security Key"}},
		{"?attestationTypes=attca&certificationStatuses=FIDO_CERTIFIED_L1", []string{}},
	}
	for _, tt := range tests {
		names := []string{}
		for _, e := range get("/mds/entries" + tt.query) {
			names = append(names, e.(map[string]any)["name"].(string))
		}
		if len(names) != len(tt.want) || (len(names) > 0 && (names[0] != tt.want[0] || names[len(names)-1] != tt.want[len(tt.want)-1])) {
			t.Errorf("entries%s = %v, want %v", tt.query, names, tt.want)
		}
	}
	wantProblem(t, h.Do(t, http.MethodGet, "/mds/entries?attestationTypes=basic-full", apitest.Management(), nil), 400, "validation_failed")
	wantProblem(t, h.Do(t, http.MethodGet, "/mds/entries", nil, nil), 401, "missing_management_key")

	open := apitest.New(t, apitest.Options{})
	resp := open.Do(t, http.MethodGet, "/mds/entries", apitest.Management(), nil)
	if resp.Status != http.StatusOK || string(resp.Body) != "[]" {
		t.Errorf("entries without metadata: %d %s, want []", resp.Status, resp.Body)
	}
}
