package passkeys

import (
	"context"
	"fmt"

	"passwordless/storage"
)

// The user counter (table user_counts, migration 00008) is the number of
// users with at least one passkey per application, and user_passkeys
// (migration 00015) each user's number of passkeys. Triggers on credentials
// keep both in the statement that inserts or deletes a credential, so no
// code path (registration, deletion, an application's or a user's
// deletion) can forget them, and /users/count and the maxUsers check read
// one row however many users an application has.

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

// deleteCredential deletes a passkey by id (its user is counted out by
// the database when it was the last).
func (s *store) deleteCredential(ctx context.Context, tenant string, id []byte) (bool, error) {
	res := storage.Conn(ctx, s.db).Where("tenant = ? AND credential_id = ?", tenant, id).Delete(&credentialRow{})
	if res.Error != nil {
		return false, fmt.Errorf("delete credential: %w", res.Error)
	}
	return res.RowsAffected > 0, nil
}
