package diagnostics

import (
	"context"
	"time"

	"gorm.io/gorm"
	"gorm.io/gorm/clause"

	"passwordless/storage"
)

// Store is the persistence of the counters, the report samples and the
// per-user state (migration 00007).
type Store struct {
	db *gorm.DB
}

// NewStore returns the store over db.
func NewStore(db *storage.DB) *Store {
	return &Store{db: db.Gorm.Session(&gorm.Session{SkipDefaultTransaction: true})}
}

func (s *Store) conn(ctx context.Context) *gorm.DB { return storage.Conn(ctx, s.db) }

type counterRow struct {
	Tenant    string `gorm:"primaryKey"`
	Day       string `gorm:"primaryKey"`
	Ceremony  string `gorm:"primaryKey"`
	Platform  string `gorm:"primaryKey"`
	ErrorCode string `gorm:"primaryKey;column:error_code"`
	Count     int64
}

func (counterRow) TableName() string { return "diagnostic_counters" }

// addCounts adds every count to its row, creating missing rows: one
// statement per batch, so a flush costs one round trip per 500 keys.
func (s *Store) addCounts(ctx context.Context, counts map[counterKey]int64) error {
	rows := make([]counterRow, 0, len(counts))
	for k, n := range counts {
		rows = append(rows, counterRow{Tenant: k.tenant, Day: k.day, Ceremony: k.ceremony,
			Platform: k.platform, ErrorCode: k.code, Count: n})
	}
	if len(rows) == 0 {
		return nil
	}
	return s.conn(ctx).Clauses(clause.OnConflict{
		Columns:   []clause.Column{{Name: "tenant"}, {Name: "day"}, {Name: "ceremony"}, {Name: "platform"}, {Name: "error_code"}},
		DoUpdates: clause.Assignments(map[string]any{"count": gorm.Expr("diagnostic_counters.count + excluded.count")}),
	}).CreateInBatches(rows, 500).Error
}

// counts returns the tenant's counter rows of days from..to (inclusive).
func (s *Store) counts(ctx context.Context, tenant, from, to string) ([]counterRow, error) {
	var rows []counterRow
	err := s.conn(ctx).Where("tenant = ? AND day >= ? AND day <= ?", tenant, from, to).
		Order("day, ceremony, error_code, platform").Find(&rows).Error
	return rows, err
}

// countRows is the number of counter rows of tenant (for tests of the bound).
func (s *Store) countRows(ctx context.Context, tenant string) (int64, error) {
	var n int64
	err := s.conn(ctx).Model(&counterRow{}).Where("tenant = ?", tenant).Count(&n).Error
	return n, err
}

type sampleRow struct {
	Tenant     string `gorm:"primaryKey"`
	Slot       int    `gorm:"primaryKey"`
	ReceivedAt time.Time
	ErrorCode  string `gorm:"column:error_code"`
	Report     string
}

func (sampleRow) TableName() string { return "diagnostic_samples" }

// putSample writes a report into one of the tenant's ring slots.
func (s *Store) putSample(ctx context.Context, r sampleRow) error {
	return s.conn(ctx).Clauses(clause.OnConflict{
		Columns:   []clause.Column{{Name: "tenant"}, {Name: "slot"}},
		DoUpdates: clause.AssignmentColumns([]string{"received_at", "error_code", "report"}),
	}).Create(&r).Error
}

// samples returns the tenant's samples, newest first.
func (s *Store) samples(ctx context.Context, tenant string) ([]sampleRow, error) {
	var rows []sampleRow
	err := s.conn(ctx).Where("tenant = ?", tenant).Order("received_at DESC").Find(&rows).Error
	return rows, err
}

// deleteCountsBefore removes every tenant's counter rows of days before day
// (the retention sweep).
func (s *Store) deleteCountsBefore(ctx context.Context, day string) (int64, error) {
	res := s.conn(ctx).Where("day < ?", day).Delete(&counterRow{})
	return res.RowsAffected, res.Error
}
