package passkeys

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"time"

	"passwordless/storage"
)

// userEntry is one user of /users/list as the list answers it. On
// PostgreSQL the directory keeps each user's entry already rendered
// (migrations/postgres/00018, which must write what this encodes); on
// SQLite the store encodes the page's rows with it.
type userEntry struct {
	UserID           string     `json:"userId"`
	AliasCount       int        `json:"aliasCount"`
	Aliases          AliasList  `json:"aliases"`
	CredentialsCount int64      `json:"credentialsCount"`
	LastUsedAt       *time.Time `json:"lastUsedAt"`
}

// usersPageEntries reads one page of /users/list on PostgreSQL as one
// value: the rendered entries of the page's directory rows, joined into
// a JSON array by the database. The page is the range read of usersPageRows.
// The aggregate takes the rows in the order the sorted subquery yields
// them, which PostgreSQL's manual gives as the way to feed an aggregate
// ordered input when the outer query does nothing else (no join that
// could reorder them, as here); an ORDER BY inside string_agg would sort
// the 100 rows again.
// TestStore_UsersPageMatchesTheList checks the order against listUsers.
const usersPageEntries = `SELECT '[' || COALESCE(string_agg(entry, ','), '') || ']' FROM (
SELECT entry FROM user_passkeys
WHERE tenant = @tenant AND user_id > @after AND (passkeys > 0 OR aliases > 0)
ORDER BY user_id LIMIT %d) page`

// usersPage returns the first limit users after after as the JSON array
// /users/list answers.
func (s *store) usersPage(ctx context.Context, tenant, after string, limit int) (json.RawMessage, error) {
	if s.db.Dialector.Name() != "postgres" {
		list, err := s.listUsers(ctx, tenant, after, limit)
		if err != nil {
			return nil, err
		}
		return encodeEntries(list)
	}
	var page []byte
	err := storage.Replica(ctx, s.db).Raw(fmt.Sprintf(usersPageEntries, limit),
		sql.Named("tenant", tenant), sql.Named("after", after)).Row().Scan(&page)
	if err != nil {
		return nil, fmt.Errorf("list users: %w", err)
	}
	return page, nil
}

// encodeEntries renders users as the JSON array of their entries.
func encodeEntries(users []User) (json.RawMessage, error) {
	entries := make([]userEntry, len(users))
	for i, u := range users {
		entries[i] = userEntry{UserID: u.UserID, AliasCount: u.AliasCount, Aliases: u.Aliases,
			CredentialsCount: u.CredentialsCount, LastUsedAt: u.LastUsedAt}
	}
	return json.Marshal(entries)
}
