package events

import (
	"reflect"
	"testing"
	"time"

	"gorm.io/gorm"

	"passwordless/storage/storagetest"
)

func TestCredentialUsage_CountsPerTenant(t *testing.T) {
	storagetest.Each(t, func(t *testing.T, db *gorm.DB) {
		now := time.Date(2025, 3, 10, 12, 0, 0, 0, time.UTC)
		// Columns as created by the passkeys migration; only the ones the
		// report reads are meaningful here.
		add := func(tenant, user, id string, lastUsed time.Time) {
			t.Helper()
			err := db.Exec(`INSERT INTO credentials (tenant, credential_id, user_id, user_handle, public_key,
				attestation_fmt, rp_id, origin, created_at, last_used_at) VALUES (?, ?, ?, ?, ?, 'none', 'example.com', 'https://example.com', ?, ?)`,
				tenant, []byte(id), user, []byte(user), []byte{1}, lastUsed.Add(-time.Hour), lastUsed).Error
			if err != nil {
				t.Fatalf("insert credential: %v", err)
			}
		}
		add("a", "u1", "c1", now.Add(-time.Hour))       // daily
		add("a", "u1", "c2", now.Add(-10*24*time.Hour)) // same user, older passkey
		add("a", "u2", "c3", now.Add(-3*24*time.Hour))  // weekly
		add("a", "u3", "c4", now.Add(-30*24*time.Hour)) // inactive
		add("b", "u1", "c5", now.Add(-8*24*time.Hour))  // other tenant, same userId
		got, err := CredentialUsage{DB: db}.Usage(t.Context(), now)
		if err != nil {
			t.Fatal(err)
		}
		want := map[string]Usage{
			"a": {Users: 3, Credentials: 4, DailyActiveUsers: 1, WeeklyActiveUsers: 2},
			"b": {Users: 1, Credentials: 1},
		}
		if !reflect.DeepEqual(got, want) {
			t.Errorf("Usage = %+v, want %+v", got, want)
		}
	})
}
