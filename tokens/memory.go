package tokens

import (
	"context"
	"fmt"
	"sync"
)

// MemoryStore is a KeyStore in process memory, for tests of packages that
// issue tokens without a database. Keys vanish with the process, and with
// them every token signed by them.
type MemoryStore struct {
	mu   sync.Mutex
	keys map[string]map[int64]Key
}

var _ KeyStore = (*MemoryStore)(nil)

// NewMemoryStore returns an empty MemoryStore.
func NewMemoryStore() *MemoryStore {
	return &MemoryStore{keys: map[string]map[int64]Key{}}
}

// Keys implements KeyStore.
func (m *MemoryStore) Keys(_ context.Context, tenant string) ([]Key, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	out := make([]Key, 0, len(m.keys[tenant]))
	for _, k := range m.keys[tenant] {
		out = append(out, k)
	}
	return out, nil
}

// Key implements KeyStore.
func (m *MemoryStore) Key(_ context.Context, tenant string, id int64) (Key, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	k, ok := m.keys[tenant][id]
	if !ok {
		return Key{}, ErrKeyNotFound
	}
	return k, nil
}

// Add implements KeyStore. A duplicate id fails, as the primary key would.
func (m *MemoryStore) Add(_ context.Context, k Key) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.keys[k.Tenant] == nil {
		m.keys[k.Tenant] = map[int64]Key{}
	}
	if _, dup := m.keys[k.Tenant][k.ID]; dup {
		return fmt.Errorf("token key %s/%d exists", k.Tenant, k.ID)
	}
	k.Material = append([]byte(nil), k.Material...)
	m.keys[k.Tenant][k.ID] = k
	return nil
}

// Delete implements KeyStore.
func (m *MemoryStore) Delete(_ context.Context, tenant string, ids []int64) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	for _, id := range ids {
		delete(m.keys[tenant], id)
	}
	return nil
}
