package api_test

import (
	"encoding/json"
	"net/http"
	"strings"
	"testing"

	"passwordless/api/apitest"
	"passwordless/passkeys/passkeystest"
)

func TestRegister_FullCeremonyThenVerify(t *testing.T) {
	for _, tt := range []struct {
		name   string
		alg    passkeystest.Alg
		format string
	}{
		{"Ed25519 none", passkeystest.EdDSA, passkeystest.AttestationNone},
		{"ES256 none", passkeystest.ES256, passkeystest.AttestationNone},
		{"Ed25519 packed", passkeystest.EdDSA, passkeystest.AttestationPacked},
		{"ES256 packed", passkeystest.ES256, passkeystest.AttestationPacked},
	} {
		t.Run(tt.name, func(t *testing.T) {
			h := apitest.New(t, apitest.Options{})
			b := newBrowser(t, h, "regapp")
			b.auth = passkeystest.New(tt.alg, tt.format)
			token, cred := b.register(t, "user-1", nil)
			v := b.verify(t, token)
			if v["userId"] != "user-1" || v["type"] != "passkey_register" || v["success"] != true ||
				v["rpId"] != testRPID || v["origin"] != testOrigin || v["nickname"] != "My Mac" {
				t.Errorf("verify = %v", v)
			}
			if v["credentialId"] != stdB64(cred.ID) {
				t.Errorf("credentialId = %v, want standard base64 %s", v["credentialId"], stdB64(cred.ID))
			}
		})
	}
}

func TestRegisterToken_Validation(t *testing.T) {
	h := apitest.New(t, apitest.Options{})
	b := newBrowser(t, h, "tokapp")
	long := strings.Repeat("a", 251)
	tests := []struct {
		name       string
		body       map[string]any
		wantStatus int
		wantCode   string
		wantErrors map[string]string // field → first message
		wantTitle  string
	}{
		{"only userId and username", map[string]any{"userId": "1", "username": "test"}, 200, "", nil, ""},
		{"userId missing", map[string]any{"username": "test"}, 400, "missing_userid",
			map[string]string{"userId": "The UserId field is required."}, ""},
		{"userId empty", map[string]any{"userId": "", "username": "test"}, 400, "missing_userid",
			map[string]string{"userId": "The UserId field is required."}, ""},
		{"username missing", map[string]any{"userId": "1"}, 400, "validation_failed",
			map[string]string{"username": "The Username field is required."}, ""},
		{"userId as a number", map[string]any{"userId": 123, "username": "test"}, 200, "", nil, ""},
		{"attestation none", map[string]any{"userId": "1", "username": "t", "attestation": "none"}, 200, "", nil, ""},
		{"attestation empty", map[string]any{"userId": "1", "username": "t", "attestation": ""}, 200, "", nil, ""},
		{"attestation None", map[string]any{"userId": "1", "username": "t", "attestation": "None"}, 200, "", nil, ""},
		{"attestation enterprise", map[string]any{"userId": "1", "username": "t", "attestation": "enterprise"}, 400,
			"invalid_attestation", nil, "Attestation type not supported"},
		{"attestation other", map[string]any{"userId": "1", "username": "t", "attestation": "other"}, 400,
			"invalid_attestation", nil, "Attestation type not supported"},
		{"attestation direct without the plan", map[string]any{"userId": "1", "username": "t", "attestation": "direct"}, 400,
			"attestation_not_supported_on_plan", nil, "Attestation type not supported on your plan"},
		{"attestation indirect without the plan", map[string]any{"userId": "1", "username": "t", "attestation": "indirect"}, 400,
			"attestation_not_supported_on_plan", nil, ""},
		{"eleven aliases", map[string]any{"userId": "1", "username": "t",
			"aliases": []string{"1", "2", "3", "4", "5", "6", "7", "8", "9", "10", "11"}}, 400, "validation_failed",
			map[string]string{"aliases": "The field Aliases must be a string or array type with a maximum length of '10'."}, ""},
		{"alias too long", map[string]any{"userId": "1", "username": "t", "aliases": []string{long}}, 400,
			"validation_failed", map[string]string{"aliases": "The field Aliases must be a collection that contains strings with a maximum length of '250'."}, ""},
		{"empty alias", map[string]any{"userId": "1", "username": "t", "aliases": []string{""}}, 400,
			"validation_failed", map[string]string{"aliases": "The field Aliases must be a collection where every item is required."}, ""},
		{"ten aliases of 250", map[string]any{"userId": "1", "username": "t", "aliases": tenAliases(250)}, 200, "", nil, ""},
		{"unknown hint", map[string]any{"userId": "1", "username": "t", "hints": []string{"carrier-pigeon"}}, 400,
			"validation_failed", nil, ""},
		{"userId over 64 bytes", map[string]any{"userId": strings.Repeat("u", 65), "username": "t"}, 400,
			"validation_failed", nil, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			resp := h.Do(t, http.MethodPost, "/register/token", b.app.Secret(), tt.body)
			if tt.wantStatus == 200 {
				if resp.Status != 200 {
					t.Fatalf("got %d %s, want 200", resp.Status, resp.Body)
				}
				return
			}
			p := wantProblem(t, resp, tt.wantStatus, tt.wantCode)
			if tt.wantTitle != "" && p["title"] != tt.wantTitle {
				t.Errorf("title = %q, want %q", p["title"], tt.wantTitle)
			}
			errs, _ := p["errors"].(map[string]any)
			for field, msg := range tt.wantErrors {
				list, _ := errs[field].([]any)
				if len(list) == 0 || list[0] != msg {
					t.Errorf("errors[%s] = %v, want %q", field, errs[field], msg)
				}
			}
		})
	}
}

func tenAliases(n int) []string {
	out := make([]string, 10)
	for i := range out {
		out[i] = strings.Repeat(string(rune('a'+i)), n)
	}
	return out
}

func TestRegister_AttestationOnPlan(t *testing.T) {
	for _, att := range []string{"none", "direct", "indirect"} {
		t.Run(att, func(t *testing.T) {
			h := apitest.New(t, apitest.Options{})
			b := newBrowser(t, h, "attapp")
			h.SetFeatures(t, "attapp", map[string]any{"allowAttestation": true})
			bg := b.beginRegistration(t, b.registerToken(t, map[string]any{"userId": "1", "username": "u", "attestation": att}))
			var data struct{ Attestation string }
			if err := json.Unmarshal(bg.Data, &data); err != nil || data.Attestation != att {
				t.Errorf("data.attestation = %q (%v), want %q", data.Attestation, err, att)
			}
			b.auth.Format = passkeystest.AttestationPacked
			_, resp := b.create(t, bg)
			if r := b.completeRegistration(t, bg.Session, resp, nil); r.Status != 200 {
				t.Errorf("complete with %s attestation: %d %s", att, r.Status, r.Body)
			}
		})
	}
}

func TestRegisterBegin_Options(t *testing.T) {
	h := apitest.New(t, apitest.Options{})
	b := newBrowser(t, h, "optapp")
	tok := b.registerToken(t, map[string]any{"userId": "u1", "username": "ann@example.com", "displayName": "Ann"})
	bg := b.beginRegistration(t, tok)
	assertNoNulls(t, bg.Data)
	var o struct {
		RP               struct{ ID, Name string }
		User             struct{ ID, Name, DisplayName string }
		PubKeyCredParams []struct {
			Type string
			Alg  int
		}
		Timeout                int
		Hints                  []string
		ExcludeCredentials     []struct{ Type, ID string }
		AuthenticatorSelection struct {
			ResidentKey             string
			RequireResidentKey      bool
			UserVerification        string
			AuthenticatorAttachment *string
		}
		Extensions map[string]any
	}
	if err := json.Unmarshal(bg.Data, &o); err != nil {
		t.Fatal(err)
	}
	var algs []int
	for _, p := range o.PubKeyCredParams {
		algs = append(algs, p.Alg)
	}
	wantAlgs := []int{-8, -7, -257, -37, -35, -258, -38, -36, -259, -39}
	if !slicesEqual(algs, wantAlgs) {
		t.Errorf("algorithms = %v, want upstream order %v", algs, wantAlgs)
	}
	if o.RP.ID != testRPID || o.RP.Name != testRPID {
		t.Errorf("rp = %+v, want id and name %s", o.RP, testRPID)
	}
	if o.User.Name != "ann@example.com" || o.User.DisplayName != "Ann" || o.User.ID != "dTE" {
		t.Errorf("user = %+v", o.User)
	}
	if o.Timeout != 60000 || o.Hints == nil || len(o.ExcludeCredentials) != 0 || o.Extensions["credProps"] != true {
		t.Errorf("timeout %d hints %v exclude %v extensions %v", o.Timeout, o.Hints, o.ExcludeCredentials, o.Extensions)
	}
	sel := o.AuthenticatorSelection
	if sel.ResidentKey != "required" || !sel.RequireResidentKey || sel.UserVerification != "preferred" || sel.AuthenticatorAttachment != nil {
		t.Errorf("authenticatorSelection = %+v", sel)
	}

	// After one registration, the passkey is excluded from the next.
	_, cred := b.register(t, "u1", nil)
	bg = b.beginRegistration(t, b.registerToken(t, map[string]any{"userId": "u1", "username": "ann"}))
	if err := json.Unmarshal(bg.Data, &o); err != nil {
		t.Fatal(err)
	}
	if len(o.ExcludeCredentials) != 1 || o.ExcludeCredentials[0].ID != cred.IDString() || o.ExcludeCredentials[0].Type != "public-key" {
		t.Errorf("excludeCredentials = %+v, want the registered passkey %s", o.ExcludeCredentials, cred.IDString())
	}
	if _, _, err := b.auth.Create(bg.Data, testOrigin); err == nil {
		t.Error("the authenticator registered a second passkey despite excludeCredentials")
	}
}

func TestRegisterBegin_SelectionFromToken(t *testing.T) {
	h := apitest.New(t, apitest.Options{})
	b := newBrowser(t, h, "selapp")
	tests := []struct {
		name                       string
		token                      map[string]any
		wantRK, wantUV, wantAttach string
	}{
		{"not discoverable", map[string]any{"discoverable": false}, "discouraged", "preferred", ""},
		{"platform required", map[string]any{"authenticatorType": "platform", "userVerification": "Required"}, "required", "required", "platform"},
		{"any means no attachment", map[string]any{"authenticatorType": "any"}, "required", "preferred", ""},
		{"first hint wins", map[string]any{"authenticatorType": "platform", "hints": []string{"security-key", "client-device"}}, "required", "preferred", "cross-platform"},
		{"client-device hint", map[string]any{"hints": []string{"client-device"}}, "required", "preferred", "platform"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			body := map[string]any{"userId": "u", "username": "u"}
			for k, v := range tt.token {
				body[k] = v
			}
			bg := b.beginRegistration(t, b.registerToken(t, body))
			var o struct {
				AuthenticatorSelection struct{ ResidentKey, UserVerification, AuthenticatorAttachment string }
				Hints                  []string
			}
			if err := json.Unmarshal(bg.Data, &o); err != nil {
				t.Fatal(err)
			}
			s := o.AuthenticatorSelection
			if s.ResidentKey != tt.wantRK || s.UserVerification != tt.wantUV || s.AuthenticatorAttachment != tt.wantAttach {
				t.Errorf("selection = %+v, want rk %s uv %s attachment %q", s, tt.wantRK, tt.wantUV, tt.wantAttach)
			}
		})
	}
}

func TestRegisterBegin_Errors(t *testing.T) {
	h := apitest.New(t, apitest.Options{})
	b := newBrowser(t, h, "beginapp")
	other := newBrowser(t, h, "otherapp")
	valid := b.registerToken(t, map[string]any{"userId": "u", "username": "u"})
	verifyTok := generate(t, b, "u")
	expired := b.registerToken(t, map[string]any{"userId": "u", "username": "u", "expiresAt": "2020-01-01T00:00:00Z"})
	badUV := b.registerToken(t, map[string]any{"userId": "u", "username": "u", "userVerification": "sometimes"})
	badType := b.registerToken(t, map[string]any{"userId": "u", "username": "u", "authenticatorType": "toaster"})
	foreign := other.registerToken(t, map[string]any{"userId": "u", "username": "u"})
	tests := []struct {
		name       string
		body       map[string]any
		wantStatus int
		wantCode   string
		wantTitle  string
	}{
		{"no token", map[string]any{"RPID": testRPID, "Origin": testOrigin}, 400, "missing_register_token",
			"The token you sent was not correct. The token used for this endpoint should start with 'register_'. Make sure you are not sending the wrong value."},
		{"empty token", map[string]any{"token": "", "RPID": testRPID, "Origin": testOrigin}, 400, "missing_register_token", ""},
		{"verify token", map[string]any{"token": verifyTok, "RPID": testRPID, "Origin": testOrigin}, 400, "invalid_token", ""},
		{"an error message instead", map[string]any{"token": "Error: bad", "RPID": testRPID, "Origin": testOrigin}, 400, "invalid_token", ""},
		{"undecodable", map[string]any{"token": "register_%%%", "RPID": testRPID, "Origin": testOrigin}, 400, "invalid_token_format", ""},
		{"another application's token", map[string]any{"token": foreign, "RPID": testRPID, "Origin": testOrigin}, 400, "invalid_token", ""},
		{"expired token", map[string]any{"token": expired, "RPID": testRPID, "Origin": testOrigin}, 403, "expired_token", ""},
		{"no Origin", map[string]any{"token": valid, "RPID": testRPID}, 400, "origin_required", "Origin is required."},
		{"no RPID", map[string]any{"token": valid, "Origin": testOrigin}, 400, "validation_failed", ""},
		{"IP address RPID", map[string]any{"token": valid, "RPID": "127.0.0.1", "Origin": "http://127.0.0.1"}, 400, "validation_failed", ""},
		{"bad userVerification", map[string]any{"token": badUV, "RPID": testRPID, "Origin": testOrigin}, 400, "invalid_argument", ""},
		{"bad authenticatorType", map[string]any{"token": badType, "RPID": testRPID, "Origin": testOrigin}, 400, "invalid_argument", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			resp := h.Do(t, http.MethodPost, "/register/begin", b.app.Public(), tt.body)
			p := wantProblem(t, resp, tt.wantStatus, tt.wantCode)
			if tt.wantTitle != "" && p["title"] != tt.wantTitle {
				t.Errorf("title = %q, want %q", p["title"], tt.wantTitle)
			}
		})
	}
}

// TestRegister_MaxUsers: a plan's user cap stops new users at
// /register/token; users with a passkey can still add one.
func TestRegister_MaxUsers(t *testing.T) {
	h := apitest.New(t, apitest.Options{})
	b := newBrowser(t, h, "capapp")
	h.SetFeatures(t, "capapp", map[string]any{"maxUsers": 1})
	b.register(t, "u1", nil)
	resp := h.Do(t, http.MethodPost, "/register/token", b.app.Secret(), map[string]any{"userId": "u2", "username": "u"})
	if p := wantProblem(t, resp, 400, "max_users_exceeded"); p["title"] != "Maximum number of users reached" {
		t.Errorf("title = %q", p["title"])
	}
	b.registerToken(t, map[string]any{"userId": "u1", "username": "u"})
}
