package webhooks

import (
	"context"
	"sync"
	"time"
)

// subscriptionTTL is how long an instance trusts its copy of an
// application's endpoints. The instance that adds or deletes an endpoint
// forgets its copy at once; other instances see the change within this
// time. It keeps the hot paths (sign-in, registration) at no extra
// statement for applications that have no endpoint.
const subscriptionTTL = 5 * time.Second

// maxCachedTenants bounds the cache; past it, it starts over.
const maxCachedTenants = 10000

type cachedEndpoints struct {
	rows    []endpointRow
	expires time.Time
}

// endpointCache holds each application's endpoints for subscriptionTTL.
type endpointCache struct {
	mu sync.Mutex
	m  map[string]cachedEndpoints
}

// subscribed returns tenant's endpoints, from the cache when fresh.
func (s *Service) subscribed(ctx context.Context, tenant string) ([]endpointRow, error) {
	now := s.now()
	s.cache.mu.Lock()
	c, ok := s.cache.m[tenant]
	s.cache.mu.Unlock()
	if ok && now.Before(c.expires) {
		return c.rows, nil
	}
	rows, err := s.store.endpoints(ctx, tenant)
	if err != nil {
		return nil, err
	}
	s.cache.mu.Lock()
	defer s.cache.mu.Unlock()
	if s.cache.m == nil || len(s.cache.m) >= maxCachedTenants {
		s.cache.m = map[string]cachedEndpoints{}
	}
	s.cache.m[tenant] = cachedEndpoints{rows: rows, expires: now.Add(subscriptionTTL)}
	return rows, nil
}

// forget drops tenant's cached endpoints after a change on this instance.
func (s *Service) forget(tenant string) {
	s.cache.mu.Lock()
	defer s.cache.mu.Unlock()
	delete(s.cache.m, tenant)
}
