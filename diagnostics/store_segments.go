package diagnostics

import (
	"context"

	"gorm.io/gorm"
	"gorm.io/gorm/clause"

	"passwordless/storage"
)

// SegmentStore is the persistence of the segment counts and of the users
// who signed in per day (migration 00021).
type SegmentStore struct {
	db *gorm.DB
}

// NewSegmentStore returns the store over db.
func NewSegmentStore(db *storage.DB) *SegmentStore {
	return &SegmentStore{db: db.Gorm.Session(&gorm.Session{SkipDefaultTransaction: true})}
}

func (s *SegmentStore) conn(ctx context.Context) *gorm.DB { return storage.Conn(ctx, s.db) }

type segmentRow struct {
	Tenant     string `gorm:"primaryKey"`
	Day        string `gorm:"primaryKey"`
	Kind       string `gorm:"primaryKey"`
	Platform   string `gorm:"primaryKey"`
	Browser    string `gorm:"primaryKey"`
	Provider   string `gorm:"primaryKey"`
	Attachment string `gorm:"primaryKey"`
	Outcome    string `gorm:"primaryKey"`
	Count      int64
}

func (segmentRow) TableName() string { return "diagnostic_segments" }

type signinUserRow struct {
	Tenant string `gorm:"primaryKey"`
	Day    string `gorm:"primaryKey"`
	UserID string `gorm:"primaryKey;column:user_id"`
}

func (signinUserRow) TableName() string { return "diagnostic_signin_users" }

// addSegments adds every count to its row, creating missing rows, 500
// rows a statement.
func (s *SegmentStore) addSegments(ctx context.Context, counts map[segmentKey]int64) error {
	rows := make([]segmentRow, 0, len(counts))
	for k, n := range counts {
		rows = append(rows, segmentRow{Tenant: k.tenant, Day: k.day, Kind: k.kind, Platform: k.platform,
			Browser: k.browser, Provider: k.provider, Attachment: k.attachment, Outcome: k.outcome, Count: n})
	}
	cols := []clause.Column{{Name: "tenant"}, {Name: "day"}, {Name: "kind"}, {Name: "platform"},
		{Name: "browser"}, {Name: "provider"}, {Name: "attachment"}, {Name: "outcome"}}
	return s.conn(ctx).Clauses(clause.OnConflict{Columns: cols,
		DoUpdates: clause.Assignments(map[string]any{"count": gorm.Expr("diagnostic_segments.count + excluded.count")}),
	}).CreateInBatches(rows, 500).Error
}

// addSigninUsers remembers the users who signed in on each day.
func (s *SegmentStore) addSigninUsers(ctx context.Context, users map[signinUser]int64) error {
	rows := make([]signinUserRow, 0, len(users))
	for u := range users {
		rows = append(rows, signinUserRow{Tenant: u.tenant, Day: u.day, UserID: u.user})
	}
	return s.conn(ctx).Clauses(clause.OnConflict{DoNothing: true}).CreateInBatches(rows, 500).Error
}

// segments returns the tenant's segment rows of days from..to (inclusive).
func (s *SegmentStore) segments(ctx context.Context, tenant, from, to string) ([]segmentRow, error) {
	var rows []segmentRow
	err := s.conn(ctx).Where("tenant = ? AND day >= ? AND day <= ?", tenant, from, to).
		Order("day, kind, platform, browser, provider, attachment, outcome").Find(&rows).Error
	return rows, err
}

// enrollment counts the distinct users of tenant who signed in on days
// from..to, and how many of them hold a passkey now (user_passkeys is the
// per-user passkey count the credentials triggers keep).
func (s *SegmentStore) enrollment(ctx context.Context, tenant, from, to string) (users, withPasskey int64, err error) {
	var out struct{ Users, WithPasskey int64 }
	err = s.conn(ctx).Raw(`SELECT COUNT(*) AS users,
		COALESCE(SUM(CASE WHEN EXISTS (SELECT 1 FROM user_passkeys p WHERE p.tenant = u.tenant
			AND p.user_id = u.user_id AND p.passkeys > 0) THEN 1 ELSE 0 END), 0) AS with_passkey
		FROM (SELECT DISTINCT tenant, user_id FROM diagnostic_signin_users
			WHERE tenant = ? AND day >= ? AND day <= ?) u`, tenant, from, to).Scan(&out).Error
	return out.Users, out.WithPasskey, err
}

// deleteSegmentsBefore deletes every tenant's segment rows and signed-in
// users of days before day.
func (s *SegmentStore) deleteSegmentsBefore(ctx context.Context, day string) (int64, error) {
	a := s.conn(ctx).Where("day < ?", day).Delete(&segmentRow{})
	if a.Error != nil {
		return 0, a.Error
	}
	b := s.conn(ctx).Where("day < ?", day).Delete(&signinUserRow{})
	return a.RowsAffected + b.RowsAffected, b.Error
}

// deviceRateRow is one device's count of one outcome.
type deviceRateRow struct {
	Platform, Browser, Outcome string
	Count                      int64
}

// deviceRates sums the tenant's ceremony counts per device and outcome
// since day (the decision's measured failure rates).
func (s *SegmentStore) deviceRates(ctx context.Context, tenant, since string) ([]deviceRateRow, error) {
	var rows []deviceRateRow
	err := s.conn(ctx).Model(&segmentRow{}).Select("platform, browser, outcome, SUM(count) AS count").
		Where("tenant = ? AND day >= ? AND kind <> ?", tenant, since, kindVerify).
		Group("platform, browser, outcome").Scan(&rows).Error
	return rows, err
}
