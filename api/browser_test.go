package api_test

import (
	"context"
	"encoding/base64"
	"encoding/json"
	"net/http"
	"os"
	"strings"
	"testing"

	"passwordless/api/apitest"
	"passwordless/passkeys/passkeystest"
	"passwordless/storage/storagetest"
	"passwordless/tenants"
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
	Data        json.RawMessage `json:"data"`
	Session     string          `json:"session"`
	ReportNonce string          `json:"reportNonce"`
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

// eachDatabase runs fn on a server over SQLite and, with TEST_DATABASE_URL,
// over PostgreSQL.
func eachDatabase(t *testing.T, fn func(t *testing.T, h *apitest.Harness)) {
	t.Run("sqlite", func(t *testing.T) { fn(t, apitest.New(t, apitest.Options{})) })
	if os.Getenv("TEST_DATABASE_URL") != "" {
		t.Run("postgres", func(t *testing.T) { fn(t, apitest.New(t, apitest.Options{DB: storagetest.Postgres(t)})) })
	}
}

func stdB64(b []byte) string { return base64.StdEncoding.EncodeToString(b) }

func credentialsOf(t *testing.T, b *browser, userID string) []map[string]any {
	t.Helper()
	resp := b.h.Do(t, http.MethodGet, "/credentials/list?userId="+userID, b.app.Secret(), nil)
	if resp.Status != 200 {
		t.Fatalf("credentials/list: %d %s", resp.Status, resp.Body)
	}
	var out struct{ Values []map[string]any }
	resp.JSON(t, &out)
	return out.Values
}

func mustJSON(t *testing.T, raw []byte, v any) {
	t.Helper()
	if err := json.Unmarshal(raw, v); err != nil {
		t.Fatalf("decode %s: %v", raw, err)
	}
}

func disableGenerate(t *testing.T, h *apitest.Harness, appID string) {
	t.Helper()
	off := false
	err := h.Server.Tenants.SetAppFeatures(context.Background(), appID, tenants.AppFeatureChange{GenerateSignInToken: &off})
	if err != nil {
		t.Fatal(err)
	}
}
