package console

import (
	"context"
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"strconv"
	"strings"
	"time"

	"passwordless/events"
	"passwordless/tenants"
)

// SetupLinkTTL is how long a setup link can be used.
const SetupLinkTTL = time.Hour

// actor names the console itself in the event log of its own application.
var actor = events.Actor{Name: "Console"}

// ensureApp returns the console's application, creating it (with a random
// id, so it never takes a name a tenant wants) on first start. Its API keys
// are locked at once: the console calls the services in-process and needs
// none, so nothing can use its tenant over HTTP. Two instances starting at
// once both try; the loser reads the winner's.
func (c *Console) ensureApp(ctx context.Context) (string, error) {
	id, err := c.store.consoleApp(ctx)
	if err != nil || id != "" {
		return id, err
	}
	id = "console" + randomLower(10)
	err = c.store.inTx(events.WithActor(ctx, actor), func(ctx context.Context) error {
		if _, err := c.o.Tenants.Create(ctx, id, tenants.CreateOptions{EventLoggingEnabled: true}); err != nil {
			return err
		}
		if err := c.o.Tenants.Freeze(ctx, id); err != nil {
			return err
		}
		return c.store.setConsoleApp(ctx, id, c.o.Now().UTC())
	})
	if err != nil {
		if other, err2 := c.store.consoleApp(ctx); err2 == nil && other != "" {
			return other, nil
		}
		return "", err
	}
	return id, nil
}

// SetupLink stores and returns a fresh one-time setup link: it creates an
// organization and its owner, once, within SetupLinkTTL.
func (c *Console) SetupLink(ctx context.Context) (string, error) {
	now := c.o.Now().UTC()
	row := &setupLinkRow{ID: randomToken(16), ExpiresAt: now.Add(SetupLinkTTL), CreatedAt: now}
	if err := c.store.insertSetupLink(ctx, row); err != nil {
		return "", err
	}
	return strings.TrimRight(c.o.PublicURL, "/") + "/console/setup?token=" + c.signLink("setup", row.ID, row.ExpiresAt), nil
}

// signLink is id.expiry.mac in domain (setup links, invitations): the link
// is checked before any lookup, and its row makes it single-use.
func (c *Console) signLink(domain, id string, exp time.Time) string {
	payload := id + "." + strconv.FormatInt(exp.Unix(), 10)
	return payload + "." + c.mac(domain, payload)
}

// linkID is the id of a link token signed in domain and not expired; ""
// otherwise.
func (c *Console) linkID(domain, token string) string {
	parts := strings.Split(token, ".")
	if len(parts) != 3 || !hmac.Equal([]byte(parts[2]), []byte(c.mac(domain, parts[0]+"."+parts[1]))) {
		return ""
	}
	exp, err := strconv.ParseInt(parts[1], 10, 64)
	if err != nil || !c.o.Now().Before(time.Unix(exp, 0)) {
		return ""
	}
	return parts[0]
}

// openSetupLink returns the link's row when token is a valid, unexpired,
// unused link; nil otherwise.
func (c *Console) openSetupLink(ctx context.Context, token string) (*setupLinkRow, error) {
	id := c.linkID("setup", token)
	if id == "" {
		return nil, nil
	}
	return c.store.openSetupLink(ctx, id, c.o.Now().UTC())
}

// mac is the unpadded base64url HMAC of value under the console's key, in
// a domain (setup links, CSRF tokens) so one is never valid as the other.
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

// randomLower returns n random lowercase letters and digits.
func randomLower(n int) string {
	const alphabet = "abcdefghijklmnopqrstuvwxyz0123456789"
	b := make([]byte, n)
	_, _ = rand.Read(b)
	for i := range b {
		b[i] = alphabet[int(b[i])%len(alphabet)]
	}
	return string(b)
}

func hashToken(token string) []byte {
	h := sha256.Sum256([]byte(token))
	return h[:]
}
