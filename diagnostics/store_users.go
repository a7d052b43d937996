package diagnostics

import (
	"context"
	"database/sql"
	"time"

	"gorm.io/gorm/clause"

	"passwordless/storage"
)

// userRow is what the service remembers of one user: the last failure that
// heals, confirmed by the tenant's backend through the ceremony's session,
// the last client_failure event written, and the "I'll do it later"
// window. FailureAction is no longer read: suppression is per device
// (suppressionRow).
type userRow struct {
	Tenant           string `gorm:"primaryKey"`
	UserID           string `gorm:"primaryKey;column:user_id"`
	FailedAt         *time.Time
	FailureCode      string
	FailureAction    string
	EventAt          *time.Time
	EventCode        string
	SkippedAt        *time.Time
	SignInsSinceSkip int `gorm:"column:sign_ins_since_skip"`
}

func (userRow) TableName() string { return "diagnostic_users" }

// markFailure records the user's latest confirmed failure (one upsert).
func (s *Store) markFailure(ctx context.Context, tenant, userID, code, action string, at time.Time) error {
	r := userRow{Tenant: tenant, UserID: userID, FailedAt: &at, FailureCode: code, FailureAction: action}
	return s.conn(ctx).Clauses(clause.OnConflict{
		Columns:   []clause.Column{{Name: "tenant"}, {Name: "user_id"}},
		DoUpdates: clause.AssignmentColumns([]string{"failed_at", "failure_code", "failure_action"}),
	}).Create(&r).Error
}

// claimEvent sets event_at to at when the last event of the user is older
// than since or was of another code (creating the user's row), and reports
// whether it did: of two concurrent claims only one succeeds.
func (s *Store) claimEvent(ctx context.Context, tenant, userID, code string, at, since time.Time) (bool, error) {
	err := s.conn(ctx).Clauses(clause.OnConflict{DoNothing: true}).Create(&userRow{Tenant: tenant, UserID: userID}).Error
	if err != nil {
		return false, err
	}
	res := s.conn(ctx).Model(&userRow{}).
		Where("tenant = ? AND user_id = ? AND (event_at IS NULL OR event_at < ? OR event_code <> ?)",
			tenant, userID, since, code).
		Updates(map[string]any{"event_at": at, "event_code": code})
	return res.RowsAffected == 1, res.Error
}

// countSignIn counts one successful sign-in of the user (creating the row)
// and returns the row as it is after the count: one statement, so that
// concurrent sign-ins each see their own count.
func (s *Store) countSignIn(ctx context.Context, tenant, userID string) (userRow, error) {
	var r userRow
	var failedAt, skippedAt sql.NullTime
	row := s.conn(ctx).Raw(`INSERT INTO diagnostic_users (tenant, user_id, sign_ins_since_skip) VALUES (?, ?, 1)
		ON CONFLICT (tenant, user_id) DO UPDATE SET sign_ins_since_skip = diagnostic_users.sign_ins_since_skip + 1
		RETURNING failed_at, failure_code, failure_action, skipped_at, sign_ins_since_skip`, tenant, userID).Row()
	if err := row.Scan(&failedAt, &r.FailureCode, &r.FailureAction, &skippedAt, &r.SignInsSinceSkip); err != nil {
		return r, storage.Translate(err) // a Row's error surfaces here, past the gorm plugin
	}
	r.Tenant, r.UserID = tenant, userID
	if failedAt.Valid {
		t := failedAt.Time.UTC()
		r.FailedAt = &t
	}
	if skippedAt.Valid {
		t := skippedAt.Time.UTC()
		r.SkippedAt = &t
	}
	return r, nil
}

// skip starts the user's "I'll do it later" window at at.
func (s *Store) skip(ctx context.Context, tenant, userID string, at time.Time) error {
	r := userRow{Tenant: tenant, UserID: userID, SkippedAt: &at}
	return s.conn(ctx).Clauses(clause.OnConflict{
		Columns:   []clause.Column{{Name: "tenant"}, {Name: "user_id"}},
		DoUpdates: clause.Assignments(map[string]any{"skipped_at": at, "sign_ins_since_skip": 0}),
	}).Create(&r).Error
}
