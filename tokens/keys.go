package tokens

import (
	"context"
	"crypto/hkdf"
	"crypto/rand"
	"crypto/sha256"
	"errors"
	"fmt"
	"math/big"
	"sync"
	"time"
)

// Key rotation periods (spec §4.1): the newest key signs until it is older
// than RotateAfter; a key older than KeepFor no longer verifies anything.
const (
	RotateAfter = 7 * 24 * time.Hour
	KeepFor     = 30 * 24 * time.Hour
)

// Key is one stored signing key of a tenant. Material is the random input;
// the HMAC key is derived from it and the server secret, never stored.
type Key struct {
	Tenant    string
	ID        int64
	Material  []byte
	CreatedAt time.Time
}

// ErrKeyNotFound is returned by KeyStore.Key for an id the tenant lacks.
var ErrKeyNotFound = errors.New("tokens: signing key not found")

// KeyStore persists signing keys. Every method is scoped to one tenant.
type KeyStore interface {
	// Keys returns every key of tenant, in any order.
	Keys(ctx context.Context, tenant string) ([]Key, error)
	// Key returns one key of tenant, or ErrKeyNotFound.
	Key(ctx context.Context, tenant string, id int64) (Key, error)
	// Add stores a new key.
	Add(ctx context.Context, k Key) error
	// Delete removes the given keys of tenant; unknown ids are ignored.
	Delete(ctx context.Context, tenant string, ids []int64) error
}

// derivedKey is a key ready for HMAC: derivation runs once per key and
// process, not per token.
type derivedKey struct {
	id        int64
	hmac      []byte
	createdAt time.Time
}

// ring is the in-process cache of one tenant's keys. Keys never change once
// written, so the cache only grows (and drops keys past KeepFor); a key made
// by another instance is fetched on first sight of its kid.
type ring struct {
	load   sync.Mutex // serialises loading and rotation, not lookups
	mu     sync.RWMutex
	loaded bool
	keys   map[int64]derivedKey
	// misses remembers kids the store did not have, so that forged
	// tokens (public keys are public) do not each cost a query. Key ids
	// are random 31-bit numbers: a forged one that later becomes real is
	// not a practical concern, and entries expire after missTTL anyway.
	misses map[int64]time.Time
}

// Negative cache bounds.
const (
	missTTL   = time.Minute
	maxMisses = 1024
)

// keyCache owns every tenant's ring and the rotation rules.
type keyCache struct {
	store  KeyStore
	secret []byte
	now    func() time.Time

	mu    sync.Mutex
	rings map[string]*ring
}

func newKeyCache(store KeyStore, secret []byte, now func() time.Time) *keyCache {
	return &keyCache{store: store, secret: secret, now: now, rings: map[string]*ring{}}
}

func (c *keyCache) ring(tenant string) *ring {
	c.mu.Lock()
	defer c.mu.Unlock()
	r, ok := c.rings[tenant]
	if !ok {
		r = &ring{keys: map[int64]derivedKey{}, misses: map[int64]time.Time{}}
		c.rings[tenant] = r
	}
	return r
}

// derive turns stored material into the HMAC key. The server secret is the
// HKDF secret and the per-key random material its salt; the info string
// carries the tenant, so one tenant's key can never sign for another.
func (c *keyCache) derive(k Key) (derivedKey, error) {
	h, err := hkdf.Key(sha256.New, c.secret, k.Material, "passwordless-1.0"+k.Tenant, 32)
	if err != nil {
		return derivedKey{}, fmt.Errorf("derive token key: %w", err)
	}
	return derivedKey{id: k.ID, hmac: h, createdAt: k.CreatedAt}, nil
}

func (c *keyCache) alive(k derivedKey) bool {
	return c.now().Sub(k.createdAt) <= KeepFor
}

// fill replaces the ring's content with keys; the caller holds r.load.
func (c *keyCache) fill(r *ring, keys []Key) error {
	m := make(map[int64]derivedKey, len(keys))
	for _, k := range keys {
		d, err := c.derive(k)
		if err != nil {
			return err
		}
		m[k.ID] = d
	}
	r.mu.Lock()
	r.keys, r.loaded = m, true
	r.mu.Unlock()
	return nil
}

func (c *keyCache) reload(ctx context.Context, tenant string, r *ring) error {
	keys, err := c.store.Keys(ctx, tenant)
	if err != nil {
		return fmt.Errorf("load token keys: %w", err)
	}
	return c.fill(r, keys)
}

func (r *ring) newest() (derivedKey, bool) {
	r.mu.RLock()
	defer r.mu.RUnlock()
	var best derivedKey
	found := false
	for _, k := range r.keys {
		if !found || k.createdAt.After(best.createdAt) {
			best, found = k, true
		}
	}
	return best, found
}

func (r *ring) get(id int64) (derivedKey, bool) {
	r.mu.RLock()
	defer r.mu.RUnlock()
	k, ok := r.keys[id]
	return k, ok
}

func (r *ring) isLoaded() bool {
	r.mu.RLock()
	defer r.mu.RUnlock()
	return r.loaded
}

func (r *ring) missedRecently(id int64, now time.Time) bool {
	r.mu.RLock()
	defer r.mu.RUnlock()
	at, ok := r.misses[id]
	return ok && now.Sub(at) < missTTL
}

func (r *ring) missed(id int64, now time.Time) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if len(r.misses) >= maxMisses {
		r.misses = map[int64]time.Time{}
	}
	r.misses[id] = now
}

func (r *ring) put(k derivedKey) {
	r.mu.Lock()
	r.keys[k.id] = k
	r.mu.Unlock()
}

// signing returns the key that signs now, rotating when the newest key is
// older than RotateAfter. The hot path takes read locks only.
func (c *keyCache) signing(ctx context.Context, tenant string) (derivedKey, error) {
	r := c.ring(tenant)
	if k, ok := r.newest(); ok && c.now().Sub(k.createdAt) <= RotateAfter {
		return k, nil
	}
	r.load.Lock()
	defer r.load.Unlock()
	// Another instance may have rotated already: look before making a key.
	if err := c.reload(ctx, tenant, r); err != nil {
		return derivedKey{}, err
	}
	if k, ok := r.newest(); ok && c.now().Sub(k.createdAt) <= RotateAfter {
		return k, nil
	}
	return c.rotate(ctx, tenant, r)
}

// rotate stores a new key and deletes the tenant's keys past KeepFor
// (upstream purges at the same moment). The caller holds r.load.
func (c *keyCache) rotate(ctx context.Context, tenant string, r *ring) (derivedKey, error) {
	now := c.now().UTC()
	k, err := c.addKey(ctx, tenant, now)
	if err != nil {
		return derivedKey{}, err
	}
	var stale []int64
	r.mu.RLock()
	for id, old := range r.keys {
		if now.Sub(old.createdAt) > KeepFor {
			stale = append(stale, id)
		}
	}
	r.mu.RUnlock()
	if len(stale) > 0 {
		if err := c.store.Delete(ctx, tenant, stale); err != nil {
			return derivedKey{}, fmt.Errorf("purge token keys: %w", err)
		}
	}
	if err := c.reload(ctx, tenant, r); err != nil {
		return derivedKey{}, err
	}
	return c.derive(k)
}

// addKey makes a key with a random id below 2^31 (upstream's range). An id
// collision within one tenant is astronomically rare; it is retried.
func (c *keyCache) addKey(ctx context.Context, tenant string, now time.Time) (Key, error) {
	var lastErr error
	for range 3 {
		id, err := rand.Int(rand.Reader, big.NewInt(1<<31-1))
		if err != nil {
			return Key{}, err
		}
		k := Key{Tenant: tenant, ID: id.Int64(), Material: make([]byte, 32), CreatedAt: now}
		_, _ = rand.Read(k.Material)
		if lastErr = c.store.Add(ctx, k); lastErr == nil {
			return k, nil
		}
	}
	return Key{}, fmt.Errorf("store token key: %w", lastErr)
}

// verifying returns the key with id, or ok false when the tenant has no
// such key or it is past KeepFor. An unseen id costs one store lookup,
// which lets keys made by other instances verify here.
func (c *keyCache) verifying(ctx context.Context, tenant string, id int64) (derivedKey, bool, error) {
	r := c.ring(tenant)
	if !r.isLoaded() {
		r.load.Lock()
		err := error(nil)
		if !r.isLoaded() {
			err = c.reload(ctx, tenant, r)
		}
		r.load.Unlock()
		if err != nil {
			return derivedKey{}, false, err
		}
	}
	if k, ok := r.get(id); ok {
		return k, c.alive(k), nil
	}
	if r.missedRecently(id, c.now()) {
		return derivedKey{}, false, nil
	}
	stored, err := c.store.Key(ctx, tenant, id)
	if errors.Is(err, ErrKeyNotFound) {
		r.missed(id, c.now())
		return derivedKey{}, false, nil
	}
	if err != nil {
		return derivedKey{}, false, fmt.Errorf("load token key: %w", err)
	}
	k, err := c.derive(stored)
	if err != nil {
		return derivedKey{}, false, err
	}
	r.put(k)
	return k, c.alive(k), nil
}
