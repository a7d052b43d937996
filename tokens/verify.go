package tokens

import (
	"context"
	"time"

	"github.com/google/uuid"
)

// Verify token types (the `type` member of /signin/verify).
const (
	TypePasskeyRegister = "passkey_register"
	TypePasskeySignin   = "passkey_signin"
	TypeGeneratedSignin = "generated_signin"
	TypeMagicLink       = "magic_link"
)

// DefaultVerifyTTL is the lifetime of a verify token unless the issuer
// chooses one (upstream: 120 s).
const DefaultVerifyTTL = 120 * time.Second

// Verified is the content of a verify_ token and, as JSON, the body of
// /signin/verify. Members not set are null, as upstream. CredentialID
// marshals as standard padded base64, which is what upstream returns
// (spec §1.3; every other credential id on the wire is base64url).
type Verified struct {
	UserID       string    `json:"userId"`
	Timestamp    time.Time `json:"timestamp"`
	RPID         *string   `json:"rpId"`
	Origin       *string   `json:"origin"`
	Success      bool      `json:"success"`
	Device       *string   `json:"device"`
	Country      *string   `json:"country"`
	Nickname     *string   `json:"nickname"`
	CredentialID []byte    `json:"credentialId"`
	Purpose      *string   `json:"purpose"`
	ExpiresAt    time.Time `json:"expiresAt"`
	TokenID      string    `json:"tokenId"`
	Type         string    `json:"type"`
}

// IssueVerify signs v as a verify_ token of tenant. A zero Timestamp
// becomes now, a zero ExpiresAt now + DefaultVerifyTTL and an empty TokenID
// a random UUID; Success is always true, since failures are errors.
func (s *Service) IssueVerify(ctx context.Context, tenant string, v Verified) (string, error) {
	now := s.now().UTC()
	if v.Timestamp.IsZero() {
		v.Timestamp = now
	}
	if v.ExpiresAt.IsZero() {
		v.ExpiresAt = now.Add(DefaultVerifyTTL)
	}
	if v.TokenID == "" {
		v.TokenID = uuid.NewString()
	}
	v.Timestamp, v.ExpiresAt = v.Timestamp.UTC(), v.ExpiresAt.UTC()
	v.Success = true
	return s.sign(ctx, tenant, kindVerify, VerifyPrefix, v.TokenID, v.ExpiresAt, v)
}

// ParseVerify checks a verify_ token of tenant and returns its content.
// Errors: missing_token, invalid_token, invalid_token_format, expired_token
// (403, "The token expired N units ago.").
func (s *Service) ParseVerify(ctx context.Context, tenant, token string) (*Verified, error) {
	if token == "" {
		return nil, missingToken(VerifyPrefix)
	}
	var v Verified
	c, err := s.parse(ctx, tenant, kindVerify, VerifyPrefix, token, &v)
	if err != nil {
		return nil, err
	}
	v.TokenID, v.ExpiresAt = c.ID, c.Expires
	return &v, nil
}
