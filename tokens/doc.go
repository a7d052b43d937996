// Package tokens issues and checks the register_ and verify_ tokens of the
// public API.
//
// A token is a prefix and an HS256 JWT. The claims bind the token kind
// (register or verify), the tenant, an id, the expiry and the payload under
// one MAC, so a token can never pass as another kind or for another tenant:
// upstream's MessagePack envelope leaves the prefix and the type outside its
// MAC. The JWT header's kid names one of the tenant's signing keys. Each key
// is 32 random bytes stored in the database and combined with the server's
// TOKEN_SECRET through HKDF before use, so a copy of the database alone
// cannot mint tokens. The newest key signs; a new one is made when it is
// older than seven days, and keys older than thirty days are refused and
// deleted, so every token dies within about 37 days whatever its expiry says.
//
// Tokens are signed, not encrypted: anyone holding one can read its payload.
// They are not single-use (upstream's contract); ceremony sessions are, and
// live in package passkeys.
package tokens
