package diagnostics

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"time"

	"passwordless/events"
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

// PromptInput is a request of POST /users/passkey-prompt.
type PromptInput struct {
	UserID string
	Method SignInMethod
	// Session is the session of a ceremony that failed on the client the
	// user has just signed in on (the page keeps it and sends it to its
	// backend with the fallback sign-in). Only through it can a failure
	// report change the user's prompt state: the report alone proves
	// nothing about who sent it.
	Session string
	// DeviceID and UserAgent name the device the user signed in on, for
	// the per-device suppression.
	DeviceID, UserAgent string
}

// Prompt counts one successful sign-in of the user and decides whether to
// offer a new passkey (seed 001's "I'll do it later" rule, seed 002's
// auto-heal). A user never seen is a user with no passkey.
func (s *Service) Prompt(ctx context.Context, app *tenants.App, in PromptInput) (PromptDecision, error) {
	if in.UserID == "" {
		return PromptDecision{}, problems.New(problems.MissingUserID)
	}
	switch in.Method {
	case SignedInWithPasskey, SignedInWithMagicLink, SignedInWithPassword, SignedInOther:
	default:
		return PromptDecision{}, problems.Validation("signedInWith", "The field SignedInWith must be 'passkey', 'magic_link', 'password' or 'other'.")
	}
	now := s.o.Now().UTC()
	row, err := s.o.Store.countSignIn(ctx, app.ID, in.UserID)
	if err != nil {
		return PromptDecision{}, err
	}
	if in.Method == SignedInWithPasskey {
		// A passkey worked here: a failure of this client's is not applied.
		return PromptDecision{false, ReasonSignedInWithPasskey}, nil
	}
	device := ""
	if in.DeviceID != "" || in.UserAgent != "" {
		device = deviceKey(in.DeviceID, in.UserAgent, "")
	}
	if in.Session != "" {
		if device, err = s.confirm(ctx, app, in, &row, device, now); err != nil {
			return PromptDecision{}, err
		}
	}
	creds, newest, err := s.o.Passkeys(ctx, app.ID, in.UserID)
	if err != nil {
		return PromptDecision{}, err
	}
	suppressed := false
	if device != "" {
		if suppressed, err = s.o.Store.suppressed(ctx, app.ID, in.UserID, device, now); err != nil {
			return PromptDecision{}, err
		}
	}
	d := decide(app.Features, row, passkeysOf{creds, newest}, suppressed, now)
	if d.Offer {
		// The user's timeline shows each offer, a heal's with its reason.
		e := events.About(app.ID, in.UserID, events.APIUserPasskeyPromptOffered, "Offered a passkey ("+string(d.Reason)+")")
		e.PerformedAt, e.Device = now, eventDevice(in.UserAgent)
		if err := s.o.Events.Record(ctx, e); err != nil {
			return PromptDecision{}, err
		}
	}
	return d, nil
}

// confirm applies the failure reported for the ceremony of in.Session, now
// that the tenant's backend vouches that in.UserID signed in on the client
// that ran it: a failure meaning "no usable passkey here" becomes the
// user's (the heal offer), "not supported" holds prompts back on that
// device. A discoverable sign-in's failure becomes the user's here; a
// ceremony of another user is ignored. It returns the device to decide
// for: the report's when the request named none. The suppression lasts
// the app's rollout setting (tenants.Rollout.Suppression, 30 days unless
// set).
func (s *Service) confirm(ctx context.Context, app *tenants.App, in PromptInput, row *userRow, device string, now time.Time) (string, error) {
	tenant := app.ID
	f, err := s.o.Store.takeCeremonyFailure(ctx, tenant, sessionHash(in.Session), now.Add(-recentFailure))
	if err != nil || f == nil || (f.UserID != "" && f.UserID != in.UserID) {
		return device, err
	}
	if heals(Ceremony(f.Ceremony), problems.Code(f.ErrorCode)) {
		if err := s.o.Store.markFailure(ctx, tenant, in.UserID, f.ErrorCode, f.Action, f.ReportedAt); err != nil {
			return device, err
		}
		at := f.ReportedAt.UTC()
		row.FailedAt, row.FailureCode = &at, f.ErrorCode
	}
	if Action(f.Action) == SuppressPrompts {
		if err := s.o.Store.suppress(ctx, tenant, in.UserID, f.Device, now.Add(app.Features.PasskeyRollout.Suppression())); err != nil {
			return device, err
		}
		if device == "" {
			device = f.Device
		}
	}
	return device, nil
}

// heals reports whether a failure means "no usable passkey here", the only
// failures after which a new passkey is offered (issue 21): no passkey for
// the site on the device, or one the server no longer knows (deleted). A
// cancel, a misconfiguration or an already registered passkey never heals.
func heals(c Ceremony, code problems.Code) bool {
	return c == SignIn && (code == problems.PasskeyNoCredentials || code == problems.UnknownCredential)
}

// sessionHash is what is stored of a session value: the value is a secret.
func sessionHash(session string) string {
	sum := sha256.Sum256([]byte(session))
	return hex.EncodeToString(sum[:])
}

// passkeysOf is what decide needs of the user's passkeys.
type passkeysOf struct {
	count  int
	newest time.Time // when the newest was registered
}

// decide applies the reasons in priority order. A heal is offered only
// for a failure that heals, while it is recent, and until the user
// registers a passkey after it.
func decide(f tenants.Features, u userRow, p passkeysOf, suppressed bool, now time.Time) PromptDecision {
	switch {
	case f.MaxCredentialsPerUser != nil && int64(p.count) >= *f.MaxCredentialsPerUser:
		return PromptDecision{false, ReasonLimitReached}
	case suppressed:
		return PromptDecision{false, ReasonDeviceNotConfigured}
	case skipping(f, u, now):
		return PromptDecision{false, ReasonSkipped}
	case p.count > 0 && u.FailedAt != nil && now.Sub(*u.FailedAt) < recentFailure &&
		heals(SignIn, problems.Code(u.FailureCode)) && !p.newest.After(*u.FailedAt):
		return PromptDecision{true, ReasonRecentPasskeyFailure}
	case p.count == 0:
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
	now := s.o.Now().UTC()
	e := events.About(tenant, userID, events.APIUserPasskeyPromptSkipped, "Skipped the passkey prompt")
	e.PerformedAt = now
	return s.o.Events.Apply(ctx, e, func(ctx context.Context) error { return s.o.Store.skip(ctx, tenant, userID, now) })
}
