package passkeys

import (
	"context"
	"errors"
	"fmt"
	"regexp"
	"sort"
	"strings"
	"time"
	"unicode/utf8"

	"passwordless/events"
	"passwordless/problems"
)

// The preset purposes: they always exist, can be edited, never deleted.
const (
	PurposeSignIn = "sign-in"
	PurposeStepUp = "step-up"
)

// DefaultConfigTTL is the verify-token lifetime of both presets (upstream's
// code says 120 s for step-up too; its docs say 180 s).
const DefaultConfigTTL = 120 * time.Second

// AuthConfig is an authentication configuration: what a sign-in for a
// purpose requires and how long its verify token lives (spec §2.8).
type AuthConfig struct {
	Purpose          string
	UserVerification string
	TimeToLive       time.Duration
	Hints            []string
	CreatedBy        string
	CreatedOn        *time.Time
	EditedBy         *string
	EditedOn         *time.Time
	LastUsedOn       *time.Time
	stored           bool
}

func isPreset(purpose string) bool { return purpose == PurposeSignIn || purpose == PurposeStepUp }

func preset(purpose string) AuthConfig {
	return AuthConfig{Purpose: purpose, UserVerification: "preferred", TimeToLive: DefaultConfigTTL, CreatedBy: "System"}
}

func configOf(r configRow) AuthConfig {
	c := AuthConfig{Purpose: r.Purpose, UserVerification: r.UserVerification,
		TimeToLive: time.Duration(r.TimeToLiveMS) * time.Millisecond, CreatedBy: r.CreatedBy,
		CreatedOn: utc(r.CreatedOn), EditedBy: r.EditedBy, EditedOn: utc(r.EditedOn), LastUsedOn: utc(r.LastUsedOn), stored: true}
	if r.Hints != "" {
		c.Hints = strings.Split(r.Hints, ",")
	}
	return c
}

func (c AuthConfig) row(tenant string) configRow {
	return configRow{Tenant: tenant, Purpose: c.Purpose, UserVerification: c.UserVerification,
		TimeToLiveMS: c.TimeToLive.Milliseconds(), Hints: strings.Join(c.Hints, ","), CreatedBy: c.CreatedBy,
		CreatedOn: c.CreatedOn, EditedBy: c.EditedBy, EditedOn: c.EditedOn, LastUsedOn: c.LastUsedOn}
}

func utc(t *time.Time) *time.Time {
	if t == nil {
		return nil
	}
	u := t.UTC()
	return &u
}

// HintNames is hints as upstream lists them: .NET enum names joined by ", ".
func (c AuthConfig) HintNames() string {
	names := make([]string, len(c.Hints))
	for i, h := range c.Hints {
		names[i] = hintNames[h]
	}
	return strings.Join(names, ", ")
}

// signinConfig is the configuration a sign-in for purpose uses: the stored
// one, else the preset, else (an unknown purpose) sign-in's, and then the
// purpose becomes sign-in. Both candidates are read in one round trip.
func (s *Service) signinConfig(ctx context.Context, tenant, purpose string) (AuthConfig, error) {
	rows, err := s.store.configsNamed(ctx, tenant, purpose, PurposeSignIn)
	if err != nil {
		return AuthConfig{}, err
	}
	found := map[string]AuthConfig{}
	for _, r := range rows {
		found[r.Purpose] = configOf(r)
	}
	if c, ok := found[purpose]; ok {
		return c, nil
	}
	if isPreset(purpose) {
		return preset(purpose), nil
	}
	if c, ok := found[PurposeSignIn]; ok {
		return c, nil
	}
	return preset(PurposeSignIn), nil
}

// AuthConfigs lists configurations: with no filter the stored ones plus
// the presets not stored; with a filter the stored one, the preset, or
// none.
func (s *Service) AuthConfigs(ctx context.Context, tenant string, purpose *string) ([]AuthConfig, error) {
	if purpose != nil {
		r, err := s.store.config(ctx, tenant, *purpose)
		switch {
		case err != nil:
			return nil, err
		case r != nil:
			return []AuthConfig{configOf(*r)}, nil
		case isPreset(*purpose):
			return []AuthConfig{preset(*purpose)}, nil
		}
		return []AuthConfig{}, nil
	}
	rows, err := s.store.configs(ctx, tenant)
	if err != nil {
		return nil, err
	}
	byPurpose := map[string]AuthConfig{PurposeSignIn: preset(PurposeSignIn), PurposeStepUp: preset(PurposeStepUp)}
	for _, r := range rows {
		byPurpose[r.Purpose] = configOf(r)
	}
	out := make([]AuthConfig, 0, len(byPurpose))
	for _, c := range byPurpose {
		out = append(out, c)
	}
	sort.Slice(out, func(i, j int) bool { return configOrder(out[i].Purpose) < configOrder(out[j].Purpose) })
	return out, nil
}

// configOrder lists the presets first, then the rest by name.
func configOrder(p string) string {
	switch p {
	case PurposeSignIn:
		return "0"
	case PurposeStepUp:
		return "1"
	}
	return "2" + p
}

// AuthConfigInput is the body of POST /auth-configs/add and /auth-configs.
type AuthConfigInput struct {
	Purpose          string
	UserVerification string
	// TimeToLive is a .NET TimeSpan string ("00:03:00"); empty is 120 s.
	TimeToLive  string
	Hints       []string
	PerformedBy string
}

var purposePattern = regexp.MustCompile(`^[\p{L}\p{Mn}\p{Nd}\p{Pc}\-]*$`)

// check validates in and returns the configuration it describes.
func (in AuthConfigInput) check() (AuthConfig, error) {
	switch {
	case in.Purpose == "":
		return AuthConfig{}, problems.Validation("purpose", "The Purpose field is required.")
	case utf8.RuneCountInString(in.Purpose) > 255 || !purposePattern.MatchString(in.Purpose):
		return AuthConfig{}, problems.Validation("purpose", "The Purpose may hold only letters, digits, '_' and '-', at most 255.")
	case in.PerformedBy == "":
		return AuthConfig{}, problems.Validation("performedBy", "The PerformedBy field is required.")
	}
	uv, err := parseUserVerification(in.UserVerification)
	if err != nil {
		return AuthConfig{}, problems.Validation("userVerificationRequirement",
			"The UserVerificationRequirement must be 'preferred', 'required' or 'discouraged'.")
	}
	ttl := DefaultConfigTTL
	if in.TimeToLive != "" {
		if ttl, err = ParseTimeSpan(in.TimeToLive); err != nil || ttl <= 0 {
			return AuthConfig{}, problems.Validation("timeToLive",
				"The TimeToLive must be a positive duration written as hh:mm:ss (for example 00:03:00).")
		}
	}
	if err := checkHints(in.Hints); err != nil {
		return AuthConfig{}, err
	}
	return AuthConfig{Purpose: in.Purpose, UserVerification: string(uv), TimeToLive: ttl, Hints: lowerAll(in.Hints)}, nil
}

// AddAuthConfig creates a configuration; a preset counts as existing.
func (s *Service) AddAuthConfig(ctx context.Context, tenant string, in AuthConfigInput) error {
	c, err := in.check()
	if err != nil {
		return err
	}
	exists := problems.Titled(problems.AuthConfigExists, "The configuration %s already exists.", c.Purpose)
	if isPreset(c.Purpose) {
		return exists
	}
	now := s.now().UTC()
	c.CreatedBy, c.CreatedOn = in.PerformedBy, &now
	err = s.events.Apply(events.PerformedBy(ctx, in.PerformedBy), configEvent(tenant, "Created", c.Purpose),
		func(ctx context.Context) error { return s.store.addConfig(ctx, c.row(tenant)) })
	if errors.Is(err, errConfigExists) {
		return exists
	}
	return err
}

// configEvent is the event of a change to the configuration of purpose.
func configEvent(tenant, verb, purpose string) events.Event {
	typ := map[string]events.Type{"Created": events.APIAuthenticationConfigurationCreated,
		"Updated": events.APIAuthenticationConfigurationUpdated,
		"Deleted": events.APIAuthenticationConfigurationDeleted}[verb]
	return events.About(tenant, purpose, typ, fmt.Sprintf("%s authentication configuration '%s'.", verb, purpose))
}

// UpdateAuthConfig edits a configuration; editing a preset stores it.
func (s *Service) UpdateAuthConfig(ctx context.Context, tenant string, in AuthConfigInput) error {
	c, err := in.check()
	if err != nil {
		return err
	}
	r, err := s.store.config(ctx, tenant, c.Purpose)
	if err != nil {
		return err
	}
	base := preset(c.Purpose)
	switch {
	case r != nil:
		base = configOf(*r)
	case !isPreset(c.Purpose):
		return problems.Titled(problems.AuthConfigNotFound, "The configuration %s does not exist.", c.Purpose)
	}
	now := s.now().UTC()
	base.UserVerification, base.TimeToLive, base.Hints = c.UserVerification, c.TimeToLive, c.Hints
	base.EditedBy, base.EditedOn = ptr(in.PerformedBy), &now
	return s.events.Apply(events.PerformedBy(ctx, in.PerformedBy), configEvent(tenant, "Updated", c.Purpose),
		func(ctx context.Context) error { return s.store.saveConfig(ctx, base.row(tenant)) })
}

// DeleteAuthConfig deletes a custom configuration; by is the backend's
// performedBy for the event log.
func (s *Service) DeleteAuthConfig(ctx context.Context, tenant, purpose, by string) error {
	if isPreset(purpose) {
		return problems.Titled(problems.AuthConfigPresetNotDeletable, "The %s configuration cannot be deleted.", purpose)
	}
	if purpose == "" {
		return problems.Validation("purpose", "The Purpose field is required.")
	}
	notFound := problems.Titled(problems.AuthConfigNotFound, "The configuration %s does not exist.", purpose)
	return s.events.Apply(events.PerformedBy(ctx, by), configEvent(tenant, "Deleted", purpose),
		func(ctx context.Context) error {
			deleted, err := s.store.deleteConfig(ctx, tenant, purpose)
			if err == nil && !deleted {
				return notFound // rolls the event back too
			}
			return err
		})
}
