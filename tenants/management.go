package tenants

import (
	"context"
	"regexp"
	"time"

	"passwordless/events"
	"passwordless/problems"
)

var (
	createIDPattern    = regexp.MustCompile(`^[a-z][a-z0-9]{2,61}$`)
	availableIDPattern = regexp.MustCompile(`^[a-z][a-z0-9]{2,49}$`)
)

const appIDMessage = "'AppId' must be between 3 and 62 characters, contain only lowercase letters and numbers, and start with a lowercase letter."

// CreateOptions are the management create body (upstream CreateAppDto).
type CreateOptions struct {
	AdminEmail                string
	EventLoggingEnabled       bool
	EventLoggingRetentionDays *int
	// MagicLinkEmailMonthlyQuota nil is DefaultMagicLinkEmailMonthlyQuota.
	MagicLinkEmailMonthlyQuota *int
	MaxUsers                   *int64
	AllowAttestation           bool
}

// CreatedApp carries the new keys, shown once.
type CreatedApp struct {
	App                    *App
	APIKey1, APIKey2       string
	APISecret1, APISecret2 string
}

// Available reports whether id is free for a new application.
func (s *Service) Available(ctx context.Context, id string) (bool, error) {
	if !availableIDPattern.MatchString(id) {
		return false, problems.Validation("appId", appIDMessage)
	}
	app, err := s.store.app(ctx, id)
	return app == nil && err == nil, err
}

// Create makes an application with two public keys and two secrets.
func (s *Service) Create(ctx context.Context, id string, o CreateOptions) (*CreatedApp, error) {
	if !createIDPattern.MatchString(id) {
		return nil, problems.Validation("appId", appIDMessage)
	}
	now := s.now().UTC()
	f := defaultFeatures()
	f.EventLoggingEnabled = o.EventLoggingEnabled
	if o.EventLoggingRetentionDays != nil {
		f.EventLoggingRetentionDays = *o.EventLoggingRetentionDays
	}
	if o.MagicLinkEmailMonthlyQuota != nil {
		if *o.MagicLinkEmailMonthlyQuota < 0 {
			return nil, problems.Validation("magicLinkEmailMonthlyQuota", "The magic-link e-mail quota must not be negative.")
		}
		f.MagicLinkEmailMonthlyQuota = *o.MagicLinkEmailMonthlyQuota
	}
	f.MaxUsers = o.MaxUsers
	f.AllowAttestation = o.AllowAttestation
	app := &App{ID: id, CreatedAt: now, Features: f}
	if o.AdminEmail != "" {
		app.AdminEmails = []string{o.AdminEmail}
	}
	out := &CreatedApp{App: app}
	var keys []*APIKey
	for _, spec := range []struct {
		kind   KeyKind
		scopes []string
		dst    *string
	}{
		{Public, []string{ScopeLogin, ScopeRegister}, &out.APIKey1},
		{Public, []string{ScopeLogin, ScopeRegister}, &out.APIKey2},
		{Secret, []string{ScopeTokenRegister, ScopeTokenVerify}, &out.APISecret1},
		{Secret, []string{ScopeTokenRegister, ScopeTokenVerify}, &out.APISecret2},
	} {
		value, k := uniqueKey(id, spec.kind, spec.scopes, now, keys)
		*spec.dst = value
		keys = append(keys, k)
	}
	// The event is recorded inside the transaction, after the insert, so
	// that the new application's own logging setting decides; the cache
	// may have seen the uncommitted app, so it is dropped either way.
	// Upstream names the admin e-mail; without one the actor (the CLI, a
	// console admin) is named.
	created := events.About(id, id, events.APIManagementAppCreated, "Application created.")
	created.PerformedBy = o.AdminEmail
	err := s.apply(ctx, id, func(ctx context.Context) error {
		if err := s.store.createApp(ctx, app, keys); err != nil {
			return err
		}
		return s.record(ctx, created)
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// uniqueKey generates a key whose 4-character id differs from those in taken.
func uniqueKey(appID string, kind KeyKind, scopes []string, now time.Time, taken []*APIKey) (string, *APIKey) {
	for {
		value := newKeyValue(appID, kind)
		clash := false
		for _, t := range taken {
			clash = clash || t.ID == KeyID(value)
		}
		if !clash {
			return value, newAPIKey(appID, kind, value, scopes, now)
		}
	}
}

// mustApp loads an application or fails with app_not_found.
func (s *Service) mustApp(ctx context.Context, id string) (*App, error) {
	app, err := s.store.app(ctx, id)
	if err != nil {
		return nil, err
	}
	if app == nil {
		return nil, problems.New(problems.AppNotFound)
	}
	return app, nil
}

// Features returns the features of id; an unknown application has the
// defaults (upstream behaviour the admin console relies on).
func (s *Service) Features(ctx context.Context, id string) (Features, error) {
	app, err := s.store.app(ctx, id)
	if err != nil {
		return Features{}, err
	}
	if app == nil {
		return defaultFeatures(), nil
	}
	return app.Features, nil
}

// CreateKey adds a key of kind with the given numeric scopes and returns
// its value, shown once.
func (s *Service) CreateKey(ctx context.Context, id string, kind KeyKind, scopes []int) (string, error) {
	if len(scopes) == 0 {
		return "", problems.New(problems.CreateAPIKeyScopesReq)
	}
	names, ok := ScopeNames(kind, scopes)
	if !ok {
		return "", problems.Validation("scopes", "The scopes contain an unknown value.")
	}
	if _, err := s.mustApp(ctx, id); err != nil {
		return "", err
	}
	for {
		value := newKeyValue(id, kind)
		inserted := false
		err := s.apply(ctx, id, func(ctx context.Context) (err error) {
			inserted, err = s.store.insertKey(ctx, newAPIKey(id, kind, value, names, s.now().UTC()))
			if err != nil || !inserted {
				return err
			}
			return s.record(ctx, keyEvent(id, KeyID(value), events.AdminAPIKeyCreated, "API key created."))
		})
		if err != nil {
			return "", err
		}
		if inserted { // else the 4-character id collided: draw again
			return value, nil
		}
	}
}

// Keys lists the keys of id; the listing itself is an event (every call
// of GET /admin/apps/{appId}/keys, as upstream).
func (s *Service) Keys(ctx context.Context, id string) ([]*APIKey, error) {
	keys, err := s.ListKeys(ctx, id)
	if err != nil {
		return nil, err
	}
	return keys, s.KeysEnumerated(ctx, id)
}

// ListKeys lists the keys of id without recording the listing: for a
// caller that records it itself (KeysEnumerated) when it decides to, as
// the console's keys page does.
func (s *Service) ListKeys(ctx context.Context, id string) ([]*APIKey, error) {
	if _, err := s.mustApp(ctx, id); err != nil {
		return nil, err
	}
	return s.store.keys(ctx, id)
}

// KeysEnumerated records that the actor of ctx listed the keys of id.
func (s *Service) KeysEnumerated(ctx context.Context, id string) error {
	return s.record(ctx, events.About(id, id, events.AdminAPIKeysEnumerated, "API keys enumerated."))
}

// SetKeyLocked locks or unlocks one key; the change reaches every instance
// through the cache invalidation.
func (s *Service) SetKeyLocked(ctx context.Context, id, keyID string, locked bool) error {
	typ, msg := events.AdminAPIKeyUnlocked, "API key unlocked."
	if locked {
		typ, msg = events.AdminAPIKeyLocked, "API key locked."
	}
	return s.apply(ctx, id, func(ctx context.Context) error {
		n, err := s.store.setLocked(ctx, id, keyID, locked, s.now().UTC())
		if err == nil && n == 0 {
			return problems.New(problems.APIKeyNotFound)
		}
		if err != nil {
			return err
		}
		return s.record(ctx, keyEvent(id, keyID, typ, msg))
	})
}

// DeleteKey removes one key for good, locked or not: the management API's
// DELETE …/api-keys/{id} (upstream deletes an active key there too).
func (s *Service) DeleteKey(ctx context.Context, id, keyID string) error {
	return s.deleteKey(ctx, id, keyID, s.store.deleteKey)
}

// DeleteLockedKey removes one key for good only once it is locked (409
// api_key_active otherwise), as upstream's console does: lock it, see that
// nothing breaks, then delete it. The console deletes keys this way.
func (s *Service) DeleteLockedKey(ctx context.Context, id, keyID string) error {
	return s.deleteKey(ctx, id, keyID, s.store.deleteLockedKey)
}

func (s *Service) deleteKey(ctx context.Context, id, keyID string, del func(ctx context.Context, tenant, id string) (int64, error)) error {
	return s.apply(ctx, id, func(ctx context.Context) error {
		n, err := del(ctx, id, keyID)
		if err == nil && n == 0 {
			exists, err := s.store.keyExists(ctx, id, keyID)
			if err != nil {
				return err
			}
			if exists {
				return problems.New(problems.APIKeyActive)
			}
			return problems.New(problems.APIKeyNotFound)
		}
		if err != nil {
			return err
		}
		return s.record(ctx, keyEvent(id, keyID, events.AdminAPIKeyDeleted, "API key deleted."))
	})
}

// Freeze locks every key of id.
func (s *Service) Freeze(ctx context.Context, id string) error {
	return s.setFrozen(ctx, id, true, events.About(id, id, events.APIManagementAppFrozen, "Application frozen."))
}

// Unfreeze unlocks every key of id and clears its deletion date.
func (s *Service) Unfreeze(ctx context.Context, id string) error {
	return s.setFrozen(ctx, id, false, events.About(id, id, events.APIManagementAppUnfrozen, "Application unfrozen."))
}

func (s *Service) setFrozen(ctx context.Context, id string, frozen bool, e events.Event) error {
	if _, err := s.mustApp(ctx, id); err != nil {
		return err
	}
	return s.apply(ctx, id, func(ctx context.Context) error {
		if _, err := s.store.setLocked(ctx, id, "", frozen, s.now().UTC()); err != nil {
			return err
		}
		if !frozen {
			if err := s.store.setDeleteAt(ctx, id, nil); err != nil {
				return err
			}
		}
		return s.record(ctx, e)
	})
}

// apply runs change (which records its own events) in one transaction and
// then drops application id from every instance's cache.
func (s *Service) apply(ctx context.Context, id string, change func(ctx context.Context) error) error {
	if err := s.CheckChangeable(ctx, id); err != nil {
		return err
	}
	defer s.changed(ctx, id)
	return s.store.inTx(ctx, change)
}
