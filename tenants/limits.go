package tenants

import (
	"context"
	"fmt"

	"passwordless/events"
	"passwordless/problems"
)

// Limits are the settings the admin console changes besides the app's own
// features: event logging and the user and passkey caps (nil: unlimited).
type Limits struct {
	EventLoggingEnabled   bool
	MaxUsers              *int64
	MaxCredentialsPerUser *int64
}

// SetLimits sets the limits of application id and records the change, by
// the actor of ctx, in its event log.
func (s *Service) SetLimits(ctx context.Context, id string, l Limits) error {
	if l.MaxUsers != nil && *l.MaxUsers < 0 {
		return problems.Validation("maxUsers", "Max users must not be negative.")
	}
	if l.MaxCredentialsPerUser != nil && *l.MaxCredentialsPerUser < 1 {
		return problems.Validation("maxCredentialsPerUser", "Max passkeys per user must be at least 1.")
	}
	msg := fmt.Sprintf("Settings changed: event logging %s, max users %s, max passkeys per user %s.",
		onOff(l.EventLoggingEnabled), limitText(l.MaxUsers), limitText(l.MaxCredentialsPerUser))
	return s.updateFeatures(ctx, id, func(f *Features) {
		f.EventLoggingEnabled = l.EventLoggingEnabled
		f.MaxUsers = l.MaxUsers
		f.MaxCredentialsPerUser = l.MaxCredentialsPerUser
	}, events.About(id, id, events.AdminAppLimitsChanged, msg))
}

func onOff(b bool) string {
	if b {
		return "on"
	}
	return "off"
}

func limitText(n *int64) string {
	if n == nil {
		return "unlimited"
	}
	return fmt.Sprint(*n)
}

// MaxMagicLinkEmailMonthlyQuota bounds the quota the console sets: ten
// million e-mails a month is beyond any sign-in use.
const MaxMagicLinkEmailMonthlyQuota = 10_000_000

// SetMagicLinkEmailQuota sets only the magic-link e-mail quota of
// application id (per 30 days), leaving every other feature as stored, and
// records the change in its event log.
func (s *Service) SetMagicLinkEmailQuota(ctx context.Context, id string, monthly int) error {
	if monthly < 0 || monthly > MaxMagicLinkEmailMonthlyQuota {
		return problems.Validation("magicLinkEmailMonthlyQuota",
			fmt.Sprintf("The magic-link e-mail quota must be between 0 and %d.", MaxMagicLinkEmailMonthlyQuota))
	}
	msg := fmt.Sprintf("Settings changed: magic-link e-mail quota %d per 30 days.", monthly)
	return s.updateFeatures(ctx, id, func(f *Features) {
		f.MagicLinkEmailMonthlyQuota = monthly
	}, events.About(id, id, events.AdminAppLimitsChanged, msg))
}
