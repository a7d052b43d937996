package orgs

import (
	"context"
	"time"
)

// Session lifetimes: an idle session ends after IdleTimeout, any session
// after AbsoluteTimeout.
const (
	IdleTimeout     = 30 * time.Minute
	AbsoluteTimeout = 12 * time.Hour
	// touchEvery bounds the writes of last_seen_at to one a minute.
	touchEvery = time.Minute
)

// Session returns the admin and organization of session token, nil when
// there is none or it timed out (a timed-out session is deleted). Only
// the token's hash is stored.
func (s *Service) Session(ctx context.Context, token string) (*Admin, *Org, error) {
	hash := hashToken(token)
	row, err := s.store.session(ctx, hash)
	if err != nil || row == nil {
		return nil, nil, err
	}
	now := s.now()
	if now.Sub(row.LastSeenAt) >= IdleTimeout || now.Sub(row.CreatedAt) >= AbsoluteTimeout {
		return nil, nil, s.store.deleteSession(ctx, hash)
	}
	if now.Sub(row.LastSeenAt) >= touchEvery {
		if err := s.store.touchSession(ctx, hash, now); err != nil {
			return nil, nil, err
		}
	}
	admin, err := s.store.admin(ctx, row.AdminID)
	if err != nil || admin == nil {
		return nil, nil, err
	}
	org, err := s.store.org(ctx, admin.OrgID)
	if err != nil || org == nil {
		return nil, nil, err
	}
	return admin, org, nil
}

// StartSession signs adminID in and returns the new session token;
// oldToken, the browser's session before, is ended first, so a token
// planted before sign-in is never the one signed in (rotation).
func (s *Service) StartSession(ctx context.Context, oldToken, adminID string) (string, error) {
	if oldToken != "" {
		if err := s.store.deleteSession(ctx, hashToken(oldToken)); err != nil {
			return "", err
		}
	}
	token := randomToken(32)
	now := s.now()
	err := s.store.insertSession(ctx, &sessionRow{TokenHash: hashToken(token), AdminID: adminID,
		CreatedAt: now, LastSeenAt: now})
	return token, err
}

// EndSession signs session token out.
func (s *Service) EndSession(ctx context.Context, token string) error {
	return s.store.deleteSession(ctx, hashToken(token))
}

// UseSigninLink records the magic sign-in link tokenID (valid until
// expires) as used; false when it was used already: a verify token is not
// single-use by itself, the console makes its sign-in links so.
func (s *Service) UseSigninLink(ctx context.Context, tokenID string, expires time.Time) (bool, error) {
	return s.store.useLink(ctx, tokenID, expires, s.now())
}
