package tenants

import (
	"bytes"
	"context"
	"crypto/pbkdf2"
	"crypto/sha256"
	"crypto/sha512"
	"crypto/subtle"
	"encoding/base64"
	"errors"
	"strings"
)

// Passwordless.dev stores a secret as base64(salt) ":" base64(hash), where
// hash is PBKDF2-HMAC-SHA512 of the full secret, 10 000 iterations, 16
// bytes (its ApiKeyUtils.HashPrivateApiKey). We cannot turn that into our
// SHA-256 without the secret, so an imported secret keeps upstream's hash,
// marked by legacyPrefix in SecretHash (a SHA-256 is 32 raw bytes and never
// starts with it), and is checked the slow way.
const (
	legacyPrefix     = "pbkdf2-sha512:"
	legacyIterations = 10000
	legacyKeyLength  = 16
)

// errLegacyHash is an upstream secret hash we cannot read.
var errLegacyHash = errors.New("tenants: not a Passwordless.dev secret hash (base64 salt ':' base64 hash)")

// ImportedSecret is the stored form of a Passwordless.dev secret hash, so
// the same secret keeps authenticating after an import.
func ImportedSecret(tenant, id string, upstreamHash string, scopes []string) (*APIKey, error) {
	if _, _, ok := parseLegacy([]byte(legacyPrefix + upstreamHash)); !ok {
		return nil, errLegacyHash
	}
	return &APIKey{Tenant: tenant, ID: id, Kind: Secret, SecretHash: []byte(legacyPrefix + upstreamHash), Scopes: scopes}, nil
}

// isLegacy reports whether a stored secret hash is an imported one.
func isLegacy(stored []byte) bool { return bytes.HasPrefix(stored, []byte(legacyPrefix)) }

func parseLegacy(stored []byte) (salt, hash []byte, ok bool) {
	rest, found := strings.CutPrefix(string(stored), legacyPrefix)
	b64Salt, b64Hash, sep := strings.Cut(rest, ":")
	if !found || !sep {
		return nil, nil, false
	}
	salt, err1 := base64.StdEncoding.DecodeString(b64Salt)
	hash, err2 := base64.StdEncoding.DecodeString(b64Hash)
	if err1 != nil || err2 != nil || len(salt) == 0 || len(hash) != legacyKeyLength {
		return nil, nil, false
	}
	return salt, hash, true
}

// matchesLegacy checks value against an imported hash in constant time;
// a malformed hash matches nothing, as upstream's check.
func matchesLegacy(stored []byte, value string) bool {
	salt, hash, ok := parseLegacy(stored)
	if !ok {
		return false
	}
	got, err := pbkdf2.Key(sha512.New, value, salt, legacyIterations, legacyKeyLength)
	return err == nil && subtle.ConstantTimeCompare(got, hash) == 1
}

// upgradeLegacy rehashes an imported secret that has just matched value
// with our SHA-256, so that PBKDF2 (tens of milliseconds) is paid once,
// not on every request. A failure only leaves the slow check in place.
func (s *Service) upgradeLegacy(ctx context.Context, key *APIKey, value string) {
	sum := sha256.Sum256([]byte(value))
	done, err := s.store.upgradeSecret(ctx, key.Tenant, key.ID, key.SecretHash, sum[:])
	if err != nil {
		s.log.WarnContext(ctx, "tenants: could not upgrade an imported secret's hash", "tenant", key.Tenant, "keyId", key.ID, "error", err)
		return
	}
	if done {
		s.changed(ctx, key.Tenant)
	}
}
