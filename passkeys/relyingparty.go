package passkeys

import (
	"errors"
	"fmt"
	"strings"

	"github.com/go-webauthn/webauthn/protocol"
	"github.com/go-webauthn/webauthn/webauthn"

	"passwordless/problems"
)

// relyingParty builds the go-webauthn configuration of one ceremony: the
// RP id and origin come from the request, since one deployment serves many
// tenants and sites. Native-app origins (android:apk-key-hash:…,
// ios:bundle-id:…) compare as plain strings.
func relyingParty(rpID, origin string) (*webauthn.WebAuthn, error) {
	w, err := webauthn.New(&webauthn.Config{
		RPID:          rpID,
		RPDisplayName: rpID,
		RPOrigins:     []string{origin},
		// The client may echo extension outputs it was not asked for
		// (Safari returns credProps unprompted); they change nothing.
		ExtensionsUnsolicitedOutputPolicy: protocol.UnsolicitedOutputPolicyIgnore,
	})
	if err != nil {
		p := problems.Validation("rpid", fmt.Sprintf("The RPID '%s' is not a valid relying party id.", rpID))
		p.Err = err // the library's reason is logged, not sent
		return nil, p
	}
	return w, nil
}

// checkRPID refuses a relying party id a browser would refuse before any
// state is created.
func checkRPID(rpID string) error {
	if rpID == "" {
		return problems.Validation("rpid", "The RPID field is required.")
	}
	if err := protocol.ValidateRPID(rpID); err != nil {
		return problems.Validation("rpid", fmt.Sprintf("The RPID '%s' is not a valid relying party id.", rpID))
	}
	return nil
}

func originRequired(origin string) error {
	if origin == "" {
		return problems.New(problems.OriginRequired)
	}
	return nil
}

// libraryProblem turns a go-webauthn failure into code with a title of
// our own: "<what>: <reason>." The library's text (its details and
// developer info, which quote origins, hashes and internal names) is kept
// as the logged cause only, never sent.
func libraryProblem(code problems.Code, what string, err error) *problems.Error {
	p := problems.Titled(code, "%s: %s.", what, libraryReason(err))
	p.Err = err
	return p
}

// libraryReasons are the reasons a client can cause, found by the
// library's error details or developer info (prefix) and then by its type.
var libraryReasons = []struct{ match, reason string }{
	{"Error validating origin", "the origin in the client data is not the Origin sent with the request"},
	{"Error validating top origin", "the top origin in the client data is not allowed"},
	{"Error validating cross origin", "the ceremony ran in a cross-origin frame"},
	{"Error validating challenge", "the challenge does not match the one issued for this session"},
	{"Error validating ceremony type", "the client data is for the other ceremony"},
	{"RP Hash mismatch", "the authenticator signed for another relying party id"},
	{"User presence required", "the authenticator did not confirm user presence"},
	{"User verification required", "the authenticator did not verify the user, which this purpose requires"},
	{"invalid_request", "the response is malformed"},
	{"parse_error", "the response could not be parsed"},
	{"auth_data", "the authenticator data is invalid"},
	{"challenge_mismatch", "the challenge does not match the one issued for this session"},
	{"verification_error", "the response did not pass verification"},
	{"attestation_error", "the attestation could not be validated"},
	{"invalid_attestation", "the attestation could not be validated"},
	{"invalid_certificate", "the attestation certificate is invalid"},
	{"invalid_signature", "the signature is not valid for this passkey"},
	{"invalid_key_type", "the authenticator uses a key type this server does not support"},
	{"unsupported_key_algorithm", "the authenticator uses an algorithm this server does not support"},
}

func libraryReason(err error) string {
	var pe *protocol.Error
	if errors.As(err, &pe) {
		for _, r := range libraryReasons {
			if strings.HasPrefix(pe.Details, r.match) || strings.HasPrefix(pe.DevInfo, r.match) {
				return r.reason
			}
		}
		for _, r := range libraryReasons {
			if pe.Type == r.match {
				return r.reason
			}
		}
	}
	return "the response is not valid"
}

// webauthnUser adapts a user handle and its credentials to go-webauthn.
type webauthnUser struct {
	id          []byte
	name        string
	displayName string
	creds       []webauthn.Credential
}

func (u *webauthnUser) WebAuthnID() []byte                         { return u.id }
func (u *webauthnUser) WebAuthnName() string                       { return u.name }
func (u *webauthnUser) WebAuthnDisplayName() string                { return u.displayName }
func (u *webauthnUser) WebAuthnCredentials() []webauthn.Credential { return u.creds }

// libraryCredential is the go-webauthn record of a stored credential.
func libraryCredential(c *Credential) webauthn.Credential {
	return webauthn.Credential{
		ID: c.ID, PublicKey: c.PublicKey,
		AttestationType: c.AttestationType, AttestationFormat: c.AttestationFmt,
		Flags: webauthn.CredentialFlags{UserPresent: true, UserVerified: c.UserVerified,
			BackupEligible: deref(c.BackupEligible), BackupState: deref(c.BackupState)},
		Authenticator: webauthn.Authenticator{SignCount: c.SignCount},
	}
}

func deref(b *bool) bool { return b != nil && *b }

func ptr[T any](v T) *T { return &v }
