package passkeys

import (
	"errors"
	"fmt"

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
		return nil, problems.Validation("rpid", fmt.Sprintf("The RPID '%s' is not a valid relying party id.", rpID)).
			WithDetail("%v", err)
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

// libraryProblem turns a go-webauthn failure into code. The title names
// the failing check (the library's Details); the detail carries its
// developer information, which describes only what the client sent
// (expected and received origin, RP id hash, …) and is what developers
// need when a mobile origin or RP id is misconfigured.
func libraryProblem(code problems.Code, what string, err error) *problems.Error {
	var pe *protocol.Error
	if errors.As(err, &pe) {
		p := problems.Titled(code, "%s: %s", what, pe.Details)
		p.Detail, p.Err = pe.DevInfo, err
		return p
	}
	p := problems.Titled(code, "%s.", what)
	p.Err = err
	return p
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
