package passkeys

import (
	"context"
	"time"

	"passwordless/events"
	"passwordless/problems"
	"passwordless/quota"
	"passwordless/tenants"
	"passwordless/tokens"
)

// RegisterRequest is the body of POST /register/token (spec §5). Pointer
// fields distinguish "absent" from false.
type RegisterRequest struct {
	UserID            string   `json:"userId"`
	Username          string   `json:"username"`
	DisplayName       string   `json:"displayName"`
	Attestation       string   `json:"attestation"`
	AuthenticatorType string   `json:"authenticatorType"`
	Discoverable      *bool    `json:"discoverable"`
	UserVerification  string   `json:"userVerification"`
	Aliases           []string `json:"aliases"`
	AliasHashing      *bool    `json:"aliasHashing"`
	Hints             []string `json:"hints"`
	// ExpiresAt is decoded by the caller: the wire accepts .NET's dates.
	ExpiresAt *time.Time `json:"-"`
	TokenID   string     `json:"tokenId"`
	Type      string     `json:"type"`
}

// maxUserHandle is WebAuthn's limit on user.id, which is the UTF-8 userId.
const maxUserHandle = 64

// RegisterToken checks the options and signs a register_ token. Errors:
// missing_userid (with the validation map), validation_failed,
// max_users_exceeded, invalid_attestation,
// attestation_not_supported_on_plan, alias_conflict.
func (s *Service) RegisterToken(ctx context.Context, app *tenants.App, r RegisterRequest) (string, error) {
	aliases, err := validateRegister(&r)
	if err != nil {
		return "", err
	}
	att, err := checkAttestation(app, r.Attestation)
	if err != nil {
		return "", err
	}
	if err := s.checkMaxUsers(ctx, app, r.UserID); err != nil {
		return "", err
	}
	if len(aliases) > 0 {
		if err := s.checkAliasOwners(ctx, app.ID, r.UserID, aliases); err != nil {
			return "", err
		}
	}
	t := tokens.Register{
		UserID: r.UserID, Username: r.Username, DisplayName: r.DisplayName, Attestation: string(att),
		AuthenticatorType: r.AuthenticatorType, Discoverable: r.Discoverable == nil || *r.Discoverable,
		UserVerification: r.UserVerification, Aliases: aliases, AliasHashing: r.AliasHashing == nil || *r.AliasHashing,
		Hints: lowerAll(r.Hints), TokenID: r.TokenID, Type: r.Type,
	}
	if t.DisplayName == "" {
		t.DisplayName = r.Username
	}
	if r.ExpiresAt != nil && !r.ExpiresAt.IsZero() {
		t.ExpiresAt = *r.ExpiresAt
	}
	tok, err := s.tokens.IssueRegister(ctx, app.ID, t)
	if err != nil {
		return "", err
	}
	return tok, s.events.Record(ctx, events.About(app.ID, r.UserID, events.APIAuthUserRegistered, "Created registration token for "+r.UserID))
}

// validateRegister applies the field rules. A missing userId answers
// missing_userid (the seed's code) carrying the whole validation map.
func validateRegister(r *RegisterRequest) ([]string, error) {
	fields := map[string][]string{}
	if r.UserID == "" {
		fields["userId"] = []string{"The UserId field is required."}
	} else if len(r.UserID) > maxUserHandle {
		fields["userId"] = []string{"The field UserId must be at most 64 bytes (the WebAuthn user handle limit)."}
	}
	if r.Username == "" {
		fields["username"] = []string{"The Username field is required."}
	}
	if len(fields) > 0 {
		code := problems.ValidationFailed
		if r.UserID == "" {
			code = problems.MissingUserID
		}
		return nil, &problems.Error{Code: code, Errors: fields}
	}
	aliases, err := checkAliases(r.Aliases)
	if err != nil {
		return nil, err
	}
	return aliases, checkHints(r.Hints)
}

// checkMaxUsers refuses a new user once the plan's user cap is reached;
// users who already have a passkey may always add more (spec §6.4).
func (s *Service) checkMaxUsers(ctx context.Context, app *tenants.App, userID string) error {
	limit := quota.Cap{Max: app.Features.MaxUsers}
	if limit.Max == nil {
		return nil
	}
	users, known, err := s.store.usersWithCredentials(ctx, app.ID, userID)
	if err != nil {
		return err
	}
	if !known && limit.Reached(users) {
		return problems.New(problems.MaxUsersExceeded)
	}
	return nil
}
