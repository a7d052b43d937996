package tenants

import (
	"context"
	"sync"
	"sync/atomic"
	"time"
)

// cacheTTL bounds how long an entry lives without an invalidation. Locks
// and feature changes do not wait for it: they invalidate explicitly, on
// every instance through Redis pub/sub when Redis is configured.
const cacheTTL = 60 * time.Second

// cache holds resolved applications and API keys so that authenticating a
// request does not touch the database. Entries are dropped per tenant.
type cache struct {
	mu   sync.RWMutex
	apps map[string]cached[*App]
	keys map[string]cached[*APIKey] // by tenant + "/" + key id
	now  func() time.Time
	// degraded is set while the invalidation channel is down (see
	// cache_fallback.go): entries then live degradedTTL.
	degraded atomic.Bool
}

type cached[T any] struct {
	v       T
	tenant  string
	expires time.Time
}

// maxKeyEntries bounds the key cache; past it, unknown key ids are not
// remembered, so random ids cannot grow memory without limit.
const maxKeyEntries = 100_000

func newCache(now func() time.Time) *cache {
	return &cache{apps: map[string]cached[*App]{}, keys: map[string]cached[*APIKey]{}, now: now}
}

func (c *cache) app(id string) (*App, bool) {
	c.mu.RLock()
	defer c.mu.RUnlock()
	e, ok := c.apps[id]
	if !ok || c.expired(e.expires) {
		return nil, false
	}
	return e.v, true
}

func (c *cache) putApp(a *App) {
	c.mu.Lock()
	c.apps[a.ID] = cached[*App]{a, a.ID, c.now().Add(cacheTTL)}
	c.mu.Unlock()
}

func (c *cache) key(tenant, id string) (*APIKey, bool) {
	c.mu.RLock()
	defer c.mu.RUnlock()
	e, ok := c.keys[tenant+"/"+id]
	if !ok || c.expired(e.expires) {
		return nil, false
	}
	return e.v, true
}

// putKey remembers the key with id in tenant; k nil remembers that no
// such key exists (creating a key invalidates the tenant, so a new key is
// never hidden by it).
func (c *cache) putKey(tenant, id string, k *APIKey) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if k == nil && len(c.keys) >= maxKeyEntries {
		return
	}
	c.keys[tenant+"/"+id] = cached[*APIKey]{k, tenant, c.now().Add(cacheTTL)}
}

// drop forgets everything cached about tenant.
func (c *cache) drop(tenant string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	delete(c.apps, tenant)
	for k, e := range c.keys {
		if e.tenant == tenant {
			delete(c.keys, k)
		}
	}
}

// invalidationChannel carries the ids of tenants whose cached state changed.
const invalidationChannel = "passwordless:tenants:invalidate"

// invalidator tells every instance to drop a tenant from its cache.
type invalidator interface {
	invalidate(ctx context.Context, tenant string)
}

type localInvalidator struct{ c *cache }

func (l localInvalidator) invalidate(_ context.Context, tenant string) { l.c.drop(tenant) }
