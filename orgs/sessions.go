package orgs

import (
	"context"
	"time"

	"passwordless/events"
	"passwordless/internal/randtoken"
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

// How an admin signs in, as the organization's log names it.
const (
	ByPasskey   = "a passkey"
	ByMagicLink = "a magic link"
	// BySignupLink: the owner who just created the organization through
	// the e-mailed sign-up link (their address verified by it).
	BySignupLink = "the sign-up link"
)

// StartSession signs adminID in (how: ByPasskey, ByMagicLink or BySignupLink) and
// returns the new session token; oldToken, the browser's session before,
// is ended first, so a token planted before sign-in is never the one
// signed in (rotation). The sign-in is in the organization's log, with
// the admin as the actor, in the transaction that starts the session.
func (s *Service) StartSession(ctx context.Context, oldToken, adminID, how string) (string, error) {
	admin, err := s.store.admin(ctx, adminID)
	if err != nil || admin == nil {
		return "", orElse(err, ErrNotAdmin)
	}
	token := randtoken.URL(32)
	now := s.now()
	ctx = events.WithActor(ctx, events.Actor{Name: admin.Email})
	err = s.store.inTx(ctx, func(ctx context.Context) error {
		if oldToken != "" {
			if err := s.store.deleteSession(ctx, hashToken(oldToken)); err != nil {
				return err
			}
		}
		err := s.store.insertSession(ctx, &sessionRow{TokenHash: hashToken(token), AdminID: adminID,
			CreatedAt: now, LastSeenAt: now})
		if err != nil {
			return err
		}
		return s.orgEvent(ctx, admin.OrgID, events.ConsoleAdminSignedIn, "Admin "+admin.Email+" signed in with "+how+".")
	})
	return token, err
}

// SigninFailed records in the organization's log that a sign-in of
// adminID (how: ByPasskey or ByMagicLink) was refused for reason. Only a
// refusal whose admin is known can be logged: an attempt that names no
// admin belongs to no organization. An id that is no admin's is ignored.
func (s *Service) SigninFailed(ctx context.Context, adminID, how, reason string) error {
	admin, err := s.store.admin(ctx, adminID)
	if err != nil || admin == nil {
		return err
	}
	return s.orgEvent(ctx, admin.OrgID, events.ConsoleAdminSigninFailed,
		"Sign-in of "+admin.Email+" with "+how+" refused: "+reason)
}

// EndSession signs session token out; the sign-out is in the
// organization's log, with the admin as the actor.
func (s *Service) EndSession(ctx context.Context, token string) error {
	hash := hashToken(token)
	row, err := s.store.session(ctx, hash)
	if err != nil || row == nil {
		return err
	}
	admin, err := s.store.admin(ctx, row.AdminID)
	if err != nil || admin == nil {
		return orElse(err, s.store.deleteSession(ctx, hash))
	}
	ctx = events.WithActor(ctx, events.Actor{Name: admin.Email})
	return s.store.inTx(ctx, func(ctx context.Context) error {
		if err := s.store.deleteSession(ctx, hash); err != nil {
			return err
		}
		return s.orgEvent(ctx, admin.OrgID, events.ConsoleAdminSignedOut, "Admin "+admin.Email+" signed out.")
	})
}

// UseSigninLink records the magic sign-in link tokenID (valid until
// expires) as used; false when it was used already: a verify token is not
// single-use by itself, the console makes its sign-in links so.
func (s *Service) UseSigninLink(ctx context.Context, tokenID string, expires time.Time) (bool, error) {
	return s.store.useLink(ctx, tokenID, expires, s.now())
}
