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

// register stores a new credential and, when aliases is non-nil, replaces
// the user's aliases, atomically. The database counts the user in when it
// is its first passkey (the triggers of migration 00015), so without caps,
// aliases or a listener for that fact (the events.Facts of ctx, for the
// webhooks' user.created) a registration is one statement, sent alone: no
// BEGIN and COMMIT around it unless the caller's context carries a
// transaction. Otherwise one read after the insert, in the same
// transaction, gives the counts (afterInsert): two statements, exact
// under concurrency without a lock (issue 16 repro 6: eight completes past
// maxUsers = 3 made eight users).
func (s *store) register(ctx context.Context, c Credential, aliases []Alias, lim limits, now time.Time) error {
	facts := events.FactsFrom(ctx)
	if aliases == nil && lim == (limits{}) && facts == nil {
		return wrapRegister(insertCredential(storage.Conn(ctx, s.db).Session(&gorm.Session{SkipDefaultTransaction: true}), c))
	}
	err := storage.Tx(ctx, s.db, func(tx *gorm.DB) error {
		if err := insertCredential(tx, c); err != nil {
			return err
		}
		if lim != (limits{}) || facts != nil {
			own, err := afterInsert(tx, c, lim)
			if err != nil {
				return err
			}
			if facts != nil {
				facts.FirstPasskey = own == 1
			}
		}
		if aliases != nil {
			return replaceAliases(tx, c.Tenant, c.UserID, aliases, now)
		}
		return nil
	})
	return wrapRegister(err)
}

// afterInsert reads, after the insert, the user's passkeys and the
// application's users, which now count the new passkey, and returns the
// user's; the transaction rolls back when they exceed the caps. The
// triggers' updates of the user's row and of the application's counter
// hold those rows' locks until the transaction ends, and an update is
// computed on the latest committed value, so what this reads is exact: a
// concurrent registration of the same user, or of another new user, is
// ordered after this one and reads a count that includes it (and own = 1
// means this passkey is the user's first).
func afterInsert(tx *gorm.DB, c Credential, lim limits) (own int64, err error) {
	var n struct{ Own, Users int64 }
	err = tx.Raw(`SELECT
  COALESCE((SELECT passkeys FROM user_passkeys WHERE tenant = ? AND user_id = ?), 0) AS own,
  COALESCE((SELECT users FROM user_counts WHERE tenant = ?), 0) AS users`, c.Tenant, c.UserID, c.Tenant).Scan(&n).Error
	switch {
	case err != nil:
		return 0, err
	case lim.perUser != nil && n.Own > *lim.perUser:
		return 0, errLimit
	case lim.users != nil && n.Own == 1 && n.Users > *lim.users:
		return 0, errMaxUsers // the user is new: it is the one too many
	}
	return n.Own, nil
}

// insertCredential inserts c; errDuplicate when its id is taken.
func insertCredential(db *gorm.DB, c Credential) error {
	r := rowOf(c)
	err := db.Create(&r).Error
	if storage.IsDuplicate(err) {
		return errDuplicate
	}
	return err
}

// wrapRegister names the failure of a registration, the expected outcomes
// aside.
func wrapRegister(err error) error {
	switch {
	case err == nil, errors.Is(err, errDuplicate), errors.Is(err, errAliasTaken), errors.Is(err, errLimit), errors.Is(err, errMaxUsers):
		return err
	}
	return fmt.Errorf("register credential: %w", err)
}
