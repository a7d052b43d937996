package passkeys

import (
	"context"
	"slices"

	"github.com/go-webauthn/webauthn/protocol"
	"github.com/go-webauthn/webauthn/webauthn"

	"passwordless/events"
	"passwordless/problems"
	"passwordless/tenants"
)

// BeginSigninRequest is the body of POST /signin/begin. With a userId the
// user's passkeys are offered; else with an alias its owner's; else none
// (a discoverable or autofill sign-in). Purpose nil or empty is sign-in.
type BeginSigninRequest struct {
	UserID  string
	Alias   string
	Purpose *string
	RPID    string
	Origin  string
	// Mediation is MediationConditional for an autofill sign-in.
	Mediation string
	// UserAgent names the device on the user's timeline.
	UserAgent string
}

// BeginSignin starts a sign-in. An unknown user or alias is not an error
// (it would reveal which users exist): the list is simply empty.
func (s *Service) BeginSignin(ctx context.Context, app *tenants.App, r BeginSigninRequest) (*Begun[RequestOptions], error) {
	if err := originAllowed(app, r.Origin, r.RPID); err != nil {
		return nil, err
	}
	s.warnUnpinned(ctx, app)
	if err := checkRPID(r.RPID); err != nil {
		return nil, err
	}
	purpose := PurposeSignIn
	if r.Purpose != nil && *r.Purpose != "" {
		purpose = *r.Purpose
	}
	cfg, err := s.signinConfig(ctx, app.ID, purpose)
	if err != nil {
		return nil, err
	}
	creds, err := s.candidates(ctx, app.ID, r)
	if err != nil {
		return nil, err
	}
	w, err := s.rps.get(r.RPID, r.Origin)
	if err != nil {
		return nil, err
	}
	uv, _ := parseUserVerification(cfg.UserVerification)
	opts := []webauthn.LoginOption{webauthn.WithUserVerification(uv)}
	var assertion *protocol.CredentialAssertion
	var data *webauthn.SessionData
	if len(creds) > 0 {
		user := &webauthnUser{id: creds[0].UserHandle, creds: make([]webauthn.Credential, len(creds))}
		for i := range creds {
			user.creds[i] = libraryCredential(&creds[i])
		}
		assertion, data, err = w.BeginLogin(user, opts...)
	} else {
		assertion, data, err = w.BeginDiscoverableLogin(opts...)
	}
	if err != nil {
		p := problems.Titled(problems.InvalidArgument, "The sign-in could not be started with these options.")
		p.Err = err // the library's reason is logged, not sent
		return nil, p
	}
	markMediation(data, r.Mediation)
	offered := offeredModels(creds)
	id, nonce, err := s.saveSession(ctx, app.ID, signinCeremony, &session{Data: *data, Purpose: cfg.Purpose,
		PurposeStored: cfg.stored, TokenTTL: cfg.TimeToLive, Offered: offered})
	if err != nil {
		return nil, err
	}
	out := RequestOptions{
		Challenge: assertion.Response.Challenge.String(), Timeout: int(CeremonyTimeout.Milliseconds()),
		RPID: r.RPID, AllowCredentials: descriptors(creds), UserVerification: string(uv),
		Hints: nonNil(cfg.Hints), Status: "ok",
	}
	userID := r.UserID
	if len(creds) > 0 {
		userID = creds[0].UserID
	}
	e := events.About(app.ID, userID, events.APIUserSignInBegan, "Beginning sign-in")
	e.Device = s.eventDevice(r.UserAgent)
	if err := s.events.Record(ctx, e); err != nil {
		return nil, err
	}
	return &Begun[RequestOptions]{Data: out, Session: id, UserID: userID, ReportNonce: nonce, Offered: offered}, nil
}

// candidates are the passkeys offered: the user's by userId, else the
// alias owner's, else none.
func (s *Service) candidates(ctx context.Context, tenant string, r BeginSigninRequest) ([]Credential, error) {
	switch {
	case r.UserID != "":
		return s.store.credentialsOfUser(ctx, tenant, r.UserID)
	case r.Alias != "":
		alias := NormalizeAlias(r.Alias)
		creds, err := s.store.credentialsOfAlias(ctx, tenant, HashAlias(tenant, alias))
		if err == nil && len(creds) == 0 && alias != r.Alias {
			// An alias stored before aliases were normalized.
			creds, err = s.store.credentialsOfAlias(ctx, tenant, HashAlias(tenant, r.Alias))
		}
		if err == nil && len(creds) == 0 {
			creds = s.decoyCredentials(tenant, alias)
		}
		return creds, err
	}
	return nil, nil
}

// offeredModels are the distinct AAGUIDs of creds, nil when there are none
// or one has no AAGUID (a decoy, a passkey imported without it): then the
// provider is unknown until a passkey answers.
func offeredModels(creds []Credential) []string {
	var out []string
	for _, c := range creds {
		if c.AAGUID == nil {
			return nil
		}
		if !slices.Contains(out, *c.AAGUID) {
			out = append(out, *c.AAGUID)
		}
	}
	return out
}
