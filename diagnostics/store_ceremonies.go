package diagnostics

import (
	"context"
	"errors"
	"time"

	"gorm.io/gorm"
	"gorm.io/gorm/clause"
)

// ceremonyFailureRow is a report tied to a live ceremony session, waiting
// for the tenant's backend to confirm it (migration 00020). SessionHash is
// the SHA-256 of the session value: the value itself is a secret.
type ceremonyFailureRow struct {
	Tenant      string `gorm:"primaryKey"`
	SessionHash string `gorm:"primaryKey;column:session_hash"`
	UserID      string `gorm:"column:user_id"`
	Ceremony    string
	ErrorCode   string `gorm:"column:error_code"`
	Action      string
	Device      string
	ReportedAt  time.Time
}

func (ceremonyFailureRow) TableName() string { return "diagnostic_ceremony_failures" }

// putCeremonyFailure records (or replaces: the latest report of a ceremony
// wins) the failure of one ceremony.
func (s *Store) putCeremonyFailure(ctx context.Context, r ceremonyFailureRow) error {
	return s.conn(ctx).Clauses(clause.OnConflict{
		Columns:   []clause.Column{{Name: "tenant"}, {Name: "session_hash"}},
		DoUpdates: clause.AssignmentColumns([]string{"user_id", "ceremony", "error_code", "action", "device", "reported_at"}),
	}).Create(&r).Error
}

// takeCeremonyFailure returns and deletes the tenant's failure of the
// session hash reported after since; nil when there is none. Of two
// concurrent takes one only gets the row.
func (s *Store) takeCeremonyFailure(ctx context.Context, tenant, hash string, since time.Time) (*ceremonyFailureRow, error) {
	var r ceremonyFailureRow
	err := s.conn(ctx).Where("tenant = ? AND session_hash = ? AND reported_at >= ?", tenant, hash, since).Take(&r).Error
	if errors.Is(err, gorm.ErrRecordNotFound) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	res := s.conn(ctx).Where("tenant = ? AND session_hash = ?", tenant, hash).Delete(&ceremonyFailureRow{})
	if res.Error != nil || res.RowsAffected != 1 {
		return nil, res.Error
	}
	return &r, nil
}

// suppressionRow holds prompts back for one device of one user until
// ExpiresAt.
type suppressionRow struct {
	Tenant    string `gorm:"primaryKey"`
	UserID    string `gorm:"primaryKey;column:user_id"`
	Device    string `gorm:"primaryKey"`
	ExpiresAt time.Time
}

func (suppressionRow) TableName() string { return "diagnostic_device_suppressions" }

// suppress holds prompts back for the user's device until expires.
func (s *Store) suppress(ctx context.Context, tenant, userID, device string, expires time.Time) error {
	r := suppressionRow{Tenant: tenant, UserID: userID, Device: device, ExpiresAt: expires}
	return s.conn(ctx).Clauses(clause.OnConflict{
		Columns:   []clause.Column{{Name: "tenant"}, {Name: "user_id"}, {Name: "device"}},
		DoUpdates: clause.AssignmentColumns([]string{"expires_at"}),
	}).Create(&r).Error
}

// suppressed reports whether prompts are held back for the user's device
// at now.
func (s *Store) suppressed(ctx context.Context, tenant, userID, device string, now time.Time) (bool, error) {
	var n int64
	err := s.conn(ctx).Model(&suppressionRow{}).
		Where("tenant = ? AND user_id = ? AND device = ? AND expires_at > ?", tenant, userID, device, now).Count(&n).Error
	return n > 0, err
}

// purgePromptState deletes every tenant's ceremony failures reported
// before failuresBefore and the suppressions expired at now.
func (s *Store) purgePromptState(ctx context.Context, failuresBefore, now time.Time) (int64, error) {
	res := s.conn(ctx).Where("reported_at < ?", failuresBefore).Delete(&ceremonyFailureRow{})
	if res.Error != nil {
		return 0, res.Error
	}
	n := res.RowsAffected
	res = s.conn(ctx).Where("expires_at <= ?", now).Delete(&suppressionRow{})
	return n + res.RowsAffected, res.Error
}
