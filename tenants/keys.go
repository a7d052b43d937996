package tenants

import (
	"crypto/rand"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/hex"
	"sort"
	"strings"
	"time"
)

// KeyKind tells public keys (browsers) from secrets (backends). The numbers
// are the management API's `type` values.
type KeyKind int

// Key kinds.
const (
	Public KeyKind = 1
	Secret KeyKind = 2
)

func (k KeyKind) infix() string {
	if k == Secret {
		return ":secret:"
	}
	return ":public:"
}

// Scopes of public keys and secrets (spec §1.2).
const (
	ScopeRegister      = "register"
	ScopeLogin         = "login"
	ScopeTokenRegister = "token_register"
	ScopeTokenVerify   = "token_verify"
)

// publicScopes and secretScopes map the management API's numeric scope
// values to names, in upstream's enum order.
var (
	publicScopes = []string{ScopeRegister, ScopeLogin}
	secretScopes = []string{ScopeTokenRegister, ScopeTokenVerify}
)

// ScopeNames turns numeric scopes of kind into names; ok is false for an
// unknown number.
func ScopeNames(kind KeyKind, nums []int) (names []string, ok bool) {
	table := publicScopes
	if kind == Secret {
		table = secretScopes
	}
	seen := map[string]bool{}
	for _, n := range nums {
		if n < 0 || n >= len(table) {
			return nil, false
		}
		if !seen[table[n]] {
			seen[table[n]] = true
			names = append(names, table[n])
		}
	}
	sort.Strings(names)
	return names, true
}

// APIKey is a stored key. Secrets are kept only as a SHA-256 hash: they are
// 128 random bits, so a fast hash is not brute-forceable and lets every
// instance check a key without a slow KDF on the hot path.
type APIKey struct {
	Tenant         string
	ID             string // last 4 characters of the key
	Kind           KeyKind
	PublicValue    string // the full key, public keys only
	SecretHash     []byte // SHA-256 of the full key, secrets only
	Scopes         []string
	IsLocked       bool
	LastLockedAt   *time.Time
	LastUnlockedAt *time.Time
	CreatedAt      time.Time
}

// HasScope reports whether the key carries scope.
func (k *APIKey) HasScope(scope string) bool {
	for _, s := range k.Scopes {
		if s == scope {
			return true
		}
	}
	return false
}

// Matches compares value with the stored key in constant time.
func (k *APIKey) Matches(value string) bool {
	if k.Kind == Secret && isLegacy(k.SecretHash) {
		return matchesLegacy(k.SecretHash, value)
	}
	if k.Kind == Secret {
		sum := sha256.Sum256([]byte(value))
		return subtle.ConstantTimeCompare(sum[:], k.SecretHash) == 1
	}
	return subtle.ConstantTimeCompare([]byte(value), []byte(k.PublicValue)) == 1
}

// Display is the key as the management list shows it: public keys in full,
// secrets masked to the app id and the last four characters.
func (k *APIKey) Display() string {
	if k.Kind == Public {
		return k.PublicValue
	}
	return k.Tenant + ":secret:" + strings.Repeat("*", 28) + k.ID
}

// newKeyValue generates `<appId>:public:<32 hex>` or `<appId>:secret:<32 hex>`.
func newKeyValue(appID string, kind KeyKind) string {
	b := make([]byte, 16)
	if _, err := rand.Read(b); err != nil {
		panic(err) // crypto/rand never fails on supported platforms
	}
	return appID + kind.infix() + hex.EncodeToString(b)
}

// newAPIKey builds the stored form of a freshly generated key value.
func newAPIKey(appID string, kind KeyKind, value string, scopes []string, now time.Time) *APIKey {
	k := &APIKey{Tenant: appID, ID: KeyID(value), Kind: kind, Scopes: scopes, CreatedAt: now}
	if kind == Secret {
		sum := sha256.Sum256([]byte(value))
		k.SecretHash = sum[:]
	} else {
		k.PublicValue = value
	}
	return k
}

// ParseAppID returns the application id of a key value: everything before
// the first colon. ok is false when there is no colon.
func ParseAppID(value string) (string, bool) {
	i := strings.IndexByte(value, ':')
	if i <= 0 {
		return "", false
	}
	return value[:i], true
}

// KeyID is the id of a key value: its last four characters.
func KeyID(value string) string {
	if len(value) < 4 {
		return value
	}
	return value[len(value)-4:]
}
