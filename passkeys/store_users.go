package passkeys

import (
	"context"
	"errors"
	"fmt"
	"sort"
	"time"

	"gorm.io/gorm"

	"passwordless/storage"
)

// maxListedUsers caps each half of /users/list, as upstream does: the
// endpoint has no pagination.
const maxListedUsers = 1000

func (s *store) listUsers(ctx context.Context, tenant string) ([]User, error) {
	db := storage.Conn(ctx, s.db)
	rows, err := db.Model(&credentialRow{}).Select("user_id, COUNT(*), MAX(last_used_at)").
		Where("tenant = ?", tenant).Group("user_id").Order("user_id").Limit(maxListedUsers).Rows()
	if err != nil {
		return nil, fmt.Errorf("list users: %w", err)
	}
	byUser := map[string]*User{}
	for rows.Next() {
		u := User{Aliases: []*string{}}
		var last any // an aggregate loses the column type on SQLite
		if err := rows.Scan(&u.UserID, &u.CredentialsCount, &last); err != nil {
			_ = rows.Close()
			return nil, fmt.Errorf("list users: %w", err)
		}
		u.LastUsedAt = asTime(last)
		byUser[u.UserID] = &u
	}
	if err := errors.Join(rows.Err(), rows.Close()); err != nil {
		return nil, fmt.Errorf("list users: %w", err)
	}
	var aliases []aliasRow
	err = db.Where("tenant = ?", tenant).Order("user_id, alias_hash").Limit(maxListedUsers * 10).Find(&aliases).Error
	if err != nil {
		return nil, fmt.Errorf("list users' aliases: %w", err)
	}
	for _, a := range aliases {
		u, ok := byUser[a.UserID]
		if !ok {
			u = &User{UserID: a.UserID, Aliases: []*string{}}
			byUser[a.UserID] = u
		}
		u.Aliases = append(u.Aliases, a.Plaintext)
	}
	out := make([]User, 0, len(byUser))
	for _, u := range byUser {
		out = append(out, *u)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].UserID < out[j].UserID })
	return out, nil
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

func (s *store) countUsers(ctx context.Context, tenant string) (int64, error) {
	var n int64
	err := storage.Conn(ctx, s.db).Model(&credentialRow{}).Where("tenant = ?", tenant).
		Distinct("user_id").Count(&n).Error
	if err != nil {
		return 0, fmt.Errorf("count users: %w", err)
	}
	return n, nil
}

// deleteUser removes the user's credentials and aliases together.
func (s *store) deleteUser(ctx context.Context, tenant, userID string) error {
	err := storage.Tx(ctx, s.db, func(tx *gorm.DB) error {
		if err := tx.Where("tenant = ? AND user_id = ?", tenant, userID).Delete(&credentialRow{}).Error; err != nil {
			return err
		}
		return tx.Where("tenant = ? AND user_id = ?", tenant, userID).Delete(&aliasRow{}).Error
	})
	if err != nil {
		return fmt.Errorf("delete user: %w", err)
	}
	return nil
}
