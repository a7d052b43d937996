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

// register stores a new credential and, when aliases is non-nil, replaces
// the user's aliases, atomically. With aliases or a per-user limit the work
// is serialised per user (a PostgreSQL advisory lock; SQLite transactions
// are exclusive already), so concurrent registrations of one user can
// neither overshoot the limit nor deadlock on aliases. Without either it
// is a single insert.
func (s *store) register(ctx context.Context, c Credential, aliases []Alias, limit *int64, now time.Time) error {
	if aliases == nil && limit == nil {
		return s.addCredential(ctx, c)
	}
	err := storage.Tx(ctx, s.db, func(tx *gorm.DB) error {
		if tx.Dialector.Name() == "postgres" {
			if err := tx.Exec("SELECT pg_advisory_xact_lock(hashtextextended(?, 0))", c.Tenant+"/"+c.UserID).Error; err != nil {
				return err
			}
		}
		if limit != nil {
			var n int64
			if err := tx.Model(&credentialRow{}).Where("tenant = ? AND user_id = ?", c.Tenant, c.UserID).Count(&n).Error; err != nil {
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
