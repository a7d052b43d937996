package passkeystest

import (
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/go-webauthn/webauthn/protocol"
	"github.com/go-webauthn/webauthn/webauthn"
)

const (
	rpID   = "example.com"
	origin = "https://example.com"
)

type user struct {
	id    []byte
	creds []webauthn.Credential
}

func (u *user) WebAuthnID() []byte                         { return u.id }
func (u *user) WebAuthnName() string                       { return "alice" }
func (u *user) WebAuthnDisplayName() string                { return "Alice" }
func (u *user) WebAuthnCredentials() []webauthn.Credential { return u.creds }

func relyingParty(t *testing.T) *webauthn.WebAuthn {
	t.Helper()
	w, err := webauthn.New(&webauthn.Config{RPID: rpID, RPDisplayName: rpID, RPOrigins: []string{origin}})
	if err != nil {
		t.Fatal(err)
	}
	return w
}

// register runs a registration through go-webauthn, the library the
// server verifies with, so the test shows the server can verify us.
func register(t *testing.T, w *webauthn.WebAuthn, a *Authenticator, u *user) *Credential {
	t.Helper()
	creation, session, err := w.BeginRegistration(u,
		webauthn.WithCredentialParameters(webauthn.CredentialParametersRecommendedL3()),
		webauthn.WithExtensions(webauthn.WithExtensionCredProps()))
	if err != nil {
		t.Fatal(err)
	}
	options, _ := json.Marshal(creation.Response)
	cred, resp, err := a.Create(options, origin)
	if err != nil {
		t.Fatalf("Create: %v", err)
	}
	body, _ := json.Marshal(resp)
	parsed, err := protocol.ParseCredentialCreationResponseBytes(body)
	if err != nil {
		t.Fatalf("parse attestation %s: %v", body, devInfo(err))
	}
	stored, err := w.CreateCredential(u, *session, parsed)
	if err != nil {
		t.Fatalf("CreateCredential: %v", devInfo(err))
	}
	if stored.AttestationFormat != a.Format {
		t.Errorf("attestation format = %q, want %q", stored.AttestationFormat, a.Format)
	}
	u.creds = append(u.creds, *stored)
	return cred
}

func login(w *webauthn.WebAuthn, a *Authenticator, u *user, userHandle []byte) (*webauthn.Credential, error) {
	assertion, session, err := w.BeginLogin(u)
	if err != nil {
		return nil, err
	}
	options, _ := json.Marshal(assertion.Response)
	_, resp, err := a.GetWithUserHandle(options, origin, userHandle)
	if err != nil {
		return nil, err
	}
	body, _ := json.Marshal(resp)
	parsed, err := protocol.ParseCredentialRequestResponseBytes(body)
	if err != nil {
		return nil, devInfo(err)
	}
	c, err := w.ValidateLogin(u, *session, parsed)
	return c, devInfo(err)
}

func devInfo(err error) error {
	var p *protocol.Error
	if errors.As(err, &p) {
		return fmt.Errorf("%s: %s", p.Details, p.DevInfo)
	}
	return err
}

func TestAuthenticator_CeremoniesVerify(t *testing.T) {
	for _, alg := range []Alg{ES256, EdDSA} {
		for _, format := range []string{AttestationNone, AttestationPacked} {
			t.Run(fmt.Sprintf("alg %d %s", alg, format), func(t *testing.T) {
				w := relyingParty(t)
				a := New(alg, format)
				u := &user{id: []byte("user-1")}
				cred := register(t, w, a, u)
				if string(cred.UserHandle) != "user-1" {
					t.Errorf("user handle = %q, want user-1", cred.UserHandle)
				}
				for i := 1; i <= 2; i++ {
					c, err := login(w, a, u, nil)
					if err != nil {
						t.Fatalf("login %d: %v", i, err)
					}
					if c.Authenticator.SignCount != uint32(i) || c.Authenticator.CloneWarning {
						t.Errorf("login %d: counter %d clone %v", i, c.Authenticator.SignCount, c.Authenticator.CloneWarning)
					}
					u.creds[0] = *c
				}
			})
		}
	}
}

func TestAuthenticator_CloneIsDetected(t *testing.T) {
	w := relyingParty(t)
	a := New(ES256, AttestationNone)
	u := &user{id: []byte("user-1")}
	cred := register(t, w, a, u)
	c, err := login(w, a, u, nil)
	if err != nil {
		t.Fatal(err)
	}
	u.creds[0] = *c
	cred.Counter = 0 // the copy in another device has not counted yet
	c, err = login(w, a, u, nil)
	if err != nil {
		t.Fatal(err)
	}
	if !c.Authenticator.CloneWarning {
		t.Error("a counter that went back was not flagged")
	}
}

func TestAuthenticator_UserHandleIsSent(t *testing.T) {
	w := relyingParty(t)
	a := New(EdDSA, AttestationNone)
	u := &user{id: []byte("user-1")}
	register(t, w, a, u)
	if _, err := login(w, a, u, []byte("user-1")); err != nil {
		t.Errorf("own user handle refused: %v", err)
	}
	if _, err := login(w, a, u, []byte("someone-else")); err == nil {
		t.Error("another user's handle accepted")
	}
}

func TestAuthenticator_RefusesWhatBrowsersRefuse(t *testing.T) {
	good := `{"rp":{"id":"example.com","name":"example.com"},"user":{"id":"dTE","name":"u","displayName":"u"},` +
		`"challenge":"AAAAAAAAAAAAAAAAAAAAAA","pubKeyCredParams":[{"type":"public-key","alg":-8}],"timeout":60000,` +
		`"excludeCredentials":[],"hints":[]}`
	tests := []struct {
		name    string
		options string
		wantErr error
	}{
		{"valid options", good, nil},
		{"excludeCredentials null", strings.Replace(good, `"excludeCredentials":[]`, `"excludeCredentials":null`, 1), ErrBrowserRefuses},
		{"hints null", strings.Replace(good, `"hints":[]`, `"hints":null`, 1), ErrBrowserRefuses},
		{"timeout null", strings.Replace(good, `"timeout":60000`, `"timeout":null`, 1), ErrBrowserRefuses},
		{"timeout missing", strings.Replace(good, `"timeout":60000,`, ``, 1), ErrBrowserRefuses},
		{"rp.name empty", strings.Replace(good, `"name":"example.com"`, `"name":""`, 1), ErrBrowserRefuses},
		{"param type null", strings.Replace(good, `"type":"public-key"`, `"type":null`, 1), ErrBrowserRefuses},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, _, err := New(EdDSA, AttestationNone).Create([]byte(tt.options), origin)
			if !errors.Is(err, tt.wantErr) {
				t.Errorf("Create = %v, want %v", err, tt.wantErr)
			}
		})
	}

	get := `{"challenge":"AAAAAAAAAAAAAAAAAAAAAA","timeout":60000,"rpId":"example.com","allowCredentials":null,"hints":[]}`
	a := New(EdDSA, AttestationNone)
	if _, _, err := a.Create([]byte(good), origin); err != nil {
		t.Fatal(err)
	}
	for name, opts := range map[string]string{
		"rpId null":  strings.Replace(get, `"rpId":"example.com"`, `"rpId":null`, 1),
		"hints null": strings.Replace(get, `"hints":[]`, `"hints":null`, 1),
	} {
		if _, _, err := a.Get([]byte(opts), origin); !errors.Is(err, ErrBrowserRefuses) {
			t.Errorf("Get with %s = %v, want refusal", name, err)
		}
	}
	if _, _, err := a.Get([]byte(get), origin); err != nil {
		t.Errorf("Get with allowCredentials null (the client maps it to undefined) = %v", err)
	}
}

func TestAuthenticator_ExcludedAndMissingCredentials(t *testing.T) {
	w := relyingParty(t)
	a := New(ES256, AttestationNone)
	u := &user{id: []byte("user-1")}
	register(t, w, a, u)
	creation, _, err := w.BeginRegistration(u, webauthn.WithExclusions(webauthn.Credentials(u.creds).CredentialDescriptors()))
	if err != nil {
		t.Fatal(err)
	}
	options, _ := json.Marshal(creation.Response)
	if _, _, err := a.Create(options, origin); !errors.Is(err, ErrExcluded) {
		t.Errorf("Create with own credential excluded = %v, want ErrExcluded", err)
	}
	a.Remove(a.Credentials()[0].ID)
	if _, err := login(w, a, u, nil); !errors.Is(err, ErrNoCredential) {
		t.Errorf("login after removing the passkey = %v, want ErrNoCredential", err)
	}
}

func TestAuthenticator_ResponseSpelling(t *testing.T) {
	a := New(EdDSA, AttestationNone)
	good := `{"rp":{"id":"example.com","name":"example.com"},"user":{"id":"dTE","name":"u","displayName":"u"},` +
		`"challenge":"AAAAAAAAAAAAAAAAAAAAAA","pubKeyCredParams":[{"type":"public-key","alg":-8}],"timeout":60000}`
	_, resp, err := a.Create([]byte(good), origin)
	if err != nil {
		t.Fatal(err)
	}
	body, _ := json.Marshal(resp)
	for _, want := range []string{`"AttestationObject":"`, `"clientDataJson":"`, `"credProps":{"rk":true}`} {
		if !strings.Contains(string(body), want) {
			t.Errorf("response %s lacks %s", body, want)
		}
	}
	if strings.ContainsAny(string(body), "=+/") {
		t.Errorf("response %s is not unpadded base64url", body)
	}
}
