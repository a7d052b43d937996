package orgs

import (
	"context"
	"time"

	"gorm.io/gorm"
	"gorm.io/gorm/clause"

	"passwordless/storage"
)

// The console's organization rows (migration 00010).
type stateRow struct {
	ID        int `gorm:"primaryKey"`
	AppID     string
	CreatedAt time.Time
}

func (stateRow) TableName() string { return "console_state" }

// Org is an organization: it owns applications and has admins.
type Org struct {
	ID        string `gorm:"primaryKey"`
	Name      string
	CreatedAt time.Time
	// PasskeyOnly turns off admin magic links: the organization's admins
	// sign in with their passkey only.
	PasskeyOnly bool
}

func (Org) TableName() string { return "console_orgs" }

// Admin is a person who signs in to the console with a passkey; their id
// is the userId of their passkeys in the console's application.
type Admin struct {
	ID        string `gorm:"primaryKey"`
	OrgID     string
	Email     string
	Role      string
	CreatedAt time.Time
}

func (Admin) TableName() string { return "console_admins" }

type orgAppRow struct {
	AppID     string `gorm:"primaryKey"`
	OrgID     string
	CreatedAt time.Time
}

func (orgAppRow) TableName() string { return "console_org_apps" }

// setupLinkRow is a one-time setup link; the pending fields hold the
// organization and owner its registration will create.
type setupLinkRow struct {
	ID             string `gorm:"primaryKey"`
	ExpiresAt      time.Time
	UsedAt         *time.Time
	PendingAdminID string
	PendingEmail   string
	PendingOrg     string
	CreatedAt      time.Time
}

func (setupLinkRow) TableName() string { return "console_setup_links" }

type sessionRow struct {
	TokenHash  []byte `gorm:"primaryKey"`
	AdminID    string
	CreatedAt  time.Time
	LastSeenAt time.Time
}

func (sessionRow) TableName() string { return "console_sessions" }

// store reads and writes the organizations' tables.
type store struct {
	db       *gorm.DB
	postgres bool
}

func (s *store) conn(ctx context.Context) *gorm.DB { return storage.Conn(ctx, s.db) }

func (s *store) inTx(ctx context.Context, fn func(ctx context.Context) error) error {
	return storage.InTx(ctx, s.db, fn)
}

// first loads one row into dst; found is false when there is none.
func first(q *gorm.DB, dst any) (found bool, err error) {
	err = q.Take(dst).Error
	if storage.IsNotFound(err) {
		return false, nil
	}
	return err == nil, err
}

func (s *store) consoleApp(ctx context.Context) (string, error) {
	var row stateRow
	ok, err := first(s.conn(ctx).Where("id = 1"), &row)
	if !ok {
		return "", err
	}
	return row.AppID, nil
}

func (s *store) setConsoleApp(ctx context.Context, appID string, now time.Time) error {
	return s.conn(ctx).Create(&stateRow{ID: 1, AppID: appID, CreatedAt: now}).Error
}

func (s *store) hasAdmins(ctx context.Context) (bool, error) {
	var n int64
	err := s.conn(ctx).Model(&Admin{}).Limit(1).Count(&n).Error
	return n > 0, err
}

func (s *store) admin(ctx context.Context, id string) (*Admin, error) {
	var a Admin
	ok, err := first(s.conn(ctx).Where("id = ?", id), &a)
	if !ok {
		return nil, err
	}
	return &a, nil
}

func (s *store) org(ctx context.Context, id string) (*Org, error) {
	var o Org
	ok, err := first(s.conn(ctx).Where("id = ?", id), &o)
	if !ok {
		return nil, err
	}
	return &o, nil
}

// lockOrg takes the organization's row lock (PostgreSQL) for the rest of
// the transaction: changes to its admins serialize on it, so two owners
// removing each other at once cannot both pass the last-owner check.
// SQLite has one writer; its transactions serialize already.
func (s *store) lockOrg(ctx context.Context, id string) error {
	q := s.conn(ctx).Model(&Org{}).Where("id = ?", id)
	if s.postgres {
		q = q.Clauses(clause.Locking{Strength: "UPDATE"})
	}
	var ids []string
	return q.Limit(1).Pluck("id", &ids).Error
}

func (s *store) createOrgAndOwner(ctx context.Context, o *Org, a *Admin) error {
	if err := s.conn(ctx).Create(o).Error; err != nil {
		return err
	}
	return s.conn(ctx).Create(a).Error
}

func (s *store) insertSetupLink(ctx context.Context, row *setupLinkRow) error {
	return s.conn(ctx).Create(row).Error
}

// openSetupLink returns the link id when it is unused and unexpired.
func (s *store) openSetupLink(ctx context.Context, id string, now time.Time) (*setupLinkRow, error) {
	var row setupLinkRow
	ok, err := first(s.conn(ctx).Where("id = ? AND used_at IS NULL AND expires_at > ?", id, now), &row)
	if !ok {
		return nil, err
	}
	return &row, nil
}

func (s *store) setPending(ctx context.Context, id, adminID, email, org string) error {
	return s.conn(ctx).Model(&setupLinkRow{}).Where("id = ? AND used_at IS NULL", id).
		Updates(map[string]any{"pending_admin_id": adminID, "pending_email": email, "pending_org": org}).Error
}

// useSetupLink marks the link used; false when it was used (or expired)
// already, so two completions cannot both create an organization.
func (s *store) useSetupLink(ctx context.Context, id string, now time.Time) (bool, error) {
	res := s.conn(ctx).Model(&setupLinkRow{}).Where("id = ? AND used_at IS NULL AND expires_at > ?", id, now).
		Update("used_at", now)
	return res.RowsAffected == 1, res.Error
}

func (s *store) orgApps(ctx context.Context, orgID string) ([]string, error) {
	var ids []string
	err := s.conn(ctx).Model(&orgAppRow{}).Where("org_id = ?", orgID).Order("app_id").Pluck("app_id", &ids).Error
	return ids, err
}

func (s *store) orgOwnsApp(ctx context.Context, orgID, appID string) (bool, error) {
	var n int64
	err := s.conn(ctx).Model(&orgAppRow{}).Where("org_id = ? AND app_id = ?", orgID, appID).Count(&n).Error
	return n == 1, err
}

// orgOfApp is the organization owning appID ("" when none does): the
// deletion hook's lookup, by the id of the application being deleted.
func (s *store) orgOfApp(ctx context.Context, appID string) (string, error) {
	var ids []string
	err := s.conn(ctx).Model(&orgAppRow{}).Where("app_id = ?", appID).Limit(1).Pluck("org_id", &ids).Error
	if err != nil || len(ids) == 0 {
		return "", err
	}
	return ids[0], nil
}

func (s *store) addOrgApp(ctx context.Context, orgID, appID string, now time.Time) error {
	return s.conn(ctx).Create(&orgAppRow{AppID: appID, OrgID: orgID, CreatedAt: now}).Error
}

func (s *store) insertSession(ctx context.Context, row *sessionRow) error {
	return s.conn(ctx).Create(row).Error
}

func (s *store) session(ctx context.Context, hash []byte) (*sessionRow, error) {
	var row sessionRow
	ok, err := first(s.conn(ctx).Where("token_hash = ?", hash), &row)
	if !ok {
		return nil, err
	}
	return &row, nil
}

func (s *store) touchSession(ctx context.Context, hash []byte, now time.Time) error {
	return s.conn(ctx).Model(&sessionRow{}).Where("token_hash = ?", hash).Update("last_seen_at", now).Error
}

func (s *store) deleteSession(ctx context.Context, hash []byte) error {
	return s.conn(ctx).Where("token_hash = ?", hash).Delete(&sessionRow{}).Error
}

func (s *store) adminByEmail(ctx context.Context, email string) (*Admin, error) {
	var a Admin
	ok, err := first(s.conn(ctx).Where("email = ?", email), &a)
	if !ok {
		return nil, err
	}
	return &a, nil
}
