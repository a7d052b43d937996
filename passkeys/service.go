package passkeys

import (
	"context"
	"sync"
	"time"

	"passwordless/events"
	"passwordless/storage"
	"passwordless/tokens"
)

// AuthenticatorPolicy decides whether an authenticator model may register
// in an application (its allow/block list, package authenticators). It is
// consulted at /register/complete only when the application's plan has
// AllowAttestation. aaguid is the 16-byte AAGUID (all zero when the
// authenticator reports none); attestationNone tells whether the ceremony
// asked for no attestation. It returns nil to allow, or a problem
// (authenticator_not_allowed, attestation_required).
type AuthenticatorPolicy interface {
	Check(ctx context.Context, tenant string, aaguid []byte, attestationNone bool) error
}

// Options configure a Service.
type Options struct {
	DB     *storage.DB
	Tokens *tokens.Service
	// Sessions holds ceremony state; nil keeps it in process memory.
	Sessions SessionStore
	// Policy is the authenticator allow/block list; nil allows every
	// authenticator.
	Policy AuthenticatorPolicy
	// Now is the clock; nil is time.Now.
	Now func() time.Time
	// Events records what the service does (required): each change and
	// its event are written together.
	Events events.Recorder
	// DecoySecret derives the decoy credential ids /signin/begin offers
	// for an unknown alias; empty offers none.
	DecoySecret []byte
}

// Service runs ceremonies and manages credentials, aliases, users and
// authentication configurations.
type Service struct {
	// decoySecret derives decoy credential ids (decoy.go).
	decoySecret []byte
	store       *store
	tokens      *tokens.Service
	sessions    SessionStore
	policy      AuthenticatorPolicy
	now         func() time.Time
	devices     deviceParser
	events      events.Recorder
	rps         *rpCache
	// unpinned remembers, per application, the day it was last warned
	// that its origins are not pinned (origins.go).
	unpinned sync.Map
}

// New returns a Service.
func New(o Options) *Service {
	if o.Events == nil {
		panic("passkeys: Options.Events is required")
	}
	if o.Now == nil {
		o.Now = time.Now
	}
	if o.Sessions == nil {
		o.Sessions = NewMemorySessions(o.Now)
	}
	return &Service{store: newStore(o.DB), tokens: o.Tokens, sessions: o.Sessions, policy: o.Policy, now: o.Now,
		events: o.Events, rps: newRPCache(), decoySecret: o.DecoySecret}
}

// HasCredentials reports whether the tenant has any passkey (an
// application without one can be deleted at once).
func (s *Service) HasCredentials(ctx context.Context, tenant string) (bool, error) {
	return s.store.hasAnyCredential(ctx, tenant)
}
