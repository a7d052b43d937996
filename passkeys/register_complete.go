package passkeys

import (
	"context"
	"encoding/json"
	"errors"
	"time"
	"unicode/utf8"

	"github.com/go-webauthn/webauthn/protocol"
	"github.com/go-webauthn/webauthn/webauthn"
	"github.com/google/uuid"

	"passwordless/events"
	"passwordless/problems"
	"passwordless/tenants"
	"passwordless/tokens"
)

// MaxNicknameLength caps a passkey's nickname (upstream's validation).
const MaxNicknameLength = 64

// CompleteRegistrationRequest is the body of POST /register/complete plus
// what the handler reads from the request: the User-Agent (stored as the
// device) and the CF-IPCountry header (the country).
type CompleteRegistrationRequest struct {
	Session   string
	Response  json.RawMessage
	Nickname  *string
	RPID      string
	Origin    string
	UserAgent string
	Country   string
}

// Completed is the outcome of a complete call.
type Completed struct {
	Token  string
	UserID string
	// Kind (KindRegister, KindSignin, …) and AAGUID (nil when unknown) name
	// the ceremony's segment for the success rates (package diagnostics).
	Kind   string
	AAGUID *string
	// Offered and BegunAt are what the begin call counted the ceremony
	// under (session.Offered) and when, so that the success rates can
	// move a begun ceremony to the provider that answered it.
	Offered []string
	BegunAt time.Time
}

// CompleteRegistration verifies the attestation, stores the passkey and
// returns a verify_ token of type passkey_register. The session is
// consumed by the first complete that reaches it, whatever the outcome.
func (s *Service) CompleteRegistration(ctx context.Context, app *tenants.App, r CompleteRegistrationRequest) (*Completed, error) {
	id, err := checkSessionValue(r.Session)
	if err != nil {
		return nil, err
	}
	if err := originAllowed(app, r.Origin, r.RPID); err != nil {
		return nil, err
	}
	if r.Nickname != nil && utf8.RuneCountInString(*r.Nickname) > MaxNicknameLength {
		return nil, problems.Validation("nickname", "Nickname cannot be longer than 64 characters.")
	}
	if isAbsent(r.Response) {
		return nil, problems.Validation("response", "The Response field is required.")
	}
	parsed, err := protocol.ParseCredentialCreationResponseBytes(r.Response)
	if err != nil {
		return nil, libraryProblem(problems.Fido2InvalidRegistration, "The registration response could not be read", err)
	}
	st, err := s.takeSession(ctx, app.ID, registerCeremony, id)
	if err != nil {
		return nil, err
	}
	done, err := s.finishRegistration(ctx, app, r, id, st, parsed)
	if err != nil {
		s.recordRefused(ctx, app.ID, st.UserID, events.APIAuthPasskeyRegistrationFailed, r.UserAgent, err)
		return nil, err
	}
	return done, nil
}

// finishRegistration verifies and stores the passkey of the session st
// (named id) took.
func (s *Service) finishRegistration(ctx context.Context, app *tenants.App, r CompleteRegistrationRequest, id string,
	st *session, parsed *protocol.ParsedCredentialCreationData) (*Completed, error) {
	w, err := s.rps.get(st.Data.RelyingPartyID, r.Origin)
	if err != nil {
		return nil, err
	}
	made, err := w.CreateCredential(&webauthnUser{id: st.Data.UserID}, st.Data, parsed)
	if err != nil {
		return nil, libraryProblem(problems.Fido2InvalidRegistration, "The registration could not be verified", err)
	}
	if app.Features.AllowAttestation && s.policy != nil {
		if err := s.policy.Check(ctx, app.ID, made.Authenticator.AAGUID, st.AttestationNone); err != nil {
			return nil, err
		}
	}
	cred := s.newCredential(app.ID, st, made, parsed, r)
	var aliases []Alias
	if st.Aliases != nil {
		aliases = aliasRecords(app.ID, st.UserID, st.Aliases, st.AliasHashing)
	}
	e := events.About(app.ID, cred.UserID, events.APIAuthPasskeyRegistrationCompleted, "Completed passkey registration for user "+cred.UserID)
	e.Device = deviceOf(&cred) // the timeline's platform and browser
	err = s.events.Apply(ctx, e, func(ctx context.Context) error {
		return s.store.register(ctx, cred, aliases,
			limits{perUser: app.Features.MaxCredentialsPerUser, users: app.Features.MaxUsers}, s.now())
	})
	if errors.Is(err, errDuplicate) && s.sameCredential(ctx, cred) {
		err = nil // a retry whose first attempt was stored after all
	}
	switch {
	case errors.Is(err, errDuplicate):
		return nil, problems.New(problems.CredentialAlreadyRegistered)
	case errors.Is(err, errAliasTaken):
		return nil, aliasConflict()
	case errors.Is(err, errLimit):
		return nil, problems.New(problems.MaxCredentialsPerUserExceeded)
	case errors.Is(err, errMaxUsers):
		return nil, problems.New(problems.MaxUsersExceeded)
	case err != nil:
		return nil, s.retryable(ctx, app.ID, registerCeremony, id, st, err)
	}
	tok, err := s.tokens.IssueVerify(ctx, app.ID, tokens.Verified{
		UserID: cred.UserID, RPID: ptr(cred.RPID), Origin: ptr(r.Origin), Device: cred.Device,
		Country: cred.Country, Nickname: cred.Nickname, CredentialID: cred.ID,
		ExpiresAt: s.now().Add(tokens.DefaultVerifyTTL), Type: tokens.TypePasskeyRegister,
	})
	if err != nil {
		return nil, err
	}
	return &Completed{Token: tok, UserID: cred.UserID, Kind: KindRegister, AAGUID: cred.AAGUID,
		BegunAt: st.begunAt()}, nil
}

// newCredential is the record of a verified registration (spec §9.1).
func (s *Service) newCredential(tenant string, st *session, made *webauthn.Credential,
	parsed *protocol.ParsedCredentialCreationData, r CompleteRegistrationRequest) Credential {
	now := s.now().UTC()
	c := Credential{
		Tenant: tenant, ID: made.ID, UserID: st.UserID, UserHandle: st.Data.UserID, PublicKey: made.PublicKey,
		AttestationFmt: made.AttestationFormat, AttestationType: made.AttestationType,
		SignCount: made.Authenticator.SignCount, RPID: st.Data.RelyingPartyID, Origin: r.Origin,
		Device: ptr(s.devices.describe(r.UserAgent)), Country: ptr(r.Country), Nickname: r.Nickname,
		UserVerified: made.Flags.UserVerified, BackupEligible: ptr(made.Flags.BackupEligible),
		BackupState: ptr(made.Flags.BackupState), CreatedAt: now, LastUsedAt: now,
	}
	if aaguid, err := uuid.FromBytes(made.Authenticator.AAGUID); err == nil {
		c.AAGUID = ptr(aaguid.String())
	}
	if cp := parsed.ClientExtensionResults.CredProps; cp != nil && cp.RK != nil {
		c.IsDiscoverable = ptr(*cp.RK)
	}
	return c
}

// isAbsent reports a missing or null JSON member.
func isAbsent(raw json.RawMessage) bool {
	return len(raw) == 0 || string(raw) == "null"
}
