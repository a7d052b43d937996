package passkeys

import (
	"context"
	"crypto/sha256"
	"crypto/subtle"
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
// error; nor is a session whose report nonce (of its begin answer) is not
// nonce: only the client that began the ceremony may report on it.
func (s *Service) SessionOwner(ctx context.Context, tenant, kind, value, nonce string) (userID string, live bool, err error) {
	peeker, ok := s.sessions.(SessionPeeker)
	if !ok || (kind != string(registerCeremony) && kind != string(signinCeremony)) {
		return "", false, nil
	}
	id, err := checkSessionValue(value)
	if err != nil {
		return "", false, nil // a malformed value ties the report to nobody
	}
	body, found, err := peeker.Peek(ctx, sessionKey(tenant, ceremony(kind), id))
	failed := false
	if err == nil && !found {
		body, found, err = peeker.Peek(ctx, failedKey(tenant, ceremony(kind), id))
		failed = found
	}
	if err != nil || !found {
		return "", false, err
	}
	var st session
	if err := json.Unmarshal(body, &st); err != nil {
		return "", false, fmt.Errorf("decode session: %w", err)
	}
	sum := sha256.Sum256([]byte(nonce))
	if (!failed && s.now().After(st.ExpiresAt)) || len(st.ReportHash) == 0 || subtle.ConstantTimeCompare(sum[:], st.ReportHash) != 1 {
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

// failedKey names a sign-in session whose complete call failed with
// unknown_credential: the complete consumed it, but the client's report
// of that failure ("a passkey the server deleted", which heals) still
// needs to name the ceremony.
func failedKey(tenant string, kind ceremony, id string) string {
	return "passkeys:failed:" + tenant + ":" + string(kind) + ":" + id
}

// keepFailed keeps st readable by SessionOwner (never completable) for
// sessionGrace after its complete failed. Best effort: the failure itself
// is what the client is answered.
func (s *Service) keepFailed(ctx context.Context, tenant string, kind ceremony, id string, st *session) {
	body, err := json.Marshal(st)
	if err != nil {
		return
	}
	_ = s.sessions.Put(ctx, failedKey(tenant, kind, id), body, sessionGrace)
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
