package diagnostics

import (
	"context"
	"time"

	"passwordless/problems"
	"passwordless/tenants"
)

// SignInMethod is how a user just signed in.
type SignInMethod string

// The sign-in methods a backend reports.
const (
	SignedInWithPasskey   SignInMethod = "passkey"
	SignedInWithMagicLink SignInMethod = "magic_link"
	SignedInWithPassword  SignInMethod = "password"
	SignedInOther         SignInMethod = "other"
)

// PromptReason says why a passkey is or is not offered.
type PromptReason string

// The reasons, in priority order.
const (
	ReasonSignedInWithPasskey  PromptReason = "signed_in_with_passkey"
	ReasonLimitReached         PromptReason = "limit_reached"
	ReasonDeviceNotConfigured  PromptReason = "device_not_configured"
	ReasonSkipped              PromptReason = "skipped"
	ReasonRecentPasskeyFailure PromptReason = "recent_passkey_failure"
	ReasonNoPasskey            PromptReason = "no_passkey"
	ReasonHasPasskey           PromptReason = "has_passkey"
)

// PromptDecision is the answer of POST /users/passkey-prompt.
type PromptDecision struct {
	Offer  bool
	Reason PromptReason
}

// Prompt counts one successful sign-in of the user and decides whether to
// offer a new passkey (seed 001's "I'll do it later" rule, seed 002's
// auto-heal). A user never seen is a user with no passkey.
func (s *Service) Prompt(ctx context.Context, app *tenants.App, userID string, method SignInMethod) (PromptDecision, error) {
	if userID == "" {
		return PromptDecision{}, problems.New(problems.MissingUserID)
	}
	switch method {
	case SignedInWithPasskey, SignedInWithMagicLink, SignedInWithPassword, SignedInOther:
	default:
		return PromptDecision{}, problems.Validation("signedInWith", "The field SignedInWith must be 'passkey', 'magic_link', 'password' or 'other'.")
	}
	row, err := s.o.Store.countSignIn(ctx, app.ID, userID)
	if err != nil {
		return PromptDecision{}, err
	}
	if method == SignedInWithPasskey {
		return PromptDecision{false, ReasonSignedInWithPasskey}, nil
	}
	creds, err := s.o.CredentialCount(ctx, app.ID, userID)
	if err != nil {
		return PromptDecision{}, err
	}
	return decide(app.Features, row, creds, s.o.Now().UTC()), nil
}

// decide applies the reasons in priority order.
func decide(f tenants.Features, u userRow, creds int, now time.Time) PromptDecision {
	switch {
	case f.MaxCredentialsPerUser != nil && int64(creds) >= *f.MaxCredentialsPerUser:
		return PromptDecision{false, ReasonLimitReached}
	case u.FailureAction == string(SuppressPrompts):
		return PromptDecision{false, ReasonDeviceNotConfigured}
	case skipping(f, u, now):
		return PromptDecision{false, ReasonSkipped}
	case creds > 0 && u.FailedAt != nil && now.Sub(*u.FailedAt) < recentFailure:
		return PromptDecision{true, ReasonRecentPasskeyFailure}
	case creds == 0:
		return PromptDecision{true, ReasonNoPasskey}
	}
	return PromptDecision{false, ReasonHasPasskey}
}

// skipping reports whether an "I'll do it later" still holds: fewer than
// PasskeyPromptSkipSignIns sign-ins since it (this one counted) and, when
// PasskeyPromptSkipDays is not 0, less time than that many days.
func skipping(f tenants.Features, u userRow, now time.Time) bool {
	if u.SkippedAt == nil {
		return false
	}
	signIns, days := f.PasskeyPromptSkipSignIns, f.PasskeyPromptSkipDays
	if signIns <= 0 {
		signIns = tenants.DefaultPromptSkipSignIns
	}
	if u.SignInsSinceSkip >= signIns {
		return false
	}
	return days == 0 || now.Before(u.SkippedAt.AddDate(0, 0, days))
}

// Skip records the user's "I'll do it later".
func (s *Service) Skip(ctx context.Context, tenant, userID string) error {
	if userID == "" {
		return problems.New(problems.MissingUserID)
	}
	return s.o.Store.skip(ctx, tenant, userID, s.o.Now().UTC())
}
