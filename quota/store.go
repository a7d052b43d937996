package quota

import (
	"context"
	"strings"
	"time"

	"github.com/google/uuid"
	"gorm.io/gorm"

	"passwordless/storage"
)

// Database keeps the sliding-window logs (the e-mail quota) in the
// database, for servers without Redis: a restart must not hand an
// application its monthly quota back. Fixed-window request counts (Hit)
// stay in process; losing those on restart is harmless.
type Database struct {
	db   *gorm.DB
	hits *Memory
}

var _ Backend = (*Database)(nil)

// NewDatabase returns a Backend over db (migration 00004's quota_log).
func NewDatabase(db *storage.DB) *Database { return &Database{db: db.Gorm, hits: NewMemory()} }

type logRow struct {
	Tenant string
	Key    string `gorm:"primaryKey"`
	ID     string `gorm:"primaryKey"`
	At     time.Time
}

func (logRow) TableName() string { return "quota_log" }

// tenantOf is the tenant a key counts for: keys are "<kind>:<tenant>", so
// deleting an application deletes its log with every other tenant row.
func tenantOf(key string) string {
	if i := strings.IndexByte(key, ':'); i >= 0 {
		return key[i+1:]
	}
	return key
}

// Reserve implements Backend. The count and the insert run in one
// transaction holding a lock on the key (an advisory lock on PostgreSQL;
// SQLite transactions are taken immediate and so serialised), which keeps
// concurrent reservations within the limit across instances.
func (d *Database) Reserve(ctx context.Context, key string, limit int64, window time.Duration, now time.Time) (Slot, error) {
	var slot Slot
	err := storage.Tx(ctx, d.db, func(tx *gorm.DB) error {
		if tx.Dialector.Name() == "postgres" {
			if err := tx.Exec("SELECT pg_advisory_xact_lock(hashtext(?))", "quota:"+key).Error; err != nil {
				return err
			}
		}
		since := now.Add(-window)
		if err := tx.Where("key = ? AND at <= ?", key, since).Delete(&logRow{}).Error; err != nil {
			return err
		}
		var used int64
		if err := tx.Model(&logRow{}).Where("key = ? AND at > ?", key, since).Count(&used).Error; err != nil {
			return err
		}
		if used >= limit {
			slot = Slot{Key: key, Used: used}
			var oldest logRow
			if used > 0 && tx.Where("key = ? AND at > ?", key, since).Order("at").Take(&oldest).Error == nil {
				slot.RetryAt = oldest.At.Add(window)
			}
			return nil
		}
		row := logRow{Tenant: tenantOf(key), Key: key, ID: uuid.NewString(), At: now.UTC()}
		if err := tx.Create(&row).Error; err != nil {
			return err
		}
		slot = Slot{Key: key, ID: row.ID, Granted: true, Used: used + 1}
		return nil
	})
	return slot, err
}

// Commit implements Backend.
func (d *Database) Commit(ctx context.Context, s Slot, at time.Time) error {
	return storage.Conn(ctx, d.db).Model(&logRow{}).Where("key = ? AND id = ?", s.Key, s.ID).Update("at", at.UTC()).Error
}

// Release implements Backend.
func (d *Database) Release(ctx context.Context, s Slot) error {
	return storage.Conn(ctx, d.db).Where("key = ? AND id = ?", s.Key, s.ID).Delete(&logRow{}).Error
}

// Hit implements Backend, in process.
func (d *Database) Hit(ctx context.Context, key string, limit int64, period time.Duration, now time.Time) (Window, error) {
	return d.hits.Hit(ctx, key, limit, period, now)
}
