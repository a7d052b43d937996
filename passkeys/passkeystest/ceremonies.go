package passkeystest

import (
	"crypto/sha256"
	"encoding/base64"
	"encoding/binary"
	"slices"

	"github.com/go-webauthn/webauthn/protocol/webauthncbor"
)

// AttestationResponse is the PublicKeyCredential the browser client posts
// as `response` to /register/complete, spelled as it spells it.
type AttestationResponse struct {
	ID                     string         `json:"id"`
	RawID                  string         `json:"rawId"`
	Type                   string         `json:"type"`
	ClientExtensionResults map[string]any `json:"clientExtensionResults"`
	Response               struct {
		AttestationObject string `json:"AttestationObject"`
		ClientDataJSON    string `json:"clientDataJson"`
	} `json:"response"`
}

// AssertionResponse is the PublicKeyCredential the browser client posts as
// `response` to /signin/complete.
type AssertionResponse struct {
	ID                     string         `json:"id"`
	RawID                  string         `json:"rawId"`
	Type                   string         `json:"type"`
	ClientExtensionResults map[string]any `json:"clientExtensionResults"`
	Response               struct {
		AuthenticatorData string `json:"authenticatorData"`
		ClientDataJSON    string `json:"clientDataJson"`
		Signature         string `json:"signature"`
		UserHandle        string `json:"userHandle,omitempty"`
	} `json:"response"`
}

// Create runs navigator.credentials.create with options (the `data` member
// of /register/begin) on a page at origin: it makes and keeps a new
// credential and returns it with the response to post.
func (a *Authenticator) Create(options []byte, origin string) (*Credential, *AttestationResponse, error) {
	o, err := parseCreation(options)
	if err != nil {
		return nil, nil, err
	}
	if !slices.ContainsFunc(o.PubKeyCredParams, func(p struct {
		Type string `json:"type"`
		Alg  Alg    `json:"alg"`
	}) bool {
		return p.Alg == a.Alg
	}) {
		return nil, nil, errorf("algorithm %d not offered (NotSupportedError)", a.Alg)
	}
	if a.holds(o.RP.ID, o.ExcludeCredentials) {
		return nil, nil, ErrExcluded
	}
	userID, err := base64.RawURLEncoding.DecodeString(o.User.ID)
	if err != nil {
		return nil, nil, errorf("user.id is not base64url: %v", err)
	}
	key, err := newKeyPair(a.Alg)
	if err != nil {
		return nil, nil, err
	}
	cred := &Credential{ID: a.takeNextID(), RPID: o.RP.ID, UserHandle: userID, key: key}
	cose, err := key.cose()
	if err != nil {
		return nil, nil, err
	}
	attested := append(a.AAGUID[:], binary.BigEndian.AppendUint16(nil, uint16(len(cred.ID)))...)
	attested = append(append(attested, cred.ID...), cose...)
	ad := authData(o.RP.ID, a.flags(o.Selection.UserVerification)|flagAT, 0, attested)

	cdj := clientData("webauthn.create", o.Challenge, origin)
	attObj, err := a.attestationObject(key, ad, cdj)
	if err != nil {
		return nil, nil, err
	}
	resp := &AttestationResponse{ID: b64(cred.ID), RawID: b64(cred.ID), Type: "public-key",
		ClientExtensionResults: map[string]any{"credProps": map[string]any{"rk": o.Selection.ResidentKey != "discouraged"}}}
	resp.Response.AttestationObject = b64(attObj)
	resp.Response.ClientDataJSON = b64(cdj)
	a.Add(cred)
	return cred, resp, nil
}

// attestationObject encodes fmt, attStmt and authData. Packed self
// attestation signs authData || SHA-256(clientDataJSON) with the
// credential key itself (WebAuthn §8.2, no x5c).
func (a *Authenticator) attestationObject(key keyPair, ad, cdj []byte) ([]byte, error) {
	stmt := map[string]any{}
	if a.Format == AttestationPacked {
		h := sha256.Sum256(cdj)
		sig, err := key.sign(append(append([]byte(nil), ad...), h[:]...))
		if err != nil {
			return nil, err
		}
		stmt = map[string]any{"alg": int(key.alg), "sig": sig}
	} else if a.Format != AttestationNone {
		return nil, errorf("unsupported attestation format %q", a.Format)
	}
	return webauthncbor.Marshal(map[string]any{"fmt": a.Format, "attStmt": stmt, "authData": ad})
}

// Get runs navigator.credentials.get with options (the `data` member of
// /signin/begin) on a page at origin. With allowCredentials it uses the
// first listed credential it holds; without, the newest credential for the
// rpId (a discoverable sign-in). The assertion carries no userHandle, as
// the browser client sends none; see GetWithUserHandle.
func (a *Authenticator) Get(options []byte, origin string) (*Credential, *AssertionResponse, error) {
	return a.get(options, origin, nil)
}

// GetWithUserHandle is Get with userHandle sent in the assertion.
func (a *Authenticator) GetWithUserHandle(options []byte, origin string, userHandle []byte) (*Credential, *AssertionResponse, error) {
	return a.get(options, origin, userHandle)
}

func (a *Authenticator) get(options []byte, origin string, userHandle []byte) (*Credential, *AssertionResponse, error) {
	o, err := parseRequest(options)
	if err != nil {
		return nil, nil, err
	}
	cred := a.pick(o)
	if cred == nil {
		return nil, nil, ErrNoCredential
	}
	return a.Assert(cred, o.Challenge, o.RPID, o.UserVerification, origin, userHandle)
}

// Assert signs an assertion with cred, whatever any options say: tests use
// it to present a credential the server did not ask for.
func (a *Authenticator) Assert(cred *Credential, challenge, rpID, uv, origin string, userHandle []byte) (*Credential, *AssertionResponse, error) {
	ad := authData(rpID, a.flags(uv), a.nextCounter(cred), nil)
	cdj := clientData("webauthn.get", challenge, origin)
	h := sha256.Sum256(cdj)
	sig, err := cred.key.sign(append(append([]byte(nil), ad...), h[:]...))
	if err != nil {
		return nil, nil, err
	}
	resp := &AssertionResponse{ID: b64(cred.ID), RawID: b64(cred.ID), Type: "public-key",
		ClientExtensionResults: map[string]any{}}
	resp.Response.AuthenticatorData = b64(ad)
	resp.Response.ClientDataJSON = b64(cdj)
	resp.Response.Signature = b64(sig)
	if userHandle != nil {
		resp.Response.UserHandle = b64(userHandle)
	}
	return cred, resp, nil
}

func (a *Authenticator) pick(o *requestOptions) *Credential {
	a.mu.Lock()
	defer a.mu.Unlock()
	if len(o.AllowCredentials) > 0 {
		for _, d := range o.AllowCredentials {
			for _, c := range a.creds {
				if c.RPID == o.RPID && b64(c.ID) == d.ID {
					return c
				}
			}
		}
		return nil
	}
	for i := len(a.creds) - 1; i >= 0; i-- {
		if a.creds[i].RPID == o.RPID {
			return a.creds[i]
		}
	}
	return nil
}

func (a *Authenticator) takeNextID() []byte {
	a.mu.Lock()
	defer a.mu.Unlock()
	if id := a.NextCredentialID; id != nil {
		a.NextCredentialID = nil
		return id
	}
	return randomID(32)
}
