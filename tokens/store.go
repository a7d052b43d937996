package tokens

import (
	"context"
	"fmt"
	"time"

	"gorm.io/gorm"

	"passwordless/storage"
)

// keyRow is a row of token_keys (migration 00001).
type keyRow struct {
	Tenant      string    `gorm:"column:tenant;primaryKey"`
	KeyID       int64     `gorm:"column:key_id;primaryKey;autoIncrement:false"`
	KeyMaterial []byte    `gorm:"column:key_material"`
	CreatedAt   time.Time `gorm:"column:created_at;autoCreateTime:false"`
}

func (keyRow) TableName() string { return "token_keys" }

func (r keyRow) key() Key {
	return Key{Tenant: r.Tenant, ID: r.KeyID, Material: r.KeyMaterial, CreatedAt: r.CreatedAt.UTC()}
}

// Store is the KeyStore over the token_keys table.
type Store struct{ db *gorm.DB }

var _ KeyStore = (*Store)(nil)

// NewStore returns a Store over db.
func NewStore(db *storage.DB) *Store { return &Store{db: db.Gorm} }

// Keys implements KeyStore.
func (s *Store) Keys(ctx context.Context, tenant string) ([]Key, error) {
	var rows []keyRow
	if err := storage.Conn(ctx, s.db).Where("tenant = ?", tenant).Find(&rows).Error; err != nil {
		return nil, fmt.Errorf("list token keys: %w", err)
	}
	out := make([]Key, len(rows))
	for i, r := range rows {
		out[i] = r.key()
	}
	return out, nil
}

// Key implements KeyStore.
func (s *Store) Key(ctx context.Context, tenant string, id int64) (Key, error) {
	var r keyRow
	err := storage.Conn(ctx, s.db).Where("tenant = ? AND key_id = ?", tenant, id).Take(&r).Error
	if storage.IsNotFound(err) {
		return Key{}, ErrKeyNotFound
	}
	if err != nil {
		return Key{}, fmt.Errorf("get token key: %w", err)
	}
	return r.key(), nil
}

// Add implements KeyStore.
func (s *Store) Add(ctx context.Context, k Key) error {
	r := keyRow{Tenant: k.Tenant, KeyID: k.ID, KeyMaterial: k.Material, CreatedAt: k.CreatedAt.UTC()}
	if err := storage.Conn(ctx, s.db).Create(&r).Error; err != nil {
		return fmt.Errorf("add token key: %w", err)
	}
	return nil
}

// Delete implements KeyStore.
func (s *Store) Delete(ctx context.Context, tenant string, ids []int64) error {
	if len(ids) == 0 {
		return nil
	}
	err := storage.Conn(ctx, s.db).Where("tenant = ? AND key_id IN ?", tenant, ids).Delete(&keyRow{}).Error
	if err != nil {
		return fmt.Errorf("delete token keys: %w", err)
	}
	return nil
}
