package authenticators

import (
	"context"
	"fmt"
	"time"

	"gorm.io/gorm"
	"gorm.io/gorm/clause"

	"passwordless/storage"
)

type authenticatorRow struct {
	Tenant    string `gorm:"primaryKey"`
	AAGUID    string `gorm:"column:aaguid;primaryKey"`
	IsAllowed bool
	CreatedAt time.Time
}

func (authenticatorRow) TableName() string { return "authenticators" }

// newStore is the store over an open database.
func newStore(db *storage.DB) *store { return &store{db: db.Gorm} }

// store keeps the lists; every method is scoped to one tenant.
type store struct {
	db *gorm.DB
}

// list returns the tenant's entries of one list, oldest first.
func (s *store) list(ctx context.Context, tenant string, allowed bool) ([]authenticatorRow, error) {
	var rows []authenticatorRow
	err := storage.Conn(ctx, s.db).Where("tenant = ? AND is_allowed = ?", tenant, allowed).
		Order("created_at, aaguid").Find(&rows).Error
	if err != nil {
		return nil, fmt.Errorf("list authenticators: %w", err)
	}
	return rows, nil
}

// all returns both lists of the tenant in one query, for the policy.
func (s *store) all(ctx context.Context, tenant string) ([]authenticatorRow, error) {
	var rows []authenticatorRow
	if err := storage.Conn(ctx, s.db).Where("tenant = ?", tenant).Find(&rows).Error; err != nil {
		return nil, fmt.Errorf("read authenticators: %w", err)
	}
	return rows, nil
}

// upsert lists ids on one list; an id on the other list moves, keeping
// the time it was first listed.
func (s *store) upsert(ctx context.Context, tenant string, ids []string, allowed bool, now time.Time) error {
	rows := make([]authenticatorRow, len(ids))
	for i, id := range ids {
		rows[i] = authenticatorRow{Tenant: tenant, AAGUID: id, IsAllowed: allowed, CreatedAt: now.UTC()}
	}
	err := storage.Conn(ctx, s.db).Clauses(clause.OnConflict{
		Columns:   []clause.Column{{Name: "tenant"}, {Name: "aaguid"}},
		DoUpdates: clause.AssignmentColumns([]string{"is_allowed"}),
	}).Create(&rows).Error
	if err != nil {
		return fmt.Errorf("add authenticators: %w", err)
	}
	return nil
}

// remove deletes ids from both lists.
func (s *store) remove(ctx context.Context, tenant string, ids []string) error {
	err := storage.Conn(ctx, s.db).Where("tenant = ? AND aaguid IN ?", tenant, ids).Delete(&authenticatorRow{}).Error
	if err != nil {
		return fmt.Errorf("remove authenticators: %w", err)
	}
	return nil
}
