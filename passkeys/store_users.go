package passkeys

import (
	"context"
	"errors"
	"fmt"
	"time"

	"gorm.io/gorm"

	"passwordless/storage"
)

// maxListedUsers caps /users/list, as upstream does: at most this many
// users (of both kinds together) in one answer.
const maxListedUsers = 1000

// userIDsPage is the first limit user ids after after (in user_id order)
// among the users with a credential or an alias. Each half stops at limit
// on its (tenant, user_id) index, so the cost is bounded by the page, not
// by the tenant's size.
const userIDsPage = `SELECT user_id FROM (SELECT DISTINCT user_id FROM credentials
  WHERE tenant = ? AND user_id > ? ORDER BY user_id LIMIT ?) c
UNION
SELECT user_id FROM (SELECT DISTINCT user_id FROM aliases
  WHERE tenant = ? AND user_id > ? ORDER BY user_id LIMIT ?) a
ORDER BY user_id LIMIT ?`

// listUsers returns the first limit users after the user id after. The
// page is a user_id range, so credentials and aliases are read by range
// too: every user in it is on the page.
func (s *store) listUsers(ctx context.Context, tenant, after string, limit int) ([]User, error) {
	db := storage.Conn(ctx, s.db)
	var ids []string
	err := db.Raw(userIDsPage, tenant, after, limit, tenant, after, limit, limit).Scan(&ids).Error
	if err != nil {
		return nil, fmt.Errorf("list users: %w", err)
	}
	if len(ids) == 0 {
		return []User{}, nil
	}
	first, last := ids[0], ids[len(ids)-1]
	byUser := make(map[string]*User, len(ids))
	out := make([]User, len(ids))
	for i, id := range ids {
		out[i] = User{UserID: id, Aliases: []*string{}}
		byUser[id] = &out[i]
	}
	if err := fillCredentialCounts(db, tenant, first, last, byUser); err != nil {
		return nil, err
	}
	var aliases []aliasRow
	err = db.Where("tenant = ? AND user_id >= ? AND user_id <= ?", tenant, first, last).
		Order("user_id, alias_hash").Find(&aliases).Error
	if err != nil {
		return nil, fmt.Errorf("list users' aliases: %w", err)
	}
	for _, a := range aliases {
		if u, ok := byUser[a.UserID]; ok {
			u.Aliases = append(u.Aliases, a.Plaintext)
		}
	}
	return out, nil
}

// fillCredentialCounts sets the passkey count and last use of the users
// in byUser, whose ids span first..last.
func fillCredentialCounts(db *gorm.DB, tenant, first, last string, byUser map[string]*User) error {
	rows, err := db.Model(&credentialRow{}).Select("user_id, COUNT(*), MAX(last_used_at)").
		Where("tenant = ? AND user_id >= ? AND user_id <= ?", tenant, first, last).Group("user_id").Rows()
	if err != nil {
		return fmt.Errorf("list users: %w", err)
	}
	for rows.Next() {
		var id string
		var n int64
		var lastUsed any // an aggregate loses the column type on SQLite
		if err := rows.Scan(&id, &n, &lastUsed); err != nil {
			_ = rows.Close()
			return fmt.Errorf("list users: %w", err)
		}
		if u, ok := byUser[id]; ok {
			u.CredentialsCount, u.LastUsedAt = n, asTime(lastUsed)
		}
	}
	if err := errors.Join(rows.Err(), rows.Close()); err != nil {
		return fmt.Errorf("list users: %w", err)
	}
	return nil
}

// asTime reads an aggregate timestamp, which SQLite returns as text since
// an aggregate has no declared column type.
func asTime(v any) *time.Time {
	switch x := v.(type) {
	case time.Time:
		t := x.UTC()
		return &t
	case []byte:
		return asTime(string(x))
	case string:
		for _, layout := range []string{"2006-01-02 15:04:05.999999999-07:00", time.RFC3339Nano, "2006-01-02 15:04:05.999999999"} {
			if t, err := time.Parse(layout, x); err == nil {
				t = t.UTC()
				return &t
			}
		}
	}
	return nil
}

// deleteUser removes the user's credentials and aliases together, and
// counts the user out when it had a passkey.
func (s *store) deleteUser(ctx context.Context, tenant, userID string) error {
	err := storage.Tx(ctx, s.db, func(tx *gorm.DB) error {
		if err := lockUser(tx, tenant, userID); err != nil {
			return err
		}
		res := tx.Where("tenant = ? AND user_id = ?", tenant, userID).Delete(&credentialRow{})
		if res.Error != nil {
			return res.Error
		}
		if res.RowsAffected > 0 {
			if err := addUsers(tx, tenant, -1); err != nil {
				return err
			}
		}
		if err := tx.Where("tenant = ? AND user_id = ?", tenant, userID).Delete(&aliasRow{}).Error; err != nil {
			return err
		}
		// The user's rows in every other table keyed by tenant and user_id
		// (the diagnostics' prompt state, and whatever later migrations add).
		return storage.DeleteEverywhere(tx, map[string]any{"tenant": tenant, "user_id": userID}, "credentials", "aliases")
	})
	if err != nil {
		return fmt.Errorf("delete user: %w", err)
	}
	return nil
}
