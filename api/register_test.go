package api_test

import (
	"encoding/json"
	"net/http"
	"os"
	"strings"
	"sync"
	"testing"
	"time"

	"passwordless/api/apitest"
	"passwordless/passkeys/passkeystest"
	"passwordless/storage/storagetest"
)

const (
	testRPID   = "example.com"
	testOrigin = "https://example.com"
)

// browser is a test client that plays the published browser client and a
// backend against one application, with a software authenticator.
type browser struct {
	h    *apitest.Harness
	app  apitest.App
	auth *passkeystest.Authenticator
}

func newBrowser(t *testing.T, h *apitest.Harness, appID string) *browser {
	t.Helper()
	return &browser{h: h, app: h.CreateApp(t, appID, nil), auth: passkeystest.New(passkeystest.EdDSA, passkeystest.AttestationNone)}
}

// registerToken asks for a register token as a backend and wants 200.
func (b *browser) registerToken(t *testing.T, body map[string]any) string {
	t.Helper()
	resp := b.h.Do(t, http.MethodPost, "/register/token", b.app.Secret(), body)
	if resp.Status != http.StatusOK {
		t.Fatalf("register/token: %d %s", resp.Status, resp.Body)
	}
	var out struct{ Token string }
	resp.JSON(t, &out)
	if !strings.HasPrefix(out.Token, "register_") {
		t.Fatalf("register token %q lacks its prefix", out.Token)
	}
	return out.Token
}

type begun struct {
	Data    json.RawMessage `json:"data"`
	Session string          `json:"session"`
}

// begin posts a begin call and wants 200.
func (b *browser) begin(t *testing.T, path string, body map[string]any) begun {
	t.Helper()
	resp := b.h.Do(t, http.MethodPost, path, b.app.Public(), body)
	if resp.Status != http.StatusOK {
		t.Fatalf("%s: %d %s", path, resp.Status, resp.Body)
	}
	var out begun
	resp.JSON(t, &out)
	if !strings.HasPrefix(out.Session, "session_") {
		t.Fatalf("%s: session %q lacks its prefix", path, out.Session)
	}
	return out
}

func (b *browser) beginRegistration(t *testing.T, token string) begun {
	return b.begin(t, "/register/begin", map[string]any{"token": token, "RPID": testRPID, "Origin": testOrigin})
}

// create runs the authenticator on begin's options.
func (b *browser) create(t *testing.T, bg begun) (*passkeystest.Credential, *passkeystest.AttestationResponse) {
	t.Helper()
	cred, resp, err := b.auth.Create(bg.Data, testOrigin)
	if err != nil {
		t.Fatalf("authenticator refused the creation options %s: %v", bg.Data, err)
	}
	return cred, resp
}

func (b *browser) completeRegistration(t *testing.T, session string, response any, extra map[string]any) *apitest.Response {
	t.Helper()
	body := map[string]any{"session": session, "response": response, "RPID": testRPID, "Origin": testOrigin}
	for k, v := range extra {
		body[k] = v
	}
	return b.h.Do(t, http.MethodPost, "/register/complete", b.app.Public(), body)
}

// register runs a whole registration of userID and returns the verify
// token and the new credential.
func (b *browser) register(t *testing.T, userID string, tokenBody map[string]any) (string, *passkeystest.Credential) {
	t.Helper()
	body := map[string]any{"userId": userID, "username": userID + "@example.com"}
	for k, v := range tokenBody {
		body[k] = v
	}
	bg := b.beginRegistration(t, b.registerToken(t, body))
	cred, att := b.create(t, bg)
	resp := b.completeRegistration(t, bg.Session, att, map[string]any{"nickname": "My Mac"})
	if resp.Status != http.StatusOK {
		t.Fatalf("register/complete: %d %s", resp.Status, resp.Body)
	}
	return tokenOf(t, resp, "verify_"), cred
}

func tokenOf(t *testing.T, resp *apitest.Response, prefix string) string {
	t.Helper()
	var out struct{ Token string }
	resp.JSON(t, &out)
	if !strings.HasPrefix(out.Token, prefix) {
		t.Fatalf("token %q lacks prefix %q", out.Token, prefix)
	}
	return out.Token
}

// verify checks a verify token as a backend and returns the body.
func (b *browser) verify(t *testing.T, token string) map[string]any {
	t.Helper()
	resp := b.h.Do(t, http.MethodPost, "/signin/verify", b.app.Secret(), map[string]any{"token": token})
	if resp.Status != http.StatusOK {
		t.Fatalf("signin/verify: %d %s", resp.Status, resp.Body)
	}
	var out map[string]any
	resp.JSON(t, &out)
	return out
}

// signin runs begin (with body plus RPID and Origin), the authenticator
// and complete, and returns complete's response.
func (b *browser) signin(t *testing.T, body map[string]any) *apitest.Response {
	t.Helper()
	bg := b.beginSignin(t, body)
	_, resp, err := b.auth.Get(bg.Data, testOrigin)
	if err != nil {
		t.Fatalf("authenticator refused the request options %s: %v", bg.Data, err)
	}
	return b.completeSignin(t, bg.Session, resp)
}

func (b *browser) beginSignin(t *testing.T, body map[string]any) begun {
	t.Helper()
	full := map[string]any{"RPID": testRPID, "Origin": testOrigin}
	for k, v := range body {
		full[k] = v
	}
	return b.begin(t, "/signin/begin", full)
}

func (b *browser) completeSignin(t *testing.T, session string, response any) *apitest.Response {
	t.Helper()
	return b.h.Do(t, http.MethodPost, "/signin/complete", b.app.Public(),
		map[string]any{"session": session, "response": response, "RPID": testRPID, "Origin": testOrigin})
}

// wantProblem fails unless resp is the problem code with status.
func wantProblem(t *testing.T, resp *apitest.Response, status int, code string) map[string]any {
	t.Helper()
	if resp.Status != status || resp.Code() != code {
		t.Fatalf("got %d %s, want %d %s", resp.Status, resp.Body, status, code)
	}
	return resp.Problem(t)
}

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

// generate returns a generated verify token for userID.
func generate(t *testing.T, b *browser, userID string) string {
	t.Helper()
	resp := b.h.Do(t, http.MethodPost, "/signin/generate-token", b.app.Secret(), map[string]any{"userId": userID})
	if resp.Status != 200 {
		t.Fatalf("generate-token: %d %s", resp.Status, resp.Body)
	}
	return tokenOf(t, resp, "verify_")
}

// assertNoNulls fails on any null in options a browser reads (clients.md
// §2.5: null lists, timeouts or rpId break the ceremony).
func assertNoNulls(t *testing.T, raw []byte) {
	t.Helper()
	var v any
	if err := json.Unmarshal(raw, &v); err != nil {
		t.Fatal(err)
	}
	var walk func(path string, v any)
	walk = func(path string, v any) {
		switch x := v.(type) {
		case nil:
			t.Errorf("%s is null in %s", path, raw)
		case map[string]any:
			for k, e := range x {
				walk(path+"."+k, e)
			}
		case []any:
			for _, e := range x {
				walk(path+"[]", e)
			}
		}
	}
	walk("data", v)
}

func slicesEqual(a, b []int) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

func TestRegisterComplete_Errors(t *testing.T) {
	h := apitest.New(t, apitest.Options{})
	b := newBrowser(t, h, "completeapp")
	fresh := func(t *testing.T) (begun, *passkeystest.AttestationResponse) {
		b.auth = passkeystest.New(passkeystest.EdDSA, passkeystest.AttestationNone) // a new device each time
		bg := b.beginRegistration(t, b.registerToken(t, map[string]any{"userId": "u1", "username": "u"}))
		_, att := b.create(t, bg)
		return bg, att
	}
	t.Run("no session", func(t *testing.T) {
		_, att := fresh(t)
		p := wantProblem(t, b.completeRegistration(t, "", att, nil), 400, "missing_token")
		if p["title"] != "This operation requires a token that starts with 'session_' to be passed." {
			t.Errorf("title = %q", p["title"])
		}
	})
	t.Run("replayed session", func(t *testing.T) {
		bg, att := fresh(t)
		if r := b.completeRegistration(t, bg.Session, att, nil); r.Status != 200 {
			t.Fatalf("first complete: %d %s", r.Status, r.Body)
		}
		wantProblem(t, b.completeRegistration(t, bg.Session, att, nil), 400, "session_not_found")
	})
	t.Run("late complete", func(t *testing.T) {
		bg, att := fresh(t)
		h.Clock.Advance(3 * time.Minute)
		wantProblem(t, b.completeRegistration(t, bg.Session, att, nil), 400, "session_expired")
	})
	t.Run("no Origin", func(t *testing.T) {
		bg, att := fresh(t)
		r := h.Do(t, http.MethodPost, "/register/complete", b.app.Public(), map[string]any{"session": bg.Session, "response": att, "RPID": testRPID})
		wantProblem(t, r, 400, "origin_required")
	})
	t.Run("created on another origin", func(t *testing.T) {
		b.auth = passkeystest.New(passkeystest.EdDSA, passkeystest.AttestationNone)
		bg := b.beginRegistration(t, b.registerToken(t, map[string]any{"userId": "u1", "username": "u"}))
		_, att, err := b.auth.Create(bg.Data, "https://evil.example")
		if err != nil {
			t.Fatal(err)
		}
		p := wantProblem(t, b.completeRegistration(t, bg.Session, att, nil), 400, "fido2_invalid_registration")
		if !strings.Contains(p["title"].(string), "origin") && !strings.Contains(p["detail"].(string), "evil.example") {
			t.Errorf("problem does not name the origin check: %v", p)
		}
	})
	t.Run("challenge of another ceremony", func(t *testing.T) {
		bg1, _ := fresh(t)
		_, att2 := fresh(t)
		wantProblem(t, b.completeRegistration(t, bg1.Session, att2, nil), 400, "fido2_invalid_registration")
	})
	t.Run("nickname over 64 characters", func(t *testing.T) {
		bg, att := fresh(t)
		r := b.completeRegistration(t, bg.Session, att, map[string]any{"nickname": strings.Repeat("n", 65)})
		p := wantProblem(t, r, 400, "validation_failed")
		if errs := p["errors"].(map[string]any); errs["nickname"].([]any)[0] != "Nickname cannot be longer than 64 characters." {
			t.Errorf("errors = %v", errs)
		}
	})
	t.Run("no response", func(t *testing.T) {
		bg, _ := fresh(t)
		wantProblem(t, b.completeRegistration(t, bg.Session, nil, nil), 400, "validation_failed")
	})
	t.Run("garbage response", func(t *testing.T) {
		bg, _ := fresh(t)
		wantProblem(t, b.completeRegistration(t, bg.Session, map[string]any{"id": "x"}, nil), 400, "fido2_invalid_registration")
	})
	t.Run("sign-in session", func(t *testing.T) {
		_, att := fresh(t)
		sg := b.beginSignin(t, map[string]any{})
		wantProblem(t, b.completeRegistration(t, sg.Session, att, nil), 400, "session_not_found")
	})
}

func TestRegisterComplete_DuplicateCredentialID(t *testing.T) {
	h := apitest.New(t, apitest.Options{})
	b := newBrowser(t, h, "dupapp")
	_, cred := b.register(t, "u1", nil)
	// Another authenticator presents the same credential id for another
	// user; excludeCredentials cannot stop it.
	b.auth = passkeystest.New(passkeystest.ES256, passkeystest.AttestationNone)
	b.auth.NextCredentialID = cred.ID
	bg := b.beginRegistration(t, b.registerToken(t, map[string]any{"userId": "u2", "username": "u"}))
	_, att := b.create(t, bg)
	wantProblem(t, b.completeRegistration(t, bg.Session, att, nil), 409, "credential_already_registered")
}

func TestRegister_StoresWhatItLearns(t *testing.T) {
	h := apitest.New(t, apitest.Options{})
	b := newBrowser(t, h, "storeapp")
	b.auth.BackupEligible, b.auth.BackedUp = true, true
	bg := b.beginRegistration(t, b.registerToken(t, map[string]any{"userId": "u1", "username": "u"}))
	cred, att := b.create(t, bg)
	r := h.Do(t, http.MethodPost, "/register/complete", apitest.H{"ApiKey": b.app.APIKey1, "CF-IPCountry": "SE",
		"User-Agent": "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Safari/537.36"},
		map[string]any{"session": bg.Session, "response": att, "nickname": "Fred's Mac", "RPID": testRPID, "Origin": testOrigin})
	if r.Status != 200 {
		t.Fatalf("complete: %d %s", r.Status, r.Body)
	}
	v := b.verify(t, tokenOf(t, r, "verify_"))
	if v["device"] != "Chrome, Mac OS X 10" || v["country"] != "SE" || v["purpose"] != nil {
		t.Errorf("verify = %v", v)
	}
	c := credentialsOf(t, b, "u1")[0]
	want := map[string]any{"device": "Chrome, Mac OS X 10", "country": "SE", "nickname": "Fred's Mac",
		"aaGuid": "01020304-0506-0708-0102-030405060708", "attestationFmt": "none", "rpid": testRPID, "origin": testOrigin,
		"userId": "u1", "userHandle": stdB64([]byte("u1")), "backupState": true, "isBackupEligible": true,
		"isDiscoverable": true, "signatureCounter": 0.0}
	for k, w := range want {
		if c[k] != w {
			t.Errorf("credential[%s] = %v, want %v", k, c[k], w)
		}
	}
	if d := c["descriptor"].(map[string]any); d["id"] != cred.IDString() || d["type"] != "public-key" {
		t.Errorf("descriptor = %v", d)
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

// TestRegister_MaxCredentialsPerUser: the per-user limit holds at begin
// and, for ceremonies begun before the limit was met, at complete.
func TestRegister_MaxCredentialsPerUser(t *testing.T) {
	h := apitest.New(t, apitest.Options{})
	b := newBrowser(t, h, "limitapp")
	h.SetFeatures(t, "limitapp", map[string]any{"maxCredentialsPerUser": 2})
	b.register(t, "u1", nil)
	tok := map[string]any{"userId": "u1", "username": "u"}
	bg1 := b.beginRegistration(t, b.registerToken(t, tok))
	bg2 := b.beginRegistration(t, b.registerToken(t, tok))
	b.auth = passkeystest.New(passkeystest.EdDSA, passkeystest.AttestationNone) // a second device
	_, att1 := b.create(t, bg1)
	other := passkeystest.New(passkeystest.ES256, passkeystest.AttestationNone)
	_, att2, err := other.Create(bg2.Data, testOrigin)
	if err != nil {
		t.Fatal(err)
	}
	if r := b.completeRegistration(t, bg1.Session, att1, nil); r.Status != 200 {
		t.Fatalf("second passkey: %d %s", r.Status, r.Body)
	}
	wantProblem(t, b.completeRegistration(t, bg2.Session, att2, nil), 400, "max_credentials_per_user_exceeded")
	resp := h.Do(t, http.MethodPost, "/register/begin", b.app.Public(),
		map[string]any{"token": b.registerToken(t, tok), "RPID": testRPID, "Origin": testOrigin})
	wantProblem(t, resp, 400, "max_credentials_per_user_exceeded")
	if n := len(credentialsOf(t, b, "u1")); n != 2 {
		t.Errorf("user holds %d passkeys, limit 2", n)
	}
}

func TestRegister_AliasesOfTheToken(t *testing.T) {
	h := apitest.New(t, apitest.Options{})
	b := newBrowser(t, h, "aliasreg")
	b.register(t, "u1", map[string]any{"aliases": []string{"ann@example.com"}, "aliasHashing": false})
	list := aliasesOf(t, b, "u1")
	if len(list) != 1 || list[0]["plaintext"] != "ann@example.com" {
		t.Errorf("aliases = %v", list)
	}
	// Another user cannot get a token for the alias...
	resp := h.Do(t, http.MethodPost, "/register/token", b.app.Secret(),
		map[string]any{"userId": "u2", "username": "u", "aliases": []string{"ann@example.com"}})
	if p := wantProblem(t, resp, 409, "alias_conflict"); p["title"] != "Alias is already in use by another userid" {
		t.Errorf("title = %q", p["title"])
	}
	// ...and one obtained before the alias was taken fails at complete,
	// leaving nothing behind.
	tok := b.registerToken(t, map[string]any{"userId": "u3", "username": "u", "aliases": []string{"bob@example.com"}})
	if r := h.Do(t, http.MethodPost, "/alias", b.app.Secret(), map[string]any{"userId": "u4", "aliases": []string{"bob@example.com"}}); r.Status != 204 {
		t.Fatalf("alias: %d %s", r.Status, r.Body)
	}
	bg := b.beginRegistration(t, tok)
	_, att := b.create(t, bg)
	wantProblem(t, b.completeRegistration(t, bg.Session, att, nil), 409, "alias_conflict")
	if n := len(credentialsOf(t, b, "u3")); n != 0 {
		t.Errorf("a registration that failed on its alias stored %d passkeys", n)
	}
}

// TestRegister_ConcurrentFirstRegistrations runs 16 complete ceremonies of
// one new user at once (with aliases, so the alias replacement races too):
// none may fail with a 5xx. On PostgreSQL when TEST_DATABASE_URL is set.
func TestRegister_ConcurrentFirstRegistrations(t *testing.T) {
	eachDatabase(t, func(t *testing.T, h *apitest.Harness) {
		b := newBrowser(t, h, "rushapp")
		const n = 16
		type prepared struct {
			bg  begun
			att *passkeystest.AttestationResponse
		}
		ready := make([]prepared, n)
		for i := range ready {
			bg := b.beginRegistration(t, b.registerToken(t, map[string]any{"userId": "newbie", "username": "n",
				"aliases": []string{"newbie@example.com"}}))
			auth := passkeystest.New(passkeystest.EdDSA, passkeystest.AttestationNone)
			_, att, err := auth.Create(bg.Data, testOrigin)
			if err != nil {
				t.Fatal(err)
			}
			ready[i] = prepared{bg, att}
		}
		statuses := make([]int, n)
		var wg sync.WaitGroup
		for i := range ready {
			wg.Add(1)
			go func() {
				defer wg.Done()
				statuses[i] = b.completeRegistration(t, ready[i].bg.Session, ready[i].att, nil).Status
			}()
		}
		wg.Wait()
		for i, s := range statuses {
			if s != 200 {
				t.Errorf("registration %d answered %d", i, s)
			}
		}
		if got := len(credentialsOf(t, b, "newbie")); got != n {
			t.Errorf("user holds %d passkeys, want %d", got, n)
		}
	})
}

// eachDatabase runs fn on a server over SQLite and, with TEST_DATABASE_URL,
// over PostgreSQL.
func eachDatabase(t *testing.T, fn func(t *testing.T, h *apitest.Harness)) {
	t.Run("sqlite", func(t *testing.T) { fn(t, apitest.New(t, apitest.Options{})) })
	if os.Getenv("TEST_DATABASE_URL") != "" {
		t.Run("postgres", func(t *testing.T) { fn(t, apitest.New(t, apitest.Options{DB: storagetest.Postgres(t)})) })
	}
}

// TestPasskeys_WriteEvents: with event logging on, every endpoint of the
// passkey flows leaves its upstream event (spec §9.3) naming the user and
// the key used.
func TestPasskeys_WriteEvents(t *testing.T) {
	h := apitest.New(t, apitest.Options{})
	b := newBrowser(t, h, "eventapp")
	h.SetFeatures(t, "eventapp", map[string]any{"eventLoggingIsEnabled": true, "eventLoggingRetentionPeriod": 30})
	token, cred := b.register(t, "u1", nil)
	b.verify(t, token)
	b.verify(t, tokenOf(t, b.signin(t, map[string]any{"userId": "u1"}), "verify_"))
	generate(t, b, "u1")
	setAliases(t, b, map[string]any{"userId": "u1", "aliases": []string{"a@x"}})
	h.Do(t, http.MethodPost, "/auth-configs/add", b.app.Secret(), map[string]any{"purpose": "p", "performedBy": "ann"})
	h.Do(t, http.MethodPost, "/auth-configs", b.app.Secret(), map[string]any{"purpose": "p", "performedBy": "ann"})
	h.Do(t, http.MethodPost, "/auth-configs/delete", b.app.Secret(), map[string]any{"purpose": "p", "performedBy": "ann"})
	h.Do(t, http.MethodPost, "/credentials/delete", b.app.Secret(), map[string]any{"credentialId": cred.IDString()})
	h.Do(t, http.MethodPost, "/users/delete", b.app.Secret(), map[string]any{"userId": "u1"})

	resp := h.Do(t, http.MethodGet, "/events?pageNumber=1&numberOfResults=1000", b.app.Secret(), nil)
	var page struct {
		Events []struct{ EventType, Subject, APIKeyID, PerformedBy string }
	}
	resp.JSON(t, &page)
	seen := map[string]bool{}
	for _, e := range page.Events {
		seen[e.EventType] = true
		if e.EventType == "ApiUserSignInCompleted" && (e.Subject != "u1" || e.APIKeyID != b.app.APIKey1[len(b.app.APIKey1)-4:]) {
			t.Errorf("sign-in event = %+v, want subject u1 and the public key's id", e)
		}
		if e.EventType == "ApiAuthenticationConfigurationCreated" && e.PerformedBy != "ann" {
			t.Errorf("configuration event performed by %q, want ann", e.PerformedBy)
		}
	}
	for _, want := range []string{"ApiAuthUserRegistered", "ApiAuthPasskeyRegistrationBegan", "ApiAuthPasskeyRegistrationCompleted",
		"ApiUserSignInBegan", "ApiUserSignInCompleted", "ApiUserSignInVerified", "ApiUserSigninTokenCreated", "ApiUserSetAliases",
		"ApiAuthenticationConfigurationCreated", "ApiAuthenticationConfigurationUpdated", "ApiAuthenticationConfigurationDeleted",
		"ApiUserDeleteCredential", "ApiUserDeleted"} {
		if !seen[want] {
			t.Errorf("no %s event among %v", want, seen)
		}
	}
}
