// Package randtoken makes the random and signed values the service hands
// out (session and CSRF tokens, link ids, trace ids), so each kind is made
// one way: crypto/rand for randomness, HMAC-SHA-256 in a named domain for
// signatures, so a value signed for one use is never valid for another.
package randtoken

import (
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
)

// URL returns n random bytes as unpadded base64url.
func URL(n int) string {
	return base64.RawURLEncoding.EncodeToString(Bytes(n))
}

// Hex returns n random bytes as lowercase hex (trace ids).
func Hex(n int) string {
	return hex.EncodeToString(Bytes(n))
}

// Bytes returns n random bytes.
func Bytes(n int) []byte {
	b := make([]byte, n)
	_, _ = rand.Read(b) // crypto/rand.Read never fails (Go 1.24+)
	return b
}

// MAC is the unpadded base64url HMAC-SHA-256 of value under key, in
// domain: the domain and the value are separated by a NUL, which neither
// holds, so no (domain, value) pair signs like another.
func MAC(key []byte, domain, value string) string {
	m := hmac.New(sha256.New, key)
	m.Write([]byte(domain + "\x00" + value))
	return base64.RawURLEncoding.EncodeToString(m.Sum(nil))
}

// Equal compares two signatures in constant time.
func Equal(a, b string) bool {
	return hmac.Equal([]byte(a), []byte(b))
}
