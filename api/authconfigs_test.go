package api_test

import (
	"net/http"
	"testing"
	"time"

	"passwordless/api/apitest"
)

func configsOf(t *testing.T, b *browser, query string) []map[string]any {
	t.Helper()
	resp := b.h.Do(t, http.MethodGet, "/auth-configs/list"+query, b.app.Secret(), nil)
	if resp.Status != 200 {
		t.Fatalf("auth-configs/list: %d %s", resp.Status, resp.Body)
	}
	var out struct{ Configurations []map[string]any }
	resp.JSON(t, &out)
	return out.Configurations
}

func TestAuthConfigs_Presets(t *testing.T) {
	h := apitest.New(t, apitest.Options{})
	b := newBrowser(t, h, "cfgapp")
	list := configsOf(t, b, "")
	if len(list) != 2 || list[0]["purpose"] != "sign-in" || list[1]["purpose"] != "step-up" {
		t.Fatalf("configurations = %v, want the two presets", list)
	}
	for _, c := range list {
		if c["userVerificationRequirement"] != "preferred" || c["timeToLive"] != 120.0 || c["hints"] != "" ||
			c["createdBy"] != "System" || c["createdOn"] != nil || c["lastUsedOn"] != nil {
			t.Errorf("preset = %v", c)
		}
	}
	if list := configsOf(t, b, "?purpose=step-up"); len(list) != 1 || list[0]["purpose"] != "step-up" {
		t.Errorf("filter step-up = %v", list)
	}
	if list := configsOf(t, b, "?purpose=nothing"); len(list) != 0 {
		t.Errorf("filter unknown = %v", list)
	}
}

func TestAuthConfigs_Lifecycle(t *testing.T) {
	h := apitest.New(t, apitest.Options{})
	b := newBrowser(t, h, "cfglife")
	do := func(path string, body map[string]any) *apitest.Response {
		return h.Do(t, http.MethodPost, path, b.app.Secret(), body)
	}
	add := map[string]any{"purpose": "transfer", "userVerificationRequirement": "required", "timeToLive": "00:03:00",
		"hints": []string{"security-key", "hybrid"}, "performedBy": "ann"}
	if r := do("/auth-configs/add", add); r.Status != http.StatusCreated || len(r.Body) != 0 {
		t.Fatalf("add: %d %s", r.Status, r.Body)
	}
	c := configsOf(t, b, "?purpose=transfer")[0]
	if c["timeToLive"] != 180.0 || c["hints"] != "SecurityKey, Hybrid" || c["createdBy"] != "ann" ||
		c["createdOn"] == nil || c["userVerificationRequirement"] != "required" {
		t.Errorf("added = %v", c)
	}
	p := wantProblem(t, do("/auth-configs/add", add), 400, "auth_config_exists")
	if p["title"] != "The configuration transfer already exists." {
		t.Errorf("title = %q", p["title"])
	}
	wantProblem(t, do("/auth-configs/add", map[string]any{"purpose": "sign-in", "performedBy": "ann"}), 400, "auth_config_exists")

	update := map[string]any{"purpose": "transfer", "timeToLive": 60, "performedBy": "bob"}
	if r := do("/auth-configs", update); r.Status != http.StatusNoContent {
		t.Fatalf("update: %d %s", r.Status, r.Body)
	}
	c = configsOf(t, b, "?purpose=transfer")[0]
	if c["timeToLive"] != 60.0 || c["editedBy"] != "bob" || c["createdBy"] != "ann" || c["hints"] != "" {
		t.Errorf("updated = %v", c)
	}
	r := do("/auth-configs", map[string]any{"purpose": "missing", "performedBy": "bob"})
	if p := wantProblem(t, r, 404, "auth_config_not_found"); p["title"] != "The configuration missing does not exist." {
		t.Errorf("title = %q", p["title"])
	}
	// Editing a preset stores it.
	if r := do("/auth-configs", map[string]any{"purpose": "step-up", "timeToLive": "00:05:00", "performedBy": "bob"}); r.Status != 204 {
		t.Fatalf("update step-up: %d %s", r.Status, r.Body)
	}
	if c := configsOf(t, b, "?purpose=step-up")[0]; c["timeToLive"] != 300.0 || c["editedBy"] != "bob" {
		t.Errorf("step-up = %v", c)
	}
	if list := configsOf(t, b, ""); len(list) != 3 {
		t.Errorf("list = %v, want sign-in, step-up, transfer", list)
	}

	r = do("/auth-configs/delete", map[string]any{"purpose": "sign-in", "performedBy": "bob"})
	if p := wantProblem(t, r, 400, "auth_config_preset_not_deletable"); p["title"] != "The sign-in configuration cannot be deleted." {
		t.Errorf("title = %q", p["title"])
	}
	if r := do("/auth-configs/delete", map[string]any{"purpose": "transfer", "performedBy": "bob"}); r.Status != 204 {
		t.Fatalf("delete: %d %s", r.Status, r.Body)
	}
	wantProblem(t, do("/auth-configs/delete", map[string]any{"purpose": "transfer", "performedBy": "bob"}), 404, "auth_config_not_found")
}

func TestAuthConfigs_Validation(t *testing.T) {
	h := apitest.New(t, apitest.Options{})
	b := newBrowser(t, h, "cfgval")
	for _, tt := range []struct {
		name string
		body map[string]any
	}{
		{"no purpose", map[string]any{"performedBy": "a"}},
		{"purpose with a space", map[string]any{"purpose": "a b", "performedBy": "a"}},
		{"no performedBy", map[string]any{"purpose": "p"}},
		{"bad userVerification", map[string]any{"purpose": "p", "performedBy": "a", "userVerificationRequirement": "always"}},
		{"bad timeToLive", map[string]any{"purpose": "p", "performedBy": "a", "timeToLive": "soon"}},
		{"zero timeToLive", map[string]any{"purpose": "p", "performedBy": "a", "timeToLive": "00:00:00"}},
		{"bad hint", map[string]any{"purpose": "p", "performedBy": "a", "hints": []string{"nfc"}}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			wantProblem(t, h.Do(t, http.MethodPost, "/auth-configs/add", b.app.Secret(), tt.body), 400, "validation_failed")
		})
	}
}

// TestAuthConfigs_StepUp: a purpose's settings reach the sign-in options
// and the verify token, and its lastUsedOn follows sign-ins; an unknown
// purpose falls back to sign-in.
func TestAuthConfigs_StepUp(t *testing.T) {
	h := apitest.New(t, apitest.Options{})
	b := newBrowser(t, h, "stepapp")
	b.register(t, "u1", nil)
	r := h.Do(t, http.MethodPost, "/auth-configs/add", b.app.Secret(), map[string]any{"purpose": "payment",
		"userVerificationRequirement": "required", "timeToLive": "00:10:00", "hints": []string{"client-device"}, "performedBy": "ann"})
	if r.Status != 201 {
		t.Fatalf("add: %d %s", r.Status, r.Body)
	}
	bg := b.beginSignin(t, map[string]any{"userId": "u1", "purpose": "payment"})
	var o struct {
		UserVerification string
		Hints            []string
	}
	mustJSON(t, bg.Data, &o)
	if o.UserVerification != "required" || len(o.Hints) != 1 || o.Hints[0] != "client-device" {
		t.Errorf("options for payment = %s", bg.Data)
	}
	_, resp, err := b.auth.Get(bg.Data, testOrigin)
	if err != nil {
		t.Fatal(err)
	}
	v := b.verify(t, tokenOf(t, b.completeSignin(t, bg.Session, resp), "verify_"))
	ts, _ := time.Parse(time.RFC3339Nano, v["timestamp"].(string))
	exp, _ := time.Parse(time.RFC3339Nano, v["expiresAt"].(string))
	if v["purpose"] != "payment" || exp.Sub(ts) != 10*time.Minute {
		t.Errorf("verify = %v, want purpose payment living 10 minutes", v)
	}
	if c := configsOf(t, b, "?purpose=payment")[0]; c["lastUsedOn"] == nil {
		t.Errorf("lastUsedOn not set after a sign-in: %v", c)
	}

	// The step-up preset with its default TTL, and an unknown purpose.
	for purpose, want := range map[string]string{"step-up": "step-up", "no-such-purpose": "sign-in", "": "sign-in"} {
		v := b.verify(t, tokenOf(t, b.signin(t, map[string]any{"userId": "u1", "purpose": purpose}), "verify_"))
		ts, _ := time.Parse(time.RFC3339Nano, v["timestamp"].(string))
		exp, _ := time.Parse(time.RFC3339Nano, v["expiresAt"].(string))
		if v["purpose"] != want || exp.Sub(ts) != 120*time.Second {
			t.Errorf("purpose %q: verify = %v, want purpose %s living 120 s", purpose, v, want)
		}
	}
}
