package quota

import (
	"testing"
	"time"

	"gorm.io/gorm"

	"passwordless/storage"
	"passwordless/storage/storagetest"
)

// TestDatabase_SurvivesRestart: a second backend over the same database
// (a restarted or another instance) sees the entries of the first, so a
// restart never hands an application its quota back.
func TestDatabase_SurvivesRestart(t *testing.T) {
	storagetest.Each(t, func(t *testing.T, db *gorm.DB) {
		now := newClock().Now()
		first := NewDatabase(&storage.DB{Gorm: db})
		if s, err := first.Reserve(t.Context(), "email:restart", 1, time.Hour, now); err != nil || !s.Granted {
			t.Fatalf("first Reserve = %+v, %v", s, err)
		}
		restarted := NewDatabase(&storage.DB{Gorm: db})
		if s, err := restarted.Reserve(t.Context(), "email:restart", 1, time.Hour, now.Add(time.Minute)); err != nil || s.Granted {
			t.Errorf("after restart Reserve = %+v, %v; want refused", s, err)
		}
		var tenant string
		db.Table("quota_log").Select("tenant").Where("key = ?", "email:restart").Scan(&tenant)
		if tenant != "restart" {
			t.Errorf("log row tenant = %q, want restart (deleted with the app)", tenant)
		}
	})
}
