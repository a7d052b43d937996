package console

import (
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"

	"passwordless/events"
)

// actor names the console itself in the event log of its own application.
var actor = events.Actor{Name: "Console"}

// mac is the unpadded base64url HMAC of value under the console's key, in
// a domain (CSRF tokens of sessions and of the pre-sign-in cookie) so one
// is never valid as the other.
func (c *Console) mac(domain, value string) string {
	m := hmac.New(sha256.New, c.key)
	m.Write([]byte(domain + "\x00" + value))
	return base64.RawURLEncoding.EncodeToString(m.Sum(nil))
}

// randomToken returns n random bytes, base64url.
func randomToken(n int) string {
	b := make([]byte, n)
	_, _ = rand.Read(b) // crypto/rand.Read never fails (Go 1.24+)
	return base64.RawURLEncoding.EncodeToString(b)
}
