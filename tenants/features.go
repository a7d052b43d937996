package tenants

import (
	"context"
	"strconv"

	"passwordless/events"
	"passwordless/problems"
)

// Retention bounds, in days. They differ on purpose and are upstream's
// contract: an application is created keeping 365 days (and may be created
// with any period up to that), while both feature updates, the app's own
// and the plan change, accept 0..90.
const (
	DefaultRetentionDays   = 365
	MaxCreateRetentionDays = 365
	MaxRetentionDays       = 90
)

// checkRetention validates a retention period against max.
func checkRetention(days, max int) error {
	if days < 0 || days > max {
		return problems.Validation("eventLoggingRetentionPeriod",
			"The field EventLoggingRetentionPeriod must be between 0 and "+strconv.Itoa(max)+".")
	}
	return nil
}

// AppFeatureChange is an application's partial update of its own
// settings (POST /apps/features): nil members keep their value.
type AppFeatureChange struct {
	// PerformedBy names who changed it in the event log: nil is upstream's
	// default "Api", blank is "Unknown User".
	PerformedBy         *string
	RetentionDays       *int
	GenerateSignInToken *bool
	MagicLinks          *bool
	// PromptSkipSignIns (1–100) and PromptSkipDays (0–365) end an "I'll do
	// it later" of the passkey prompt (package diagnostics).
	PromptSkipSignIns *int
	PromptSkipDays    *int
	// AllowedOrigins replaces the origin list when set.
	AllowedOrigins *[]string
	// PasskeyRollout replaces the passkey decision's rules when set (its
	// kill switch aside); PasskeyKillSwitch sets the kill switch alone.
	PasskeyRollout    *Rollout
	PasskeyKillSwitch *bool
}

// SetAppFeatures applies c to application id. Each toggle that is given is
// logged, changed or not, as upstream does.
func (s *Service) SetAppFeatures(ctx context.Context, id string, c AppFeatureChange) error {
	if c.RetentionDays != nil {
		if err := checkRetention(*c.RetentionDays, MaxRetentionDays); err != nil {
			return err
		}
	}
	if err := checkPromptSettings(c.PromptSkipSignIns, c.PromptSkipDays); err != nil {
		return err
	}
	origins, err := checkOriginChange(c.AllowedOrigins)
	if err != nil {
		return err
	}
	if err := checkRollout(c.PasskeyRollout); err != nil {
		return err
	}
	by := "Api"
	if c.PerformedBy != nil {
		by = *c.PerformedBy
	}
	return s.updateFeatures(events.PerformedBy(ctx, by), id, func(f *Features) {
		if c.RetentionDays != nil {
			f.EventLoggingRetentionDays = *c.RetentionDays
		}
		if c.GenerateSignInToken != nil {
			f.GenerateSignInTokenEnabled = *c.GenerateSignInToken
		}
		if c.MagicLinks != nil {
			f.MagicLinksEnabled = *c.MagicLinks
		}
		if c.PromptSkipSignIns != nil {
			f.PasskeyPromptSkipSignIns = *c.PromptSkipSignIns
		}
		if c.PromptSkipDays != nil {
			f.PasskeyPromptSkipDays = *c.PromptSkipDays
		}
		if origins != nil {
			f.AllowedOrigins = *origins
		}
		applyRollout(f, c)
	}, toggleEvents(id, c)...)
}

// checkPromptSettings bounds the passkey prompt's skip window settings.
func checkPromptSettings(signIns, days *int) error {
	if signIns != nil && (*signIns < 1 || *signIns > 100) {
		return problems.Validation("passkeyPromptSkipSignIns", "The field PasskeyPromptSkipSignIns must be between 1 and 100.")
	}
	if days != nil && (*days < 0 || *days > 365) {
		return problems.Validation("passkeyPromptSkipDays", "The field PasskeyPromptSkipDays must be between 0 and 365.")
	}
	return nil
}

// toggleEvents are the enabled/disabled events of the toggles c sets.
func toggleEvents(id string, c AppFeatureChange) []events.Event {
	var out []events.Event
	add := func(v *bool, on, off events.Type, onMsg, offMsg string) {
		if v == nil {
			return
		}
		typ, msg := off, offMsg
		if *v {
			typ, msg = on, onMsg
		}
		out = append(out, events.About(id, id, typ, msg))
	}
	add(c.GenerateSignInToken, events.AdminGenerateSignInTokenEndpointEnabled, events.AdminGenerateSignInTokenEndpointDisabled,
		"The generate sign-in token endpoint was enabled.", "The generate sign-in token endpoint was disabled.")
	add(c.MagicLinks, events.AdminMagicLinksEnabled, events.AdminMagicLinksDisabled,
		"Magic links were enabled.", "Magic links were disabled.")
	if c.PasskeyRollout != nil || c.PasskeyKillSwitch != nil {
		out = append(out, rolloutEvent(id, c.PasskeyRollout, c.PasskeyKillSwitch))
	}
	return out
}

// Plan is a plan change by the management API: every member is set, an
// absent one to false/0/null, as upstream.
type Plan struct {
	EventLoggingEnabled        bool
	RetentionDays              int
	MagicLinkEmailMonthlyQuota int
	MaxUsers                   *int64
	AllowAttestation           bool
	MaxCredentialsPerUser      *int64
	// AllowedOrigins replaces the origin list when set; nil keeps it.
	AllowedOrigins *[]string
}

// SetPlan overwrites the plan features of id.
func (s *Service) SetPlan(ctx context.Context, id string, p Plan) error {
	if err := checkRetention(p.RetentionDays, MaxRetentionDays); err != nil {
		return err
	}
	if p.MagicLinkEmailMonthlyQuota < 0 || (p.MaxUsers != nil && *p.MaxUsers < 0) ||
		(p.MaxCredentialsPerUser != nil && *p.MaxCredentialsPerUser < 1) {
		return problems.Validation("features", "Quotas and limits must not be negative; maxCredentialsPerUser is at least 1.")
	}
	origins, err := checkOriginChange(p.AllowedOrigins)
	if err != nil {
		return err
	}
	return s.updateFeatures(ctx, id, func(f *Features) {
		if origins != nil {
			f.AllowedOrigins = *origins
		}
		f.EventLoggingEnabled = p.EventLoggingEnabled
		f.EventLoggingRetentionDays = p.RetentionDays
		f.MagicLinkEmailMonthlyQuota = p.MagicLinkEmailMonthlyQuota
		f.MaxUsers = p.MaxUsers
		f.AllowAttestation = p.AllowAttestation
		f.MaxCredentialsPerUser = p.MaxCredentialsPerUser
	})
}

// updateFeatures applies change to the stored features of id and records
// evs in the same transaction.
func (s *Service) updateFeatures(ctx context.Context, id string, change func(*Features), evs ...events.Event) error {
	app, err := s.mustApp(ctx, id)
	if err != nil {
		return err
	}
	f := app.Features
	change(&f)
	return s.apply(ctx, id, func(ctx context.Context) error {
		if err := s.store.saveFeatures(ctx, id, f); err != nil {
			return err
		}
		return s.record(ctx, evs...)
	})
}
