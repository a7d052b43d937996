package orgs

import (
	"context"
	"crypto/sha256"
	"strconv"
	"strings"
	"time"

	"passwordless/internal/randtoken"
)

// Setup and invitation links are id.expiry.mac, signed in a domain
// ("setup", "invite") with the console's key: a link is checked before any
// lookup, and its row makes it single-use.

// SetupLinkTTL is how long a setup link can be used.
const SetupLinkTTL = time.Hour

// SetupLink stores and returns a fresh one-time setup link: it creates an
// organization and its owner, once, within SetupLinkTTL.
func (s *Service) SetupLink(ctx context.Context) (string, error) {
	now := s.now()
	row := &setupLinkRow{ID: randtoken.URL(16), ExpiresAt: now.Add(SetupLinkTTL), CreatedAt: now}
	if err := s.store.insertSetupLink(ctx, row); err != nil {
		return "", err
	}
	return s.o.PublicURL + "/console/setup?token=" + s.signLink("setup", row.ID, row.ExpiresAt), nil
}

func (s *Service) signLink(domain, id string, exp time.Time) string {
	payload := id + "." + strconv.FormatInt(exp.Unix(), 10)
	return payload + "." + s.mac(domain, payload)
}

// linkID is the id of a link token signed in domain and not expired; ""
// otherwise.
func (s *Service) linkID(domain, token string) string {
	parts := strings.Split(token, ".")
	if len(parts) != 3 || !randtoken.Equal(parts[2], s.mac(domain, parts[0]+"."+parts[1])) {
		return ""
	}
	exp, err := strconv.ParseInt(parts[1], 10, 64)
	if err != nil || !s.o.Now().Before(time.Unix(exp, 0)) {
		return ""
	}
	return parts[0]
}

// mac is the unpadded base64url HMAC of value under the console's key, in
// a domain, so a value signed for one use is never valid for another.
func (s *Service) mac(domain, value string) string { return randtoken.MAC(s.key, domain, value) }

// randomLower returns n random lowercase letters and digits.
func randomLower(n int) string {
	const alphabet = "abcdefghijklmnopqrstuvwxyz0123456789"
	b := randtoken.Bytes(n)
	for i := range b {
		b[i] = alphabet[int(b[i])%len(alphabet)]
	}
	return string(b)
}

func hashToken(token string) []byte {
	h := sha256.Sum256([]byte(token))
	return h[:]
}
