package passkeys

import (
	"context"
	"encoding/json"
	"fmt"
)

// SessionPeeker is a SessionStore that can read a session without
// consuming it. Both stores of this package are.
type SessionPeeker interface {
	Peek(ctx context.Context, key string) (value []byte, ok bool, err error)
}

// SessionUser resolves a session value of tenant's ceremony ("register" or
// "signin") to the user the ceremony is for, without consuming the session
// (failure reports name it; the ceremony may still complete). It returns ""
// when the value names no live session of this tenant, or a discoverable
// sign-in whose user is not known until the assertion.
func (s *Service) SessionUser(ctx context.Context, tenant, kind, value string) (string, error) {
	peeker, ok := s.sessions.(SessionPeeker)
	if !ok || (kind != string(registerCeremony) && kind != string(signinCeremony)) {
		return "", nil
	}
	id, err := checkSessionValue(value)
	if err != nil {
		return "", nil // a malformed value ties the report to nobody
	}
	body, found, err := peeker.Peek(ctx, sessionKey(tenant, ceremony(kind), id))
	if err != nil || !found {
		return "", err
	}
	var st session
	if err := json.Unmarshal(body, &st); err != nil {
		return "", fmt.Errorf("decode session: %w", err)
	}
	if st.UserID != "" || len(st.Data.AllowedCredentialIDs) == 0 {
		return st.UserID, nil
	}
	cred, err := s.store.credential(ctx, tenant, st.Data.AllowedCredentialIDs[0])
	if err != nil || cred == nil {
		return "", err
	}
	return cred.UserID, nil
}

// Peek implements SessionPeeker.
func (m *MemorySessions) Peek(_ context.Context, key string) ([]byte, bool, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	e, ok := m.entries[key]
	if !ok || m.now().After(e.expires) {
		return nil, false, nil
	}
	return e.value, true, nil
}
