package passkeys

import (
	"sync"

	"github.com/go-webauthn/webauthn/webauthn"
)

// maxRPConfigs bounds the relying-party cache: origins come from requests,
// so without a bound random ones could grow memory; past it the cache
// starts over.
const maxRPConfigs = 10_000

// rpCache keeps the validated go-webauthn configuration of each relying
// party id and origin, so a ceremony does not rebuild and revalidate it.
// A configuration depends on nothing but that pair (never on stored
// application state), so an entry cannot go stale and needs no
// invalidation; a *webauthn.WebAuthn is only read after New.
type rpCache struct {
	mu      sync.RWMutex
	entries map[rpKey]*webauthn.WebAuthn
}

type rpKey struct{ rpID, origin string }

func newRPCache() *rpCache { return &rpCache{entries: map[rpKey]*webauthn.WebAuthn{}} }

// get returns the configuration of rpID and origin, building it on first
// use; invalid pairs are not remembered.
func (c *rpCache) get(rpID, origin string) (*webauthn.WebAuthn, error) {
	k := rpKey{rpID, origin}
	c.mu.RLock()
	w, ok := c.entries[k]
	c.mu.RUnlock()
	if ok {
		return w, nil
	}
	w, err := relyingParty(rpID, origin)
	if err != nil {
		return nil, err
	}
	c.mu.Lock()
	if len(c.entries) >= maxRPConfigs {
		c.entries = map[rpKey]*webauthn.WebAuthn{}
	}
	c.entries[k] = w
	c.mu.Unlock()
	return w, nil
}
