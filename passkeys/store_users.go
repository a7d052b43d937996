package passkeys

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"gorm.io/gorm"

	"passwordless/storage"
)

// maxListedUsers caps /users/list, as upstream does: at most this many
// users (of both kinds together) in one answer.
const maxListedUsers = 1000

// usersPageRows reads one page of /users/list in a single statement: the
// first limit rows after after of the user directory (user_passkeys, kept
// by the database's triggers: one row per user with a passkey or an alias,
// with the passkey count, the latest sign-in and the aliases as the JSON
// array the list answers), one range read of its primary key. The limit is
// written into the statement (%d, a number the service bounds): with a
// constant limit PostgreSQL can reuse one generic plan for the prepared
// statement instead of planning every page again, which costs as much as
// running it.
const usersPageRows = `SELECT user_id, passkeys, last_used_at, aliases, alias_list FROM user_passkeys
WHERE tenant = @tenant AND user_id > @after AND (passkeys > 0 OR aliases > 0)
ORDER BY user_id LIMIT %d`

// listUsers returns the first limit users after the user id after.
func (s *store) listUsers(ctx context.Context, tenant, after string, limit int) ([]User, error) {
	rows, err := storage.Replica(ctx, s.db).Raw(fmt.Sprintf(usersPageRows, limit),
		sql.Named("tenant", tenant), sql.Named("after", after)).Rows()
	if err != nil {
		return nil, fmt.Errorf("list users: %w", err)
	}
	out := make([]User, 0, limit)
	for rows.Next() {
		var u User
		var lastUsed any // SQLite may return the column as text
		var aliases string
		if err := rows.Scan(&u.UserID, &u.CredentialsCount, &lastUsed, &u.AliasCount, &aliases); err != nil {
			_ = rows.Close()
			return nil, fmt.Errorf("list users: %w", err)
		}
		u.Aliases = AliasList(aliases)
		u.LastUsedAt = asTime(lastUsed)
		out = append(out, u)
	}
	if err := errors.Join(rows.Err(), rows.Close()); err != nil {
		return nil, fmt.Errorf("list users: %w", err)
	}
	return out, nil
}

// asTime reads a timestamp, which SQLite may return as text (the
// directory's triggers copy it from credentials as it is stored there).
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

// deleteUser removes the user's credentials and aliases together (the
// database counts the user out when it had a passkey).
func (s *store) deleteUser(ctx context.Context, tenant, userID string) error {
	err := storage.Tx(ctx, s.db, func(tx *gorm.DB) error {
		if err := tx.Where("tenant = ? AND user_id = ?", tenant, userID).Delete(&credentialRow{}).Error; err != nil {
			return err
		}
		// Lock the directory row (the credentials' triggers have when the
		// user had any) before the aliases, in the order setAliases takes
		// them, so that the two never deadlock on the alias rows.
		if err := tx.Exec("UPDATE user_passkeys SET aliases = aliases WHERE tenant = ? AND user_id = ?", tenant, userID).Error; err != nil {
			return err
		}
		if err := tx.Where("tenant = ? AND user_id = ?", tenant, userID).Delete(&aliasRow{}).Error; err != nil {
			return err
		}
		// The directory row goes only when both counts are 0: a passkey or
		// an alias added meanwhile (after the deletes above read the user's
		// rows) keeps its count, which the row lock has already ordered
		// after this one.
		err := tx.Exec("DELETE FROM user_passkeys WHERE tenant = ? AND user_id = ? AND passkeys = 0 AND aliases = 0", tenant, userID).Error
		if err != nil {
			return err
		}
		// The user's rows in every other table keyed by tenant and user_id
		// (the diagnostics' prompt state, and whatever later migrations add).
		return storage.DeleteEverywhere(tx, map[string]any{"tenant": tenant, "user_id": userID},
			"credentials", "aliases", "user_passkeys")
	})
	if err != nil {
		return fmt.Errorf("delete user: %w", err)
	}
	return nil
}
