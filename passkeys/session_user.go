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

// SessionOwner resolves a session value of tenant's ceremony ("register"
// or "signin") without consuming it (failure reports name it; the ceremony
// may still complete). live is true when the value names a ceremony of this
// tenant that has not completed or expired; userID is the user it is for,
// "" for a discoverable (usernameless, conditional UI) sign-in, whose user
// is not known until the assertion or, after a fallback, until the
// tenant's backend names them. A malformed value is not live, never an
// error.
func (s *Service) SessionOwner(ctx context.Context, tenant, kind, value string) (userID string, live bool, err error) {
	peeker, ok := s.sessions.(SessionPeeker)
	if !ok || (kind != string(registerCeremony) && kind != string(signinCeremony)) {
		return "", false, nil
	}
	id, err := checkSessionValue(value)
	if err != nil {
		return "", false, nil // a malformed value ties the report to nobody
	}
	body, found, err := peeker.Peek(ctx, sessionKey(tenant, ceremony(kind), id))
	if err != nil || !found {
		return "", false, err
	}
	var st session
	if err := json.Unmarshal(body, &st); err != nil {
		return "", false, fmt.Errorf("decode session: %w", err)
	}
	if s.now().After(st.ExpiresAt) {
		return "", false, nil
	}
	if st.UserID != "" || len(st.Data.AllowedCredentialIDs) == 0 {
		return st.UserID, true, nil
	}
	cred, err := s.store.credential(ctx, tenant, st.Data.AllowedCredentialIDs[0])
	if err != nil || cred == nil {
		return "", true, err // an alias without passkeys gets decoys: nobody's
	}
	return cred.UserID, true, nil
}

// SessionUser is SessionOwner's user: "" when the value names no live
// session of this tenant, or a discoverable sign-in.
func (s *Service) SessionUser(ctx context.Context, tenant, kind, value string) (string, error) {
	userID, _, err := s.SessionOwner(ctx, tenant, kind, value)
	return userID, err
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
