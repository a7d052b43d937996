package console

import (
	"passwordless/events"
	"passwordless/internal/randtoken"
)

// actor names the console itself in the event log of its own application.
var actor = events.Actor{Name: "Console"}

// mac is the unpadded base64url HMAC of value under the console's key, in
// a domain (CSRF tokens of sessions and of the pre-sign-in cookie) so one
// is never valid as the other.
func (c *Console) mac(domain, value string) string { return randtoken.MAC(c.key, domain, value) }
