package webhooks

import (
	"crypto/aes"
	"crypto/cipher"
	"crypto/hkdf"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"errors"
	"fmt"
	"strings"
)

// secretPrefix starts every signing secret (Standard Webhooks).
const secretPrefix = "whsec_"

// newSecret returns a fresh signing secret: whsec_ and 32 random bytes in
// base64.
func newSecret() string {
	return secretPrefix + base64.StdEncoding.EncodeToString([]byte(randomBytes(32)))
}

func randomBytes(n int) string {
	b := make([]byte, n)
	_, _ = rand.Read(b) // never fails (crypto/rand)
	return string(b)
}

// secretKey is the HMAC key a whsec_ secret stands for.
func secretKey(secret string) ([]byte, error) {
	return base64.StdEncoding.DecodeString(strings.TrimPrefix(secret, secretPrefix))
}

// sealer encrypts the signing secrets at rest. A signing key must be
// readable to sign, so unlike API keys it cannot be kept as a hash: it is
// stored AES-256-GCM encrypted under a key derived (HKDF-SHA256) from
// TOKEN_SECRET, which never enters the database. A database dump alone
// does not reveal a secret.
type sealer struct{ aead cipher.AEAD }

func newSealer(tokenSecret []byte) (*sealer, error) {
	if len(tokenSecret) == 0 {
		return nil, errors.New("webhooks: a token secret is required to protect signing secrets")
	}
	key, err := hkdf.Key(sha256.New, tokenSecret, nil, "passwordless webhooks signing secrets v1", 32)
	if err != nil {
		return nil, err
	}
	block, err := aes.NewCipher(key)
	if err != nil {
		return nil, err
	}
	aead, err := cipher.NewGCM(block)
	if err != nil {
		return nil, err
	}
	return &sealer{aead: aead}, nil
}

// seal encrypts secret for the endpoint id of tenant (bound as additional
// data, so a ciphertext copied to another endpoint does not open).
func (s *sealer) seal(tenant, id, secret string) string {
	nonce := []byte(randomBytes(s.aead.NonceSize()))
	out := s.aead.Seal(nonce, nonce, []byte(secret), []byte(tenant+"\x00"+id))
	return base64.StdEncoding.EncodeToString(out)
}

// errSecretUnreadable is a sealed secret that does not open: TOKEN_SECRET
// changed since it was sealed. Rotating the endpoint's secret repairs it.
var errSecretUnreadable = errors.New("webhooks: signing secret unreadable (was TOKEN_SECRET changed?)")

// open decrypts what seal returned.
func (s *sealer) open(tenant, id, sealed string) (string, error) {
	raw, err := base64.StdEncoding.DecodeString(sealed)
	if err != nil || len(raw) < s.aead.NonceSize() {
		return "", fmt.Errorf("%w: endpoint %s, malformed", errSecretUnreadable, id)
	}
	n := s.aead.NonceSize()
	plain, err := s.aead.Open(nil, raw[:n], raw[n:], []byte(tenant+"\x00"+id))
	if err != nil {
		return "", fmt.Errorf("%w: endpoint %s", errSecretUnreadable, id)
	}
	return string(plain), nil
}
