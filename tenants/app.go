// Package tenants owns applications (tenants), their plan features and API
// keys: key format, hashing, scopes, locking, the key cache and the
// management service behind the admin console's ManagementKey API.
package tenants

import "time"

// App is an application: the tenant every other row belongs to. An *App
// handed out by the Service is shared through the cache and must not be
// modified.
type App struct {
	ID          string
	AdminEmails []string
	CreatedAt   time.Time
	DeleteAt    *time.Time
	Features    Features
}

// Features are the plan settings of an application (spec §6.4).
type Features struct {
	EventLoggingEnabled        bool
	EventLoggingRetentionDays  int
	MagicLinkEmailMonthlyQuota int
	DeveloperLoggingEndsAt     *time.Time
	// MaxUsers caps the users with passkeys; nil is unlimited.
	MaxUsers                   *int64
	AllowAttestation           bool
	GenerateSignInTokenEnabled bool
	MagicLinksEnabled          bool
	// MaxCredentialsPerUser caps the passkeys of one user; nil is unlimited.
	MaxCredentialsPerUser *int64
	// PasskeyPromptSkipSignIns and PasskeyPromptSkipDays end an "I'll do it
	// later" (POST /users/passkey-prompt/skip): the prompt returns at the
	// Nth successful sign-in after the skip or after N days (0: no day limit).
	PasskeyPromptSkipSignIns int
	PasskeyPromptSkipDays    int
	// AllowedOrigins are the origins ceremonies may come from; empty
	// allows any (see origins.go).
	AllowedOrigins []string
	// PasskeyRollout are the passkey decision's rules (rollout.go).
	PasskeyRollout Rollout
}

// defaultFeatures are those of a new application: upstream's CreateAppDto
// defaults, with generated sign-in tokens and magic links enabled.
func defaultFeatures() Features {
	return Features{
		EventLoggingRetentionDays:  365,
		GenerateSignInTokenEnabled: true,
		MagicLinksEnabled:          true,
		MagicLinkEmailMonthlyQuota: DefaultMagicLinkEmailMonthlyQuota,
		PasskeyPromptSkipSignIns:   DefaultPromptSkipSignIns,
		PasskeyPromptSkipDays:      DefaultPromptSkipDays,
	}
}

// DefaultMagicLinkEmailMonthlyQuota is the self-hosted default of an
// application's magic-link e-mails per 30 days, so that magic links work
// out of the box (upstream's hosted default of 0 leaves a new app unable to
// send until its plan says otherwise). A thousand covers a small site's
// sign-ins while capping what a leaked secret can spam; the age scaling
// (quota.EffectiveQuota) makes it 200 on the first day, 500 until day 3
// and 750 until day 30. The management API's explicit value wins.
const DefaultMagicLinkEmailMonthlyQuota = 1000

// The defaults of the passkey prompt's skip window (seed 001: "until you
// have signed in 10 times or 7 days have elapsed").
const (
	DefaultPromptSkipSignIns = 10
	DefaultPromptSkipDays    = 7
)

// PendingDeletion reports whether the application is scheduled for deletion.
func (a *App) PendingDeletion() bool { return a.DeleteAt != nil }
