package passkeys

import (
	"context"
	"fmt"

	"gorm.io/gorm"

	"passwordless/storage"
)

// The user counter (table user_counts, migration 00008) is the number of
// users with at least one passkey per application. It changes only in the
// transaction that gives a user a first passkey or takes the last one away,
// under the per-user lock (lockUser), so /users/count and the maxUsers
// check read one row however many users an application has.

// lockUser serialises changes to one user's passkeys: a PostgreSQL
// transaction-scoped advisory lock (SQLite transactions are exclusive
// already), so two transactions never both see "no passkey yet" or "none
// left" for the same user.
func lockUser(tx *gorm.DB, tenant, userID string) error {
	if tx.Dialector.Name() != "postgres" {
		return nil
	}
	return tx.Exec("SELECT pg_advisory_xact_lock(hashtextextended(?, 0))", tenant+"/"+userID).Error
}

// passkeysOf counts the user's passkeys.
func passkeysOf(tx *gorm.DB, tenant, userID string) (int64, error) {
	var n int64
	err := tx.Model(&credentialRow{}).Where("tenant = ? AND user_id = ?", tenant, userID).Count(&n).Error
	return n, err
}

// addUsers moves the tenant's user counter by delta.
func addUsers(tx *gorm.DB, tenant string, delta int64) error {
	return tx.Exec(`INSERT INTO user_counts (tenant, users) VALUES (?, ?)
ON CONFLICT (tenant) DO UPDATE SET users = user_counts.users + excluded.users`, tenant, delta).Error
}

// countInIfFirst counts the user in when the passkey just inserted is its
// only one, and reports whether it was: one statement, so a registration
// stays at two (insert, this). The inner LIMIT keeps the check cheap for
// users with many passkeys.
func countInIfFirst(tx *gorm.DB, tenant, userID string) (first bool, err error) {
	res := tx.Exec(`INSERT INTO user_counts (tenant, users)
SELECT ?, 1 WHERE (SELECT COUNT(*) FROM (SELECT 1 FROM credentials WHERE tenant = ? AND user_id = ? LIMIT 2) AS c) = 1
ON CONFLICT (tenant) DO UPDATE SET users = user_counts.users + 1`, tenant, tenant, userID)
	return res.RowsAffected > 0, res.Error
}

// countUsers reads the tenant's user counter.
func (s *store) countUsers(ctx context.Context, tenant string) (int64, error) {
	var n []int64
	err := storage.Conn(ctx, s.db).Raw("SELECT users FROM user_counts WHERE tenant = ?", tenant).Scan(&n).Error
	if err != nil {
		return 0, fmt.Errorf("count users: %w", err)
	}
	if len(n) == 0 {
		return 0, nil
	}
	return n[0], nil
}

// usersWithCredentials reads the tenant's user counter and whether userID
// already has a passkey, in one round trip of two index lookups.
func (s *store) usersWithCredentials(ctx context.Context, tenant, userID string) (count int64, has bool, err error) {
	var r struct {
		Users int64
		Own   int64
	}
	err = storage.Conn(ctx, s.db).Raw(`SELECT
  COALESCE((SELECT users FROM user_counts WHERE tenant = ?), 0) AS users,
  CASE WHEN EXISTS (SELECT 1 FROM credentials WHERE tenant = ? AND user_id = ?) THEN 1 ELSE 0 END AS own`,
		tenant, tenant, userID).Scan(&r).Error
	if err != nil {
		return 0, false, fmt.Errorf("count users: %w", err)
	}
	return r.Users, r.Own > 0, nil
}

// deleteCredential deletes a passkey by id and, when it was its user's
// last, counts the user out.
func (s *store) deleteCredential(ctx context.Context, tenant string, id []byte) (bool, error) {
	deleted := false
	err := storage.Tx(ctx, s.db, func(tx *gorm.DB) error {
		var owners []string
		err := tx.Model(&credentialRow{}).Where("tenant = ? AND credential_id = ?", tenant, id).Pluck("user_id", &owners).Error
		if err != nil || len(owners) == 0 {
			return err
		}
		if err := lockUser(tx, tenant, owners[0]); err != nil {
			return err
		}
		res := tx.Where("tenant = ? AND credential_id = ?", tenant, id).Delete(&credentialRow{})
		if res.Error != nil || res.RowsAffected == 0 {
			return res.Error
		}
		deleted = true
		left, err := passkeysOf(tx, tenant, owners[0])
		if err != nil || left > 0 {
			return err
		}
		return addUsers(tx, tenant, -1)
	})
	if err != nil {
		return false, fmt.Errorf("delete credential: %w", err)
	}
	return deleted, nil
}
