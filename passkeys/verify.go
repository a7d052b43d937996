package passkeys

import (
	"context"
	"time"

	"passwordless/events"
	"passwordless/problems"
	"passwordless/tenants"
	"passwordless/tokens"
)

// Generated-token lifetime bounds (seconds), as upstream.
const (
	defaultGeneratedTTL = 120
	maxGeneratedTTL     = 604800
)

// Verify checks a verify_ token and returns its content (POST
// /signin/verify). It reads no table: the token key is cached. Tokens are
// not single-use, as upstream.
func (s *Service) Verify(ctx context.Context, app *tenants.App, token string) (*tokens.Verified, error) {
	v, err := s.tokens.ParseVerify(ctx, app.ID, token)
	if err != nil {
		return nil, err
	}
	return v, s.events.Record(ctx, events.About(app.ID, v.UserID, events.APIUserSignInVerified, "Verified sign-in token for user "+v.UserID))
}

// GenerateRequest is the body of POST /signin/generate-token.
type GenerateRequest struct {
	UserID     string
	TimeToLive *int
	Purpose    string
	Origin     *string
	RPID       *string
}

// GenerateToken signs a verify_ token of type generated_signin for any
// userId (it is not checked against existing users), when the application
// allows it.
func (s *Service) GenerateToken(ctx context.Context, app *tenants.App, r GenerateRequest) (string, error) {
	if !app.Features.GenerateSignInTokenEnabled {
		return "", problems.New(problems.GenerateTokenDisabled)
	}
	if r.UserID == "" {
		return "", problems.Validation("userId", "The UserId field is required.")
	}
	ttl := defaultGeneratedTTL
	if r.TimeToLive != nil {
		ttl = *r.TimeToLive
	}
	if ttl < 1 || ttl > maxGeneratedTTL {
		return "", problems.Validation("timeToLive", "The field TimeToLive must be between 1 and 604800.")
	}
	purpose := r.Purpose
	if purpose == "" {
		purpose = PurposeSignIn
	}
	tok, err := s.tokens.IssueVerify(ctx, app.ID, tokens.Verified{
		UserID: r.UserID, RPID: r.RPID, Origin: r.Origin, Purpose: &purpose,
		ExpiresAt: s.now().Add(time.Duration(ttl) * time.Second), Type: tokens.TypeGeneratedSignin,
	})
	if err != nil {
		return "", err
	}
	return tok, s.events.Record(ctx, events.About(app.ID, r.UserID, events.APIUserSigninTokenCreated, "Created sign-in token for user "+r.UserID))
}
