package passkeys

import (
	"encoding/base64"

	"github.com/go-webauthn/webauthn/protocol"
	"github.com/go-webauthn/webauthn/protocol/webauthncose"
)

// The option objects below are what the browser client hands to
// navigator.credentials unchanged. They are our own types, not
// go-webauthn's, so that the shape is upstream's (fido2-net-lib) and no
// list, timeout or rpId can ever be null (clients.md §2.5): Chromium
// refuses a null excludeCredentials or hints, reads a null timeout as 0
// and a null rpId as the string "null".

// CreationOptions is PublicKeyCredentialCreationOptions as /register/begin
// returns it.
type CreationOptions struct {
	RP                     RPEntity          `json:"rp"`
	User                   UserEntity        `json:"user"`
	Challenge              string            `json:"challenge"`
	PubKeyCredParams       []CredentialParam `json:"pubKeyCredParams"`
	Timeout                int               `json:"timeout"`
	Attestation            string            `json:"attestation"`
	AttestationFormats     []string          `json:"attestationFormats"`
	AuthenticatorSelection Selection         `json:"authenticatorSelection"`
	Hints                  []string          `json:"hints"`
	ExcludeCredentials     []Descriptor      `json:"excludeCredentials"`
	Extensions             map[string]any    `json:"extensions"`
	Status                 string            `json:"status"`
	ErrorMessage           string            `json:"errorMessage"`
}

// RequestOptions is PublicKeyCredentialRequestOptions as /signin/begin
// returns it.
type RequestOptions struct {
	Challenge        string       `json:"challenge"`
	Timeout          int          `json:"timeout"`
	RPID             string       `json:"rpId"`
	AllowCredentials []Descriptor `json:"allowCredentials"`
	UserVerification string       `json:"userVerification"`
	Hints            []string     `json:"hints"`
	Status           string       `json:"status"`
	ErrorMessage     string       `json:"errorMessage"`
}

// RPEntity is the relying party; Name is always set because password
// managers (1Password) fail on a missing one.
type RPEntity struct {
	ID   string `json:"id"`
	Name string `json:"name"`
}

// UserEntity is the user; ID is base64url of the UTF-8 user id.
type UserEntity struct {
	Name        string `json:"name"`
	ID          string `json:"id"`
	DisplayName string `json:"displayName"`
}

// CredentialParam is one accepted algorithm.
type CredentialParam struct {
	Type string `json:"type"`
	Alg  int    `json:"alg"`
}

// Selection is authenticatorSelection; an empty attachment is omitted.
type Selection struct {
	AuthenticatorAttachment string `json:"authenticatorAttachment,omitempty"`
	ResidentKey             string `json:"residentKey"`
	RequireResidentKey      bool   `json:"requireResidentKey"`
	UserVerification        string `json:"userVerification"`
}

// Descriptor names a credential; transports are never stored, so never sent.
type Descriptor struct {
	Type string `json:"type"`
	ID   string `json:"id"`
}

// upstreamAlgorithms is fido2-net-lib's order, EdDSA first: Chromium's
// virtual authenticator (and real authenticators) take the first they
// support, so this order decides the key type in practice.
var upstreamAlgorithms = []int{-8, -7, -257, -37, -35, -258, -38, -36, -259, -39}

func credentialParams() []protocol.CredentialParameter {
	out := make([]protocol.CredentialParameter, len(upstreamAlgorithms))
	for i, alg := range upstreamAlgorithms {
		out[i] = protocol.CredentialParameter{Type: protocol.PublicKeyCredentialType, Algorithm: webauthncose.COSEAlgorithmIdentifier(alg)}
	}
	return out
}

func descriptors(creds []Credential) []Descriptor {
	out := make([]Descriptor, len(creds))
	for i, c := range creds {
		out[i] = Descriptor{Type: "public-key", ID: base64.RawURLEncoding.EncodeToString(c.ID)}
	}
	return out
}

func protocolDescriptors(creds []Credential) []protocol.CredentialDescriptor {
	out := make([]protocol.CredentialDescriptor, len(creds))
	for i, c := range creds {
		out[i] = protocol.CredentialDescriptor{Type: protocol.PublicKeyCredentialType, CredentialID: c.ID}
	}
	return out
}

// nonNil turns a nil list into an empty one, so it marshals as [].
func nonNil[T any](list []T) []T {
	if list == nil {
		return []T{}
	}
	return list
}
