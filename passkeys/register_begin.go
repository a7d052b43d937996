package passkeys

import (
	"context"
	"encoding/base64"

	"github.com/go-webauthn/webauthn/protocol"
	"github.com/go-webauthn/webauthn/webauthn"

	"passwordless/events"
	"passwordless/problems"
	"passwordless/quota"
	"passwordless/tenants"
)

// BeginRegistrationRequest is the body of POST /register/begin.
type BeginRegistrationRequest struct {
	Token  string
	RPID   string
	Origin string
	// UserAgent names the device on the user's timeline.
	UserAgent string
}

// Begun is the answer of a begin call: the options for the browser and the
// session_ value that names the ceremony.
type Begun[T any] struct {
	Data    T
	Session string
	// UserID is the user the ceremony is for, when known (for events).
	UserID string
	// Offered are the AAGUIDs of the passkeys a sign-in offered (nil when
	// none, or when one of them has no known model): its provider
	// segment before it completes.
	Offered []string
	// ReportNonce is for the client that began the ceremony only: a
	// failure report of the ceremony counts when it carries it.
	ReportNonce string
}

// BeginRegistration checks the register token and starts a registration.
// The user's passkeys become excludeCredentials, so the browser never
// registers one authenticator twice.
func (s *Service) BeginRegistration(ctx context.Context, app *tenants.App, r BeginRegistrationRequest) (*Begun[CreationOptions], error) {
	tok, err := s.tokens.ParseRegister(ctx, app.ID, r.Token)
	if err != nil {
		return nil, err
	}
	if err := originAllowed(app, r.Origin, r.RPID); err != nil {
		return nil, err
	}
	s.warnUnpinned(ctx, app)
	if tok.UserID == "" {
		return nil, problems.Titled(problems.MissingUserID, "The token does not contain a valid userId")
	}
	att, err := checkAttestation(app, tok.Attestation)
	if err != nil {
		return nil, err
	}
	sel, err := selection(tok.UserVerification, tok.AuthenticatorType, tok.Discoverable, tok.Hints)
	if err != nil {
		return nil, err
	}
	if err := checkRPID(r.RPID); err != nil {
		return nil, err
	}
	existing, err := s.store.credentialsOfUser(ctx, app.ID, tok.UserID)
	if err != nil {
		return nil, err
	}
	if (quota.Cap{Max: app.Features.MaxCredentialsPerUser}).Reached(int64(len(existing))) {
		return nil, problems.New(problems.MaxCredentialsPerUserExceeded)
	}
	w, err := s.rps.get(r.RPID, r.Origin)
	if err != nil {
		return nil, err
	}
	user := &webauthnUser{id: []byte(tok.UserID), name: tok.Username, displayName: tok.DisplayName}
	creation, data, err := w.BeginRegistration(user,
		webauthn.WithCredentialParameters(credentialParams()),
		webauthn.WithExclusions(protocolDescriptors(existing)),
		webauthn.WithAuthenticatorSelection(sel),
		webauthn.WithConveyancePreference(att),
		webauthn.WithExtensions(webauthn.WithExtensionCredProps()))
	if err != nil {
		p := problems.Titled(problems.InvalidArgument, "The registration could not be started with these options.")
		p.Err = err // the library's reason is logged, not sent
		return nil, p
	}
	id, nonce, err := s.saveSession(ctx, app.ID, registerCeremony, &session{Data: *data, UserID: tok.UserID,
		Aliases: tok.Aliases, AliasHashing: tok.AliasHashing, AttestationNone: att == protocol.PreferNoAttestation})
	if err != nil {
		return nil, err
	}
	opts := creationOptions(creation.Response, tok.Username, tok.DisplayName, tok.Hints, existing)
	e := events.About(app.ID, tok.UserID, events.APIAuthPasskeyRegistrationBegan, "Beginning passkey registration for user "+tok.UserID)
	e.Device = s.eventDevice(r.UserAgent)
	if err := s.events.Record(ctx, e); err != nil {
		return nil, err
	}
	return &Begun[CreationOptions]{Data: opts, Session: id, UserID: tok.UserID, ReportNonce: nonce}, nil
}

// selection is authenticatorSelection from the token: discoverable means a
// required resident key; the first hint forces the attachment.
func selection(uv, authType string, discoverable bool, hints []string) (protocol.AuthenticatorSelection, error) {
	verification, err := parseUserVerification(uv)
	if err != nil {
		return protocol.AuthenticatorSelection{}, err
	}
	attachment, err := parseAttachment(authType)
	if err != nil {
		return protocol.AuthenticatorSelection{}, err
	}
	if len(hints) > 0 {
		attachment = hintAttachment(hints[0])
	}
	sel := protocol.AuthenticatorSelection{AuthenticatorAttachment: attachment, UserVerification: verification,
		ResidentKey: protocol.ResidentKeyRequirementDiscouraged, RequireResidentKey: protocol.ResidentKeyNotRequired()}
	if discoverable {
		sel.ResidentKey, sel.RequireResidentKey = protocol.ResidentKeyRequirementRequired, protocol.ResidentKeyRequired()
	}
	return sel, nil
}

func creationOptions(o protocol.PublicKeyCredentialCreationOptions, username, displayName string, hints []string, existing []Credential) CreationOptions {
	params := make([]CredentialParam, len(o.Parameters))
	for i, p := range o.Parameters {
		params[i] = CredentialParam{Type: string(p.Type), Alg: int(p.Algorithm)}
	}
	sel := o.AuthenticatorSelection
	return CreationOptions{
		RP:                 RPEntity{ID: o.RelyingParty.ID, Name: o.RelyingParty.Name},
		User:               UserEntity{Name: username, ID: userEntityID(o.User.ID), DisplayName: displayName},
		Challenge:          o.Challenge.String(),
		PubKeyCredParams:   params,
		Timeout:            int(CeremonyTimeout.Milliseconds()),
		Attestation:        string(o.Attestation),
		AttestationFormats: []string{},
		AuthenticatorSelection: Selection{AuthenticatorAttachment: string(sel.AuthenticatorAttachment),
			ResidentKey: string(sel.ResidentKey), RequireResidentKey: deref(sel.RequireResidentKey),
			UserVerification: string(sel.UserVerification)},
		Hints:              nonNil(hints),
		ExcludeCredentials: descriptors(existing),
		Extensions:         map[string]any{"credProps": true},
		Status:             "ok",
		ErrorMessage:       "",
	}
}

func userEntityID(id any) string {
	switch v := id.(type) {
	case protocol.URLEncodedBase64:
		return v.String()
	case []byte:
		return base64.RawURLEncoding.EncodeToString(v)
	case string:
		return base64.RawURLEncoding.EncodeToString([]byte(v))
	}
	return ""
}
