package api_test

import (
	"encoding/json"
	"regexp"
	"strings"
	"testing"

	"passwordless/api/apitest"
	"passwordless/passkeys/passkeystest"
)

// libraryMarkers are fragments of go-webauthn's own messages (details and
// developer info) that once reached clients.
var libraryMarkers = []string{"Error validating", "Expected Value", "Expected b Value", "Received:", "RP Hash",
	"Parse error", "Error parsing", "Error decoding", "flag not set", "Assertion Signature", "webauthn"}

var ownTitle = regexp.MustCompile(`^The (registration|sign-in)( response)? could not be (verified|read): [a-z][^:]*\.$`)

// TestPasskeys_NoLibraryTextInResponses sends the failures whose library
// text used to reach clients; each answers a title of our own.
func TestPasskeys_NoLibraryTextInResponses(t *testing.T) {
	h := apitest.New(t, apitest.Options{})
	b := newBrowser(t, h, "libtext")
	b.register(t, "u1", nil)
	newRegistration := func(t *testing.T) begun {
		b.auth = passkeystest.New(passkeystest.EdDSA, passkeystest.AttestationNone)
		return b.beginRegistration(t, b.registerToken(t, map[string]any{"userId": "u2", "username": "u"}))
	}
	signer := b.auth
	for _, tc := range []struct {
		name string
		send func(t *testing.T) *apitest.Response
		code string
	}{
		{"registration created on another origin", func(t *testing.T) *apitest.Response {
			bg := newRegistration(t)
			_, att, err := b.auth.Create(bg.Data, "https://evil.example")
			if err != nil {
				t.Fatal(err)
			}
			return b.completeRegistration(t, bg.Session, att, nil)
		}, "fido2_invalid_registration"},
		{"registration answering another challenge", func(t *testing.T) *apitest.Response {
			first := newRegistration(t)
			_, att, err := b.auth.Create(newRegistration(t).Data, testOrigin)
			if err != nil {
				t.Fatal(err)
			}
			return b.completeRegistration(t, first.Session, att, nil)
		}, "fido2_invalid_registration"},
		{"registration response that does not parse", func(t *testing.T) *apitest.Response {
			return b.completeRegistration(t, newRegistration(t).Session, map[string]any{"id": "x", "type": "public-key"}, nil)
		}, "fido2_invalid_registration"},
		{"sign-in asserted on another origin", func(t *testing.T) *apitest.Response {
			bg := b.beginSignin(t, map[string]any{"userId": "u1"})
			_, resp, err := signer.Get(bg.Data, "https://evil.example")
			if err != nil {
				t.Fatal(err)
			}
			return b.completeSignin(t, bg.Session, resp)
		}, "signin_complete_error"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			p := wantProblem(t, tc.send(t), 400, tc.code)
			for _, m := range libraryMarkers {
				if strings.Contains(string(mustMarshal(t, p)), m) {
					t.Errorf("library text %q in %v", m, p)
				}
			}
			if title, _ := p["title"].(string); !ownTitle.MatchString(title) {
				t.Errorf("title %q is not one of ours", title)
			}
		})
	}
}

func mustMarshal(t *testing.T, v any) []byte {
	t.Helper()
	raw, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return raw
}
