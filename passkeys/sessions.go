package passkeys

import (
	"bytes"
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"strings"
	"sync"
	"time"

	"github.com/go-webauthn/webauthn/webauthn"

	"passwordless/problems"
	"passwordless/storage"
)

// SessionPrefix starts every ceremony session value.
const SessionPrefix = "session_"

// Ceremony lifetimes. The browser gets CeremonyTimeout as a hint; the
// session stays usable SessionMargin longer (clock skew, slow networks)
// and is kept sessionGrace more so that a late complete hears
// session_expired rather than session_not_found.
const (
	CeremonyTimeout = 60 * time.Second
	SessionMargin   = 60 * time.Second
	sessionGrace    = 10 * time.Minute
)

// SessionStore holds ceremony sessions. Take must be atomic: of two
// concurrent Takes of one key, at most one gets the value.
type SessionStore interface {
	Put(ctx context.Context, key string, value []byte, ttl time.Duration) error
	// Take returns and removes the value; ok is false when there is none.
	Take(ctx context.Context, key string) (value []byte, ok bool, err error)
}

// ceremony tells register and sign-in sessions apart; it is part of the
// key, so a session of one kind is unknown to the other's complete call.
type ceremony string

const (
	registerCeremony ceremony = "register"
	signinCeremony   ceremony = "signin"
)

// session is the server-side state of one ceremony.
type session struct {
	Data      webauthn.SessionData `json:"data"`
	ExpiresAt time.Time            `json:"expiresAt"`
	// Registration.
	UserID          string   `json:"userId,omitempty"`
	Aliases         []string `json:"aliases,omitempty"`
	AliasHashing    bool     `json:"aliasHashing,omitempty"`
	AttestationNone bool     `json:"attestationNone,omitempty"`
	// Sign-in: the purpose and what its configuration decided.
	Purpose       string        `json:"purpose,omitempty"`
	PurposeStored bool          `json:"purposeStored,omitempty"`
	TokenTTL      time.Duration `json:"tokenTtl,omitempty"`
	// ReportHash is the SHA-256 of the report nonce the begin call answered:
	// a failure report of this ceremony counts only from the client that
	// holds the nonce (SessionOwner).
	ReportHash []byte `json:"reportHash,omitempty"`
	// Offered are the AAGUIDs of the passkeys a sign-in offered, when every
	// one of them names its model: the provider its success-rate segment
	// counts the ceremony under before it completes (package diagnostics).
	Offered []string `json:"offered,omitempty"`
}

// begunAt is when the ceremony began: its expiry is set from then.
func (st *session) begunAt() time.Time {
	if st.ExpiresAt.IsZero() {
		return time.Time{}
	}
	return st.ExpiresAt.Add(-(CeremonyTimeout + SessionMargin))
}

func sessionKey(tenant string, kind ceremony, id string) string {
	return "passkeys:session:" + tenant + ":" + string(kind) + ":" + id
}

// saveSession stores st and returns the session_ value naming it and the
// ceremony's report nonce (only its hash is stored).
func (s *Service) saveSession(ctx context.Context, tenant string, kind ceremony, st *session) (string, string, error) {
	raw := make([]byte, 32+reportNonceBytes)
	if _, err := rand.Read(raw); err != nil {
		return "", "", err
	}
	id := base64.RawURLEncoding.EncodeToString(raw[:32])
	nonce := base64.RawURLEncoding.EncodeToString(raw[32:])
	sum := sha256.Sum256([]byte(nonce))
	st.ReportHash = sum[:]
	st.ExpiresAt = s.now().Add(CeremonyTimeout + SessionMargin).UTC()
	body, err := json.Marshal(st)
	if err != nil {
		return "", "", fmt.Errorf("encode session: %w", err)
	}
	if err := s.sessions.Put(ctx, sessionKey(tenant, kind, id), body, CeremonyTimeout+SessionMargin+sessionGrace); err != nil {
		return "", "", fmt.Errorf("store session: %w", err)
	}
	return SessionPrefix + id, nonce, nil
}

// reportNonceBytes is the size of a report nonce before encoding.
const reportNonceBytes = 16

// checkSessionValue refuses a session value that cannot name a session,
// without consuming anything.
func checkSessionValue(value string) (string, error) {
	if value == "" {
		return "", problems.Titled(problems.MissingToken,
			"This operation requires a token that starts with '%s' to be passed.", SessionPrefix)
	}
	if len(value) < len(SessionPrefix) || !strings.EqualFold(value[:len(SessionPrefix)], SessionPrefix) {
		head := []rune(value)
		if len(head) > 10 {
			head = head[:10]
		}
		return "", problems.Titled(problems.InvalidToken,
			"The token you sent was not correct. The token used for this endpoint should start with '%s'. "+
				"Make sure you are not sending the wrong value. The value you sent started with '%s'",
			SessionPrefix, string(head))
	}
	id := value[len(SessionPrefix):]
	if raw, err := base64.RawURLEncoding.DecodeString(id); err != nil || len(raw) != 32 {
		return "", problems.Titled(problems.InvalidTokenFormat,
			"The token you supplied was not formatted correctly. It should be valid base64url.")
	}
	return id, nil
}

// takeSession consumes the session named by id: a second take of the same
// session, like an unknown one, is session_not_found.
func (s *Service) takeSession(ctx context.Context, tenant string, kind ceremony, id string) (*session, error) {
	body, ok, err := s.sessions.Take(ctx, sessionKey(tenant, kind, id))
	if err != nil {
		return nil, problems.Unavailable(fmt.Errorf("take session: %w", err))
	}
	if !ok {
		return nil, problems.New(problems.SessionNotFound)
	}
	var st session
	if err := json.Unmarshal(body, &st); err != nil {
		return nil, fmt.Errorf("decode session: %w", err)
	}
	if s.now().After(st.ExpiresAt) {
		return nil, problems.New(problems.SessionExpired)
	}
	return &st, nil
}

// MemorySessions is the in-process SessionStore of a single instance.
// Entries expire by the clock it is given; expired ones are swept at most
// once a minute, on writes.
type MemorySessions struct {
	now       func() time.Time
	mu        sync.Mutex
	entries   map[string]memoryEntry
	lastSweep time.Time
}

type memoryEntry struct {
	value   []byte
	expires time.Time
}

// NewMemorySessions returns an empty store using clock now.
func NewMemorySessions(now func() time.Time) *MemorySessions {
	if now == nil {
		now = time.Now
	}
	return &MemorySessions{now: now, entries: map[string]memoryEntry{}}
}

// Put implements SessionStore.
func (m *MemorySessions) Put(_ context.Context, key string, value []byte, ttl time.Duration) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	now := m.now()
	if now.Sub(m.lastSweep) > time.Minute {
		for k, e := range m.entries {
			if now.After(e.expires) {
				delete(m.entries, k)
			}
		}
		m.lastSweep = now
	}
	m.entries[key] = memoryEntry{value: value, expires: now.Add(ttl)}
	return nil
}

// Take implements SessionStore.
func (m *MemorySessions) Take(_ context.Context, key string) ([]byte, bool, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	e, ok := m.entries[key]
	if !ok {
		return nil, false, nil
	}
	delete(m.entries, key)
	if m.now().After(e.expires) {
		return nil, false, nil
	}
	return e.value, true, nil
}

// retryable returns err, first putting the taken session st back when err
// is a storage outage: nothing of the ceremony was stored, so the client
// may retry the same complete instead of starting over (issue 16 repro 1).
// A verification failure never restores a session.
func (s *Service) retryable(ctx context.Context, tenant string, kind ceremony, id string, st *session, err error) error {
	if !storage.IsUnavailable(err) {
		return err
	}
	ttl := st.ExpiresAt.Sub(s.now())
	body, merr := json.Marshal(st)
	if ttl <= 0 || merr != nil {
		return err
	}
	// The request's own context may be what ran out.
	pctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), time.Second)
	defer cancel()
	_ = s.sessions.Put(pctx, sessionKey(tenant, kind, id), body, ttl)
	return err
}

// sameCredential reports whether c is already stored, for the same user
// with the same public key: a retried complete whose first attempt was
// stored although its client saw a storage error (the insert went through
// after the request had given up). The retry then succeeds like the first
// attempt would have.
func (s *Service) sameCredential(ctx context.Context, c Credential) bool {
	stored, err := s.store.credential(ctx, c.Tenant, c.ID)
	return err == nil && stored != nil && stored.UserID == c.UserID && bytes.Equal(stored.PublicKey, c.PublicKey)
}
