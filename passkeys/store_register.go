package passkeys

import (
	"context"
	"errors"
	"fmt"
	"time"

	"gorm.io/gorm"

	"passwordless/storage"
)

// errLimit is the per-user passkey limit, met inside the transaction.
var errLimit = errors.New("passkeys: per-user passkey limit reached")

// register stores a new credential, counts its user in when it is the
// user's first passkey and, when aliases is non-nil, replaces the user's
// aliases, atomically. The work is serialised per user (lockUser), so
// concurrent registrations of one user can neither overshoot the limit,
// count the user twice nor deadlock on aliases.
func (s *store) register(ctx context.Context, c Credential, aliases []Alias, limit *int64, now time.Time) error {
	err := storage.Tx(ctx, s.db, func(tx *gorm.DB) error {
		if err := lockUser(tx, c.Tenant, c.UserID); err != nil {
			return err
		}
		if limit != nil {
			n, err := passkeysOf(tx, c.Tenant, c.UserID)
			if err != nil {
				return err
			}
			if n >= *limit {
				return errLimit
			}
		}
		r := rowOf(c)
		if err := tx.Create(&r).Error; err != nil {
			if storage.IsDuplicate(err) {
				return errDuplicate
			}
			return err
		}
		if err := countInIfFirst(tx, c.Tenant, c.UserID); err != nil {
			return err
		}
		if aliases != nil {
			return replaceAliases(tx, c.Tenant, c.UserID, aliases, now)
		}
		return nil
	})
	switch {
	case err == nil, errors.Is(err, errDuplicate), errors.Is(err, errAliasTaken), errors.Is(err, errLimit):
		return err
	}
	return fmt.Errorf("register credential: %w", err)
}
