package console

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"time"

	"passwordless/quota"
)

// keysViewedEvery is how often one admin session's views of one
// application's keys page are logged.
var keysViewedEvery = quota.Rate{Limit: 1, Period: time.Hour}

// keysViewed records AdminApiKeysEnumerated for the keys page of app at
// most once per admin session, application and hour.
//
// Why not on every view: the page shows no secret (a secret key's value is
// shown once, when it is created; the page lists its id and the public
// keys, which are public), and the application page is where admins land,
// so one event per view buried the log under rows that told nothing new.
// Why not never: who looked at an application's keys, and when, is still
// worth an audit row, and once per session and hour keeps that answer
// ("this admin viewed the keys in this session, around this time"). The
// count is the rate limiter's (shared by every instance when Redis is
// configured); without one, or when it cannot be reached, every view is
// logged: the audit errs on the side of writing. The management API's GET
// /admin/apps/{appId}/keys still logs every call, as upstream does.
func (c *Console) keysViewed(ctx context.Context, s *signedIn, app string) error {
	if c.limiter != nil {
		session := sha256.Sum256([]byte(s.token))
		d, err := c.limiter.Sliding(ctx, "console-keys-viewed:"+hex.EncodeToString(session[:16])+":"+app, keysViewedEvery)
		if err == nil && !d.Allowed {
			return nil
		}
	}
	return c.o.Tenants.KeysEnumerated(ctx, app)
}
