package passkeys

import (
	"crypto/hmac"
	"crypto/sha256"
)

// decoyLengths are credential id lengths seen from real authenticators
// (platform authenticators 16-32 bytes, security keys 64); a decoy takes
// one of them, chosen by the alias.
var decoyLengths = []int{16, 20, 32, 64}

// decoyCredentials stand in for the passkeys of an alias nobody holds, so
// that /signin/begin answers an unknown alias with the same shape as a
// known one (issue 16 repro 13: an empty allowCredentials told which
// aliases exist). The ids are derived from a server secret, so the same
// alias always gets the same decoy and nobody can tell it from a real id.
// No authenticator holds them; a complete with any credential fails as for
// any unknown passkey.
func (s *Service) decoyCredentials(tenant, alias string) []Credential {
	if len(s.decoySecret) == 0 {
		return nil
	}
	block := func(n byte) []byte {
		mac := hmac.New(sha256.New, s.decoySecret)
		mac.Write([]byte{n})
		mac.Write([]byte(tenant))
		mac.Write([]byte{0})
		mac.Write([]byte(alias))
		return mac.Sum(nil)
	}
	seed := block(0)
	id := append(block(1), block(2)...)[:decoyLengths[int(seed[0])%len(decoyLengths)]]
	return []Credential{{Tenant: tenant, ID: id, UserHandle: seed[:16]}}
}
