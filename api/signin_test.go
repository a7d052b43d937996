package api_test

import (
	"encoding/base64"
	"encoding/json"
	"net/http"
	"testing"
	"time"

	"passwordless/api/apitest"
	"passwordless/passkeys/passkeystest"
	"passwordless/storage/storagetest"
)

// TestSignin_ByIDAliasAndDiscoverable signs one registered user in the
// three ways the browser client offers, and verifies each token.
func TestSignin_ByIDAliasAndDiscoverable(t *testing.T) {
	h := apitest.New(t, apitest.Options{})
	b := newBrowser(t, h, "signapp")
	_, cred := b.register(t, "user-1", map[string]any{"aliases": []string{"ann@example.com"}, "aliasHashing": false})
	for _, tt := range []struct {
		name string
		body map[string]any
	}{
		{"by id", map[string]any{"userId": "user-1"}},
		{"by alias", map[string]any{"alias": "ann@example.com"}},
		{"discoverable", map[string]any{}},
		{"null purpose", map[string]any{"userId": "user-1", "purpose": nil}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			resp := b.signin(t, tt.body)
			if resp.Status != 200 {
				t.Fatalf("signin/complete: %d %s", resp.Status, resp.Body)
			}
			v := b.verify(t, tokenOf(t, resp, "verify_"))
			if v["userId"] != "user-1" || v["type"] != "passkey_signin" || v["purpose"] != "sign-in" ||
				v["credentialId"] != stdB64(cred.ID) || v["rpId"] != testRPID || v["origin"] != testOrigin {
				t.Errorf("verify = %v", v)
			}
		})
	}
}

func TestSigninBegin_Options(t *testing.T) {
	h := apitest.New(t, apitest.Options{})
	b := newBrowser(t, h, "optsign")
	_, cred := b.register(t, "user-1", map[string]any{"aliases": []string{"a@x"}})
	tests := []struct {
		name      string
		body      map[string]any
		wantAllow []string
	}{
		{"by id lists the user's passkeys", map[string]any{"userId": "user-1"}, []string{cred.IDString()}},
		{"by alias lists its owner's", map[string]any{"alias": "a@x"}, []string{cred.IDString()}},
		{"unknown user lists none", map[string]any{"userId": "nobody"}, []string{}},
		{"discoverable lists none", map[string]any{}, []string{}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			bg := b.beginSignin(t, tt.body)
			assertNoNulls(t, bg.Data)
			var o struct {
				RPID             string `json:"rpId"`
				Timeout          int
				UserVerification string
				Hints            []string
				AllowCredentials []struct{ Type, ID string }
			}
			if err := json.Unmarshal(bg.Data, &o); err != nil {
				t.Fatal(err)
			}
			var ids []string
			for _, d := range o.AllowCredentials {
				ids = append(ids, d.ID)
			}
			if o.RPID != testRPID || o.Timeout != 60000 || o.UserVerification != "preferred" || o.Hints == nil ||
				len(ids) != len(tt.wantAllow) || (len(ids) > 0 && ids[0] != tt.wantAllow[0]) {
				t.Errorf("options = %s, want allowCredentials %v", bg.Data, tt.wantAllow)
			}
		})
	}
}

func TestSignin_Errors(t *testing.T) {
	h := apitest.New(t, apitest.Options{})
	b := newBrowser(t, h, "errsign")
	b.register(t, "user-1", nil)

	t.Run("begin without Origin", func(t *testing.T) {
		resp := h.Do(t, http.MethodPost, "/signin/begin", b.app.Public(), map[string]any{"RPID": testRPID})
		if p := wantProblem(t, resp, 400, "origin_required"); p["title"] != "Origin is required." {
			t.Errorf("title = %q", p["title"])
		}
	})
	t.Run("complete without session", func(t *testing.T) {
		wantProblem(t, b.completeSignin(t, "", map[string]any{"id": "AA", "rawId": "AA"}), 400, "missing_token")
	})
	t.Run("complete with a register token as session", func(t *testing.T) {
		tok := b.registerToken(t, map[string]any{"userId": "u", "username": "u"})
		wantProblem(t, b.completeSignin(t, tok, map[string]any{"id": "AA", "rawId": "AA"}), 400, "invalid_token")
	})
	t.Run("complete with a mangled session", func(t *testing.T) {
		wantProblem(t, b.completeSignin(t, "session_!!", map[string]any{"id": "AA", "rawId": "AA"}), 400, "invalid_token_format")
	})
	t.Run("complete without Origin", func(t *testing.T) {
		bg := b.beginSignin(t, map[string]any{"userId": "user-1"})
		_, resp, _ := b.auth.Get(bg.Data, testOrigin)
		r := h.Do(t, http.MethodPost, "/signin/complete", b.app.Public(), map[string]any{"session": bg.Session, "response": resp, "RPID": testRPID})
		wantProblem(t, r, 400, "origin_required")
	})
	t.Run("assertion made on another origin", func(t *testing.T) {
		bg := b.beginSignin(t, map[string]any{"userId": "user-1"})
		_, resp, _ := b.auth.Get(bg.Data, "https://evil.example")
		wantProblem(t, b.completeSignin(t, bg.Session, resp), 400, "signin_complete_error")
	})
	t.Run("registration session at signin", func(t *testing.T) {
		bg := b.beginRegistration(t, b.registerToken(t, map[string]any{"userId": "u9", "username": "u"}))
		_, resp, _ := b.auth.Get(mustBegin(t, b).Data, testOrigin)
		wantProblem(t, b.completeSignin(t, bg.Session, resp), 400, "session_not_found")
	})
	t.Run("no response", func(t *testing.T) {
		bg := b.beginSignin(t, map[string]any{})
		r := h.Do(t, http.MethodPost, "/signin/complete", b.app.Public(), map[string]any{"session": bg.Session, "RPID": testRPID, "Origin": testOrigin})
		wantProblem(t, r, 400, "validation_failed")
	})
}

func mustBegin(t *testing.T, b *browser) begun {
	return b.beginSignin(t, map[string]any{"userId": "user-1"})
}

func TestSignin_ReplayedSessionIsRefused(t *testing.T) {
	h := apitest.New(t, apitest.Options{})
	b := newBrowser(t, h, "replay")
	b.register(t, "user-1", nil)
	bg := b.beginSignin(t, map[string]any{"userId": "user-1"})
	_, resp, err := b.auth.Get(bg.Data, testOrigin)
	if err != nil {
		t.Fatal(err)
	}
	if r := b.completeSignin(t, bg.Session, resp); r.Status != 200 {
		t.Fatalf("first complete: %d %s", r.Status, r.Body)
	}
	wantProblem(t, b.completeSignin(t, bg.Session, resp), 400, "session_not_found")
}

func TestSignin_ExpiredSession(t *testing.T) {
	h := apitest.New(t, apitest.Options{})
	b := newBrowser(t, h, "late")
	b.register(t, "user-1", nil)
	bg := b.beginSignin(t, map[string]any{"userId": "user-1"})
	_, resp, _ := b.auth.Get(bg.Data, testOrigin)
	h.Clock.Advance(3 * time.Minute)
	wantProblem(t, b.completeSignin(t, bg.Session, resp), 400, "session_expired")
}

func TestSignin_DeletedPasskeyIsUnknown(t *testing.T) {
	h := apitest.New(t, apitest.Options{})
	b := newBrowser(t, h, "deleted")
	_, cred := b.register(t, "user-1", nil)
	del := h.Do(t, http.MethodPost, "/credentials/delete", b.app.Secret(), map[string]any{"credentialId": cred.IDString()})
	if del.Status != http.StatusNoContent {
		t.Fatalf("credentials/delete: %d %s", del.Status, del.Body)
	}
	// The user has no passkey left, so the browser signs in discoverably
	// with the one still on the device.
	p := wantProblem(t, b.signin(t, map[string]any{"userId": "user-1"}), 400, "unknown_credential")
	if p["title"] != "We don't recognize the passkey you sent us." || p["credentialId"] != cred.IDString() {
		t.Errorf("problem = %v, want upstream's title and credentialId %s", p, cred.IDString())
	}
}

// TestSignin_UnknownPasskeyKeepsItsID is upstream's test: a syntactically
// valid assertion of a passkey the server never saw.
func TestSignin_UnknownPasskeyKeepsItsID(t *testing.T) {
	h := apitest.New(t, apitest.Options{})
	b := newBrowser(t, h, "unknown")
	const id = "LcVLKA2QkfwzvuSTxIIyFVTJ9IopE57xTYvJ_0Nx9nk"
	bg := b.beginSignin(t, map[string]any{})
	stranger := passkeystest.New(passkeystest.ES256, passkeystest.AttestationNone)
	stranger.NextCredentialID, _ = base64.RawURLEncoding.DecodeString(id)
	other := newBrowser(t, h, "elsewhere")
	other.auth = stranger
	other.register(t, "someone", nil)
	_, resp, err := stranger.Get(bg.Data, testOrigin)
	if err != nil {
		t.Fatal(err)
	}
	p := wantProblem(t, b.completeSignin(t, bg.Session, resp), 400, "unknown_credential")
	if p["credentialId"] != id {
		t.Errorf("credentialId = %v, want %s", p["credentialId"], id)
	}
}

func TestSignin_ClonedAuthenticatorIsRefused(t *testing.T) {
	h := apitest.New(t, apitest.Options{})
	b := newBrowser(t, h, "clone")
	_, cred := b.register(t, "user-1", nil)
	clone := cred.Clone()
	for i := 0; i < 2; i++ {
		if r := b.signin(t, map[string]any{"userId": "user-1"}); r.Status != 200 {
			t.Fatalf("sign-in %d: %d %s", i, r.Status, r.Body)
		}
	}
	// The clone has counted once less than the original: its next
	// counter is not above the stored one.
	copyHolder := passkeystest.New(passkeystest.EdDSA, passkeystest.AttestationNone)
	copyHolder.Add(clone)
	bg := b.beginSignin(t, map[string]any{"userId": "user-1"})
	_, resp, err := copyHolder.Get(bg.Data, testOrigin)
	if err != nil {
		t.Fatal(err)
	}
	wantProblem(t, b.completeSignin(t, bg.Session, resp), 400, "signature_counter_regressed")
}

func TestSignin_CountersAtZeroAreAccepted(t *testing.T) {
	h := apitest.New(t, apitest.Options{})
	b := newBrowser(t, h, "zero")
	b.auth.NoCounter = true
	b.register(t, "user-1", nil)
	for i := 0; i < 2; i++ {
		if r := b.signin(t, map[string]any{"userId": "user-1"}); r.Status != 200 {
			t.Fatalf("sign-in %d with counter 0: %d %s", i, r.Status, r.Body)
		}
	}
}

func TestSignin_UserHandleOfAnotherUserIsRefused(t *testing.T) {
	h := apitest.New(t, apitest.Options{})
	b := newBrowser(t, h, "handles")
	b.register(t, "user-1", nil)
	bg := b.beginSignin(t, map[string]any{})
	_, resp, err := b.auth.GetWithUserHandle(bg.Data, testOrigin, []byte("user-2"))
	if err != nil {
		t.Fatal(err)
	}
	wantProblem(t, b.completeSignin(t, bg.Session, resp), 400, "signin_complete_error")

	bg = b.beginSignin(t, map[string]any{})
	_, resp, _ = b.auth.GetWithUserHandle(bg.Data, testOrigin, []byte("user-1"))
	if r := b.completeSignin(t, bg.Session, resp); r.Status != 200 {
		t.Errorf("own user handle: %d %s", r.Status, r.Body)
	}
}

func TestSignin_PasskeyOfAnotherUserIsRefused(t *testing.T) {
	h := apitest.New(t, apitest.Options{})
	b := newBrowser(t, h, "swap")
	b.register(t, "user-1", nil)
	_, cred2 := b.register(t, "user-2", nil)
	bg := b.beginSignin(t, map[string]any{"userId": "user-1"})
	var o struct{ Challenge string }
	_ = json.Unmarshal(bg.Data, &o)
	_, resp, err := b.auth.Assert(cred2, o.Challenge, testRPID, "preferred", testOrigin, nil)
	if err != nil {
		t.Fatal(err)
	}
	wantProblem(t, b.completeSignin(t, bg.Session, resp), 400, "signin_complete_error")
}

func TestSignin_UpdatesThePasskey(t *testing.T) {
	h := apitest.New(t, apitest.Options{})
	b := newBrowser(t, h, "update")
	b.register(t, "user-1", nil)
	h.Clock.Advance(time.Hour)
	bg := b.beginSignin(t, map[string]any{"userId": "user-1"})
	_, resp, _ := b.auth.Get(bg.Data, testOrigin)
	r := h.Do(t, http.MethodPost, "/signin/complete", apitest.H{"ApiKey": b.app.APIKey1,
		"User-Agent":   "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Safari/537.36",
		"CF-IPCountry": "DE"}, map[string]any{"session": bg.Session, "response": resp, "RPID": testRPID, "Origin": testOrigin})
	if r.Status != 200 {
		t.Fatalf("complete: %d %s", r.Status, r.Body)
	}
	list := credentialsOf(t, b, "user-1")
	c := list[0]
	if c["signatureCounter"] != 1.0 || c["country"] != "DE" || c["device"] != "Chrome, Windows 10" {
		t.Errorf("credential after sign-in = %v", c)
	}
	if last, _ := time.Parse(time.RFC3339, c["lastUsedAt"].(string)); !last.Equal(h.Clock.Now()) {
		t.Errorf("lastUsedAt = %v, want %v", c["lastUsedAt"], h.Clock.Now())
	}
}

// TestSignin_SessionsInRedis runs a ceremony and a replay with sessions in
// Redis (TEST_REDIS_URL), as a deployment of several instances does.
func TestSignin_SessionsInRedis(t *testing.T) {
	client, _ := storagetest.Redis(t)
	h := apitest.New(t, apitest.Options{Redis: client})
	b := newBrowser(t, h, "redisapp")
	b.register(t, "u1", nil)
	bg := b.beginSignin(t, map[string]any{"userId": "u1"})
	_, resp, err := b.auth.Get(bg.Data, testOrigin)
	if err != nil {
		t.Fatal(err)
	}
	b.verify(t, tokenOf(t, b.completeSignin(t, bg.Session, resp), "verify_"))
	wantProblem(t, b.completeSignin(t, bg.Session, resp), 400, "session_not_found")
}
