package tenants

import (
	"context"
	"errors"
	"log/slog"
	"time"

	"passwordless/events"
	"passwordless/storage"
)

// Service resolves applications and keys (cached) and manages them.
type Service struct {
	// rejected and countHook aggregate rejected-key events (rejected.go).
	rejected  rejections
	countHook func(kind, reason string)
	store     *store
	cache     *cache
	inv       invalidator
	now       func() time.Time
	log       *slog.Logger
	// events records every change the service makes.
	events events.Recorder
	// credentials decides whether an application can be deleted at once.
	credentials CredentialChecker
	// onDelete run in the transaction that deletes an application (OnDelete).
	onDelete []DeletionHook
	// protected names the applications no change may touch (Protect).
	protected func(ctx context.Context, id string) (bool, error)
}

// CredentialChecker tells whether an application has any registered
// passkey (package passkeys provides it).
type CredentialChecker interface {
	HasCredentials(ctx context.Context, tenant string) (bool, error)
}

// Options configure a Service.
type Options struct {
	DB    *storage.DB
	Redis storage.Redis // nil: invalidations stay in this process
	Now   func() time.Time
	Log   *slog.Logger
	// Events records what the service does (required).
	Events events.Recorder
	// Credentials answers whether an application has passkeys (required):
	// one without can be deleted at once.
	Credentials CredentialChecker
	// CountRejected counts every rejected key by kind (public, secret)
	// and reason (invalid, locked); optional.
	CountRejected func(kind, reason string)
}

// NewService returns a Service. With Redis, Start must run to receive the
// invalidations of other instances.
func NewService(o Options) *Service {
	if o.Events == nil || o.Credentials == nil {
		panic("tenants: Options.Events and Options.Credentials are required")
	}
	if o.Now == nil {
		o.Now = time.Now
	}
	if o.Log == nil {
		o.Log = slog.Default()
	}
	s := &Service{store: newStore(o.DB), now: o.Now, log: o.Log, events: o.Events, credentials: o.Credentials}
	s.cache = newCache(o.Now)
	s.countHook = o.CountRejected
	if o.Redis != nil {
		s.inv = &redisInvalidator{c: s.cache, rdb: o.Redis, log: o.Log}
	} else {
		s.inv = localInvalidator{s.cache}
	}
	return s
}

// Start receives cache invalidations from other instances until ctx ends.
func (s *Service) Start(ctx context.Context) {
	go s.cache.sweepEvery(ctx, sweepInterval)
	if r, ok := s.inv.(*redisInvalidator); ok {
		go r.listen(ctx)
		go r.watch(ctx)
	}
}

// App returns the application id, or nil when it does not exist.
func (s *Service) App(ctx context.Context, id string) (*App, error) {
	if a, ok := s.cache.app(id); ok {
		return a, nil
	}
	a, err := s.store.app(ctx, id)
	if err != nil {
		return nil, err
	}
	if a == nil {
		s.cache.putMissingApp(id)
		return nil, nil
	}
	s.cache.putApp(a)
	return a, nil
}

// Principal is the outcome of a successful authentication.
type Principal struct {
	App *App
	Key *APIKey
}

// Authentication failures. The api package turns them into the 401 hints
// or 403 api_key_locked.
var (
	ErrKeyInvalid = errors.New("api key not valid")
	ErrKeyLocked  = errors.New("api key locked")
)

// Authenticate resolves a key value of kind. A rejected key of an existing
// application is recorded in that application's event log; its app is
// returned too.
func (s *Service) Authenticate(ctx context.Context, kind KeyKind, value string) (*Principal, *App, error) {
	appID, ok := ParseAppID(value)
	if !ok {
		return nil, nil, ErrKeyInvalid
	}
	app, err := s.App(ctx, appID)
	if err != nil {
		return nil, nil, err
	}
	if app == nil {
		decoyMatch(kind, value) // an unknown app costs what a known one does
		return nil, nil, ErrKeyInvalid
	}
	key, err := s.key(ctx, appID, KeyID(value))
	if err != nil {
		return nil, app, err
	}
	if key == nil {
		decoyMatch(kind, value)
	}
	if key == nil || key.Kind != kind || !key.Matches(value) {
		s.rejectedKey(ctx, app, kind, value, false)
		return nil, app, ErrKeyInvalid
	}
	if key.IsLocked {
		s.rejectedKey(ctx, app, kind, value, true)
		return nil, app, ErrKeyLocked
	}
	if kind == Secret && isLegacy(key.SecretHash) {
		s.upgradeLegacy(ctx, key, value)
	}
	return &Principal{App: app, Key: key}, app, nil
}

// key returns a cached key (or cached absence), loading it on a miss, so
// neither valid nor forged keys of an application reach the database on
// every request.
func (s *Service) key(ctx context.Context, tenant, id string) (*APIKey, error) {
	if k, ok := s.cache.key(tenant, id); ok {
		return k, nil
	}
	k, err := s.store.key(ctx, tenant, id)
	if err != nil {
		return nil, err
	}
	s.cache.putKey(tenant, id, k)
	return k, nil
}

// changed drops tenant from every instance's cache after a write.
func (s *Service) changed(ctx context.Context, tenant string) {
	s.inv.invalidate(ctx, tenant)
}
