package passkeys

import (
	"context"
	"errors"
	"fmt"
	"time"

	"passwordless/storage"
)

type configRow struct {
	Tenant           string     `gorm:"column:tenant;primaryKey"`
	Purpose          string     `gorm:"column:purpose;primaryKey"`
	UserVerification string     `gorm:"column:user_verification"`
	TimeToLiveMS     int64      `gorm:"column:time_to_live_ms"`
	Hints            string     `gorm:"column:hints"`
	CreatedBy        string     `gorm:"column:created_by"`
	CreatedOn        *time.Time `gorm:"column:created_on"`
	EditedBy         *string    `gorm:"column:edited_by"`
	EditedOn         *time.Time `gorm:"column:edited_on"`
	LastUsedOn       *time.Time `gorm:"column:last_used_on"`
}

func (configRow) TableName() string { return "authentication_configs" }

var errConfigExists = errors.New("passkeys: configuration exists")

// config returns the stored configuration of purpose, or nil.
func (s *store) config(ctx context.Context, tenant, purpose string) (*configRow, error) {
	var r configRow
	err := storage.Conn(ctx, s.db).Where("tenant = ? AND purpose = ?", tenant, purpose).Take(&r).Error
	if storage.IsNotFound(err) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("get configuration: %w", err)
	}
	return &r, nil
}

// configsNamed returns the stored configurations among purposes.
func (s *store) configsNamed(ctx context.Context, tenant string, purposes ...string) ([]configRow, error) {
	var rows []configRow
	if err := storage.Conn(ctx, s.db).Where("tenant = ? AND purpose IN ?", tenant, purposes).Find(&rows).Error; err != nil {
		return nil, fmt.Errorf("get configurations: %w", err)
	}
	return rows, nil
}

func (s *store) configs(ctx context.Context, tenant string) ([]configRow, error) {
	var rows []configRow
	if err := storage.Conn(ctx, s.db).Where("tenant = ?", tenant).Order("purpose").Find(&rows).Error; err != nil {
		return nil, fmt.Errorf("list configurations: %w", err)
	}
	return rows, nil
}

func (s *store) addConfig(ctx context.Context, r configRow) error {
	err := storage.Conn(ctx, s.db).Create(&r).Error
	if storage.IsDuplicate(err) {
		return errConfigExists
	}
	if err != nil {
		return fmt.Errorf("add configuration: %w", err)
	}
	return nil
}

// saveConfig writes r whether or not it exists (an edited preset is
// stored on its first edit).
func (s *store) saveConfig(ctx context.Context, r configRow) error {
	if err := storage.Conn(ctx, s.db).Save(&r).Error; err != nil {
		return fmt.Errorf("save configuration: %w", err)
	}
	return nil
}

func (s *store) deleteConfig(ctx context.Context, tenant, purpose string) (bool, error) {
	res := storage.Conn(ctx, s.db).Where("tenant = ? AND purpose = ?", tenant, purpose).Delete(&configRow{})
	if res.Error != nil {
		return false, fmt.Errorf("delete configuration: %w", res.Error)
	}
	return res.RowsAffected > 0, nil
}
