package events

import (
	"context"
	"fmt"
	"time"

	"gorm.io/gorm"
	"gorm.io/gorm/clause"

	"passwordless/storage"
)

type credentialReportRow struct {
	Tenant      string `gorm:"primaryKey"`
	Day         string `gorm:"primaryKey"`
	Users       int64
	Credentials int64
}

func (credentialReportRow) TableName() string { return "credential_reports" }

type activeUserReportRow struct {
	Tenant            string `gorm:"primaryKey"`
	Day               string `gorm:"primaryKey"`
	DailyActiveUsers  int64
	WeeklyActiveUsers int64
	TotalUsers        int64
}

func (activeUserReportRow) TableName() string { return "active_user_reports" }

// NewReports returns the reports over db, snapshotting the credentials
// table of the same database.
func NewReports(db *storage.DB, clock func() time.Time) *Reports {
	return newReports(db.Gorm, CredentialUsage{DB: db.Gorm}, clock)
}

// newReports returns the reports over db, snapshotting source.
func newReports(db *gorm.DB, source UsageSource, clock func() time.Time) *Reports {
	return &Reports{store: &reportStore{db: db}, source: source, now: clock}
}

// reportStore keeps the daily report rows.
type reportStore struct {
	db *gorm.DB
}

// save upserts the rows of one day: a later snapshot of the same day
// replaces an earlier one, so the job can run often and on every instance.
func (s *reportStore) save(ctx context.Context, creds []credentialReportRow, active []activeUserReportRow) error {
	if len(creds) == 0 {
		return nil
	}
	key := []clause.Column{{Name: "tenant"}, {Name: "day"}}
	return storage.Conn(ctx, s.db).Transaction(func(tx *gorm.DB) error {
		err := tx.Clauses(clause.OnConflict{Columns: key,
			DoUpdates: clause.AssignmentColumns([]string{"users", "credentials"})}).CreateInBatches(creds, 500).Error
		if err != nil {
			return fmt.Errorf("save credential reports: %w", err)
		}
		err = tx.Clauses(clause.OnConflict{Columns: key,
			DoUpdates: clause.AssignmentColumns([]string{"daily_active_users", "weekly_active_users", "total_users"})}).
			CreateInBatches(active, 500).Error
		if err != nil {
			return fmt.Errorf("save active user reports: %w", err)
		}
		return nil
	})
}

// tenantsSince lists the tenants with a report row on or after day.
func (s *reportStore) tenantsSince(ctx context.Context, day string) ([]string, error) {
	var ids []string
	err := storage.Conn(ctx, s.db).Model(&credentialReportRow{}).Where("day >= ?", day).Distinct().Pluck("tenant", &ids).Error
	if err != nil {
		return nil, fmt.Errorf("list report tenants: %w", err)
	}
	return ids, nil
}

// between scopes a query to tenant and the inclusive day range; an empty
// bound is open.
func between(db *gorm.DB, tenant, from, to string) *gorm.DB {
	db = db.Where("tenant = ?", tenant)
	if from != "" {
		db = db.Where("day >= ?", from)
	}
	if to != "" {
		db = db.Where("day <= ?", to)
	}
	return db.Order("day ASC")
}

func (s *reportStore) credentials(ctx context.Context, tenant, from, to string) ([]credentialReportRow, error) {
	var rows []credentialReportRow
	if err := between(storage.Replica(ctx, s.db), tenant, from, to).Find(&rows).Error; err != nil {
		return nil, fmt.Errorf("read credential reports: %w", err)
	}
	return rows, nil
}

func (s *reportStore) activeUsers(ctx context.Context, tenant, from, to string) ([]activeUserReportRow, error) {
	var rows []activeUserReportRow
	if err := between(storage.Replica(ctx, s.db), tenant, from, to).Find(&rows).Error; err != nil {
		return nil, fmt.Errorf("read active user reports: %w", err)
	}
	return rows, nil
}
