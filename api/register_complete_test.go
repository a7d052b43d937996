package api_test

import (
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"passwordless/api/apitest"
	"passwordless/passkeys/passkeystest"
)

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

// TestRegister_OriginsOfEveryClient: pages on localhost, Android and iOS
// apps (whose origins are not URLs), and iOS's null clientExtensionResults
// all register and sign in.
func TestRegister_OriginsOfEveryClient(t *testing.T) {
	h := apitest.New(t, apitest.Options{})
	b := newBrowser(t, h, "originapp")
	for i, tc := range []struct {
		rpid, origin string
		nullExt      bool
	}{
		{"localhost", "http://localhost:36307", false},
		{"example.com", "android:apk-key-hash:AbCdEf123", false},
		{"example.com", "ios:bundle-id:com.example.app", true},
	} {
		t.Run(tc.origin, func(t *testing.T) {
			userID := "user" + string(rune('0'+i))
			tok := b.registerToken(t, map[string]any{"userId": userID, "username": "u"})
			bg := b.begin(t, "/register/begin", map[string]any{"token": tok, "RPID": tc.rpid, "Origin": tc.origin})
			_, att, err := b.auth.Create(bg.Data, tc.origin)
			if err != nil {
				t.Fatal(err)
			}
			if tc.nullExt {
				att.ClientExtensionResults = nil // marshals as null, as iOS sends
			}
			r := h.Do(t, http.MethodPost, "/register/complete", b.app.Public(),
				map[string]any{"session": bg.Session, "response": att, "RPID": tc.rpid, "Origin": tc.origin})
			if r.Status != 200 {
				t.Fatalf("register/complete: %d %s", r.Status, r.Body)
			}
			sg := b.begin(t, "/signin/begin", map[string]any{"userId": userID, "RPID": tc.rpid, "Origin": tc.origin})
			_, as, err := b.auth.Get(sg.Data, tc.origin)
			if err != nil {
				t.Fatal(err)
			}
			r = h.Do(t, http.MethodPost, "/signin/complete", b.app.Public(),
				map[string]any{"session": sg.Session, "response": as, "RPID": tc.rpid, "Origin": tc.origin})
			if v := b.verify(t, tokenOf(t, r, "verify_")); v["origin"] != tc.origin || v["rpId"] != tc.rpid {
				t.Errorf("verify = %v", v)
			}
		})
	}
}
