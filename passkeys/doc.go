// Package passkeys runs the WebAuthn ceremonies of the public API over
// go-webauthn and owns what they create: credentials (passkeys), aliases,
// the users they imply, and authentication configurations ("purposes").
//
// There is no users table: a user exists through its credentials and
// aliases, as upstream. Every row carries the tenant (the application id)
// and every query filters on it.
//
// Ceremony state lives server-side, named by an opaque `session_` value
// that the begin call returns and the complete call consumes exactly once
// (Redis with REDIS_URL, process memory otherwise); upstream instead signs
// the whole state into the session token and never expires or consumes it.
//
// Relying-party id and origin come from each request (`RPID`, `Origin`),
// because one deployment serves many tenants and each tenant many sites;
// a go-webauthn configuration is built per ceremony for them.
package passkeys
