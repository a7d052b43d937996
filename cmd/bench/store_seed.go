package main

import (
	"fmt"
	"strings"
	"time"

	"gorm.io/gorm"
)

// seedBatch is the rows per INSERT: 500 × 10 parameters stays under both
// SQLite's and PostgreSQL's limits.
const seedBatch = 500

// seed gives tenant n users (seed-0000000 …), each with one passkey and one
// plaintext alias, written straight into the database: through the API a
// 100 000-user application would take hours. The database's triggers
// count them in (migration 00015), as they count registrations.
func seed(db *gorm.DB, tenant string, n int) error {
	now := time.Now().UTC()
	for from := 0; from < n; from += seedBatch {
		to := min(from+seedBatch, n)
		creds := make([]string, 0, to-from)
		aliases := make([]string, 0, to-from)
		var credArgs, aliasArgs []any
		for i := from; i < to; i++ {
			user := fmt.Sprintf("seed-%07d", i)
			creds = append(creds, "(?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")
			credArgs = append(credArgs, tenant, []byte(user), user, []byte(user), []byte{0xa5}, "none", "localhost",
				"http://localhost:3000", now, now)
			aliases = append(aliases, "(?, ?, ?, ?, ?)")
			aliasArgs = append(aliasArgs, tenant, "h-"+user, user, user+"@example.com", now)
		}
		err := db.Transaction(func(tx *gorm.DB) error {
			if err := tx.Exec("INSERT INTO credentials (tenant, credential_id, user_id, user_handle, public_key, "+
				"attestation_fmt, rp_id, origin, created_at, last_used_at) VALUES "+strings.Join(creds, ", "), credArgs...).Error; err != nil {
				return err
			}
			return tx.Exec("INSERT INTO aliases (tenant, alias_hash, user_id, plaintext, created_at) VALUES "+
				strings.Join(aliases, ", "), aliasArgs...).Error
		})
		if err != nil {
			return err
		}
	}
	if n == 0 || db.Dialector.Name() != "postgres" {
		return nil
	}
	// The tables as autovacuum would leave them for an application that
	// grew to this size: statistics (not a plan made for an empty tenant)
	// and a visibility map (index-only scans without heap fetches). The
	// checkpoint writes the seeding out now, so neither it nor autovacuum
	// runs inside a measurement.
	for _, stmt := range []string{"VACUUM (ANALYZE) credentials, aliases, user_passkeys, user_counts", "CHECKPOINT"} {
		if err := db.Exec(stmt).Error; err != nil {
			return err
		}
	}
	return nil
}
