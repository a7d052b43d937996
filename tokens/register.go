package tokens

import (
	"context"
	"time"

	"github.com/google/uuid"

	"passwordless/problems"
)

// DefaultRegisterTTL is the lifetime of a register token without expiresAt.
const DefaultRegisterTTL = 120 * time.Second

// Register is the content of a register_ token: the options of
// POST /register/token (spec §5) as checked there, carried to
// /register/begin. Strings keep the caller's spelling; begin validates the
// enums so that it answers invalid_argument as upstream does.
type Register struct {
	UserID            string    `json:"userId"`
	Username          string    `json:"username"`
	DisplayName       string    `json:"displayName"`
	Attestation       string    `json:"attestation"`
	AuthenticatorType string    `json:"authenticatorType,omitempty"`
	Discoverable      bool      `json:"discoverable"`
	UserVerification  string    `json:"userVerification"`
	Aliases           []string  `json:"aliases,omitempty"`
	AliasHashing      bool      `json:"aliasHashing"`
	Hints             []string  `json:"hints,omitempty"`
	ExpiresAt         time.Time `json:"expiresAt"`
	TokenID           string    `json:"tokenId"`
	Type              string    `json:"type,omitempty"`
}

// IssueRegister signs r as a register_ token of tenant. A zero ExpiresAt
// becomes now + DefaultRegisterTTL; a past one is kept, so that begin
// answers expired_token as upstream. An empty TokenID gets a random UUID.
func (s *Service) IssueRegister(ctx context.Context, tenant string, r Register) (string, error) {
	if r.ExpiresAt.IsZero() {
		r.ExpiresAt = s.now().Add(DefaultRegisterTTL)
	}
	if r.TokenID == "" {
		r.TokenID = uuid.NewString()
	}
	r.ExpiresAt = r.ExpiresAt.UTC()
	return s.sign(ctx, tenant, kindRegister, RegisterPrefix, r.TokenID, r.ExpiresAt, r)
}

// ParseRegister checks a register_ token of tenant. An empty token is
// missing_register_token (the seed's code for register() called without a
// token); otherwise the errors are those of ParseVerify.
func (s *Service) ParseRegister(ctx context.Context, tenant, token string) (*Register, error) {
	if token == "" {
		return nil, problems.New(problems.MissingRegisterToken)
	}
	var r Register
	c, err := s.parse(ctx, tenant, kindRegister, RegisterPrefix, token, &r)
	if err != nil {
		return nil, err
	}
	r.TokenID, r.ExpiresAt = c.ID, c.Expires
	return &r, nil
}
