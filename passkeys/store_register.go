package passkeys

import (
	"context"
	"errors"
	"fmt"
	"time"

	"gorm.io/gorm"

	"passwordless/events"
	"passwordless/storage"
)

// errLimit is the per-user passkey limit, met inside the transaction.
var errLimit = errors.New("passkeys: per-user passkey limit reached")

// errMaxUsers is the application's user cap, met inside the transaction.
var errMaxUsers = errors.New("passkeys: application user limit reached")

// limits are the plan caps a registration must respect; nil is none.
type limits struct {
	perUser, users *int64
}

// register stores a new credential, counts its user in when it is the
// user's first passkey (and says so in the events.Facts of ctx, for the
// webhooks' user.created) and, when aliases is non-nil, replaces the user's
// aliases, atomically. The work is serialised per user (lockUser) and,
// when the application caps its users, per application first (lockUsers),
// so concurrent registrations can neither overshoot a limit (issue 16
// repro 6: eight completes past maxUsers = 3 made eight users), count the
// user twice nor deadlock on aliases.
func (s *store) register(ctx context.Context, c Credential, aliases []Alias, lim limits, now time.Time) error {
	err := storage.Tx(ctx, s.db, func(tx *gorm.DB) error {
		if lim.users != nil {
			if err := lockUsers(tx, c.Tenant); err != nil {
				return err
			}
		}
		if err := lockUser(tx, c.Tenant, c.UserID); err != nil {
			return err
		}
		if err := checkLimits(tx, c, lim); err != nil {
			return err
		}
		r := rowOf(c)
		if err := tx.Create(&r).Error; err != nil {
			if storage.IsDuplicate(err) {
				return errDuplicate
			}
			return err
		}
		first, err := countInIfFirst(tx, c.Tenant, c.UserID)
		if err != nil {
			return err
		}
		if f := events.FactsFrom(ctx); f != nil {
			f.FirstPasskey = first
		}
		if aliases != nil {
			return replaceAliases(tx, c.Tenant, c.UserID, aliases, now)
		}
		return nil
	})
	switch {
	case err == nil, errors.Is(err, errDuplicate), errors.Is(err, errAliasTaken), errors.Is(err, errLimit), errors.Is(err, errMaxUsers):
		return err
	}
	return fmt.Errorf("register credential: %w", err)
}

// lockUsers serialises the registrations of an application that caps its
// users (PostgreSQL; SQLite transactions are exclusive already). It is
// always taken before lockUser.
func lockUsers(tx *gorm.DB, tenant string) error {
	if tx.Dialector.Name() != "postgres" {
		return nil
	}
	return tx.Exec("SELECT pg_advisory_xact_lock(hashtextextended(?, 0))", "users:"+tenant).Error
}

// checkLimits reads, under the locks, the user's passkeys and the
// application's user counter.
func checkLimits(tx *gorm.DB, c Credential, lim limits) error {
	if lim.perUser == nil && lim.users == nil {
		return nil
	}
	own, err := passkeysOf(tx, c.Tenant, c.UserID)
	if err != nil {
		return err
	}
	if lim.perUser != nil && own >= *lim.perUser {
		return errLimit
	}
	if lim.users == nil || own > 0 {
		return nil
	}
	var users []int64
	if err := tx.Raw("SELECT users FROM user_counts WHERE tenant = ?", c.Tenant).Scan(&users).Error; err != nil {
		return err
	}
	if len(users) > 0 && users[0] >= *lim.users {
		return errMaxUsers
	}
	return nil
}
