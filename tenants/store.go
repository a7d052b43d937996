package tenants

import (
	"context"
	"encoding/json"
	"strings"
	"time"

	"gorm.io/gorm"

	"passwordless/problems"
	"passwordless/storage"
)

// store is the gorm persistence of applications, features and keys.
type store struct{ db *gorm.DB }

type appRow struct {
	ID          string `gorm:"primaryKey"`
	AdminEmails string
	CreatedAt   time.Time
	DeleteAt    *time.Time
}

func (appRow) TableName() string { return "applications" }

type featuresRow struct {
	Tenant                     string `gorm:"primaryKey"`
	EventLoggingEnabled        bool
	EventLoggingRetentionDays  int
	MagicLinkEmailMonthlyQuota int
	DeveloperLoggingEndsAt     *time.Time
	MaxUsers                   *int64
	AllowAttestation           bool
	GenerateSignInTokenEnabled bool `gorm:"column:generate_sign_in_token_enabled"`
	MagicLinksEnabled          bool
	MaxCredentialsPerUser      *int64
	PasskeyPromptSkipSignIns   int `gorm:"column:passkey_prompt_skip_sign_ins;default:10"`
	PasskeyPromptSkipDays      int `gorm:"column:passkey_prompt_skip_days;default:7"`
	AllowedOrigins             string
	PasskeyRollout             string
}

func (featuresRow) TableName() string { return "app_features" }

type keyRow struct {
	Tenant         string `gorm:"primaryKey"`
	ID             string `gorm:"primaryKey"`
	Kind           int
	PublicValue    *string
	SecretHash     []byte
	Scopes         string
	IsLocked       bool
	LastLockedAt   *time.Time
	LastUnlockedAt *time.Time
	CreatedAt      time.Time
}

func (keyRow) TableName() string { return "api_keys" }

func (r *keyRow) toKey() *APIKey {
	k := &APIKey{Tenant: r.Tenant, ID: r.ID, Kind: KeyKind(r.Kind), SecretHash: r.SecretHash,
		IsLocked: r.IsLocked, LastLockedAt: r.LastLockedAt, LastUnlockedAt: r.LastUnlockedAt,
		CreatedAt: r.CreatedAt}
	if r.PublicValue != nil {
		k.PublicValue = *r.PublicValue
	}
	if r.Scopes != "" {
		k.Scopes = strings.Split(r.Scopes, ",")
	}
	return k
}

func keyRowOf(k *APIKey) keyRow {
	r := keyRow{Tenant: k.Tenant, ID: k.ID, Kind: int(k.Kind), SecretHash: k.SecretHash,
		Scopes: strings.Join(k.Scopes, ","), IsLocked: k.IsLocked, CreatedAt: k.CreatedAt}
	if k.Kind == Public {
		v := k.PublicValue
		r.PublicValue = &v
	}
	return r
}

func featuresRowOf(tenant string, f Features) featuresRow {
	return featuresRow{Tenant: tenant, EventLoggingEnabled: f.EventLoggingEnabled,
		EventLoggingRetentionDays: f.EventLoggingRetentionDays, MagicLinkEmailMonthlyQuota: f.MagicLinkEmailMonthlyQuota,
		DeveloperLoggingEndsAt: f.DeveloperLoggingEndsAt, MaxUsers: f.MaxUsers, AllowAttestation: f.AllowAttestation,
		GenerateSignInTokenEnabled: f.GenerateSignInTokenEnabled, MagicLinksEnabled: f.MagicLinksEnabled,
		MaxCredentialsPerUser: f.MaxCredentialsPerUser, PasskeyPromptSkipSignIns: f.PasskeyPromptSkipSignIns,
		PasskeyPromptSkipDays: f.PasskeyPromptSkipDays, AllowedOrigins: encodeOrigins(f.AllowedOrigins),
		PasskeyRollout: encodeRollout(f.PasskeyRollout)}
}

func (r featuresRow) toFeatures() Features {
	return Features{EventLoggingEnabled: r.EventLoggingEnabled, EventLoggingRetentionDays: r.EventLoggingRetentionDays,
		MagicLinkEmailMonthlyQuota: r.MagicLinkEmailMonthlyQuota, DeveloperLoggingEndsAt: r.DeveloperLoggingEndsAt,
		MaxUsers: r.MaxUsers, AllowAttestation: r.AllowAttestation, GenerateSignInTokenEnabled: r.GenerateSignInTokenEnabled,
		MagicLinksEnabled: r.MagicLinksEnabled, MaxCredentialsPerUser: r.MaxCredentialsPerUser,
		PasskeyPromptSkipSignIns: r.PasskeyPromptSkipSignIns, PasskeyPromptSkipDays: r.PasskeyPromptSkipDays,
		AllowedOrigins: decodeOrigins(r.AllowedOrigins), PasskeyRollout: decodeRollout(r.PasskeyRollout)}
}

// newStore is the store over an open database.
func newStore(db *storage.DB) *store { return &store{db: db.Gorm} }

// app loads an application and its features; nil when it does not exist.
func (s *store) app(ctx context.Context, id string) (*App, error) {
	var row appRow
	err := storage.Conn(ctx, s.db).Where("id = ?", id).Take(&row).Error
	if storage.IsNotFound(err) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	var fr featuresRow
	err = storage.Conn(ctx, s.db).Where("tenant = ?", id).Take(&fr).Error
	features := defaultFeatures()
	if err == nil {
		features = fr.toFeatures()
	} else if !storage.IsNotFound(err) {
		return nil, err
	}
	app := &App{ID: row.ID, CreatedAt: row.CreatedAt.UTC(), DeleteAt: row.DeleteAt, Features: features}
	_ = json.Unmarshal([]byte(row.AdminEmails), &app.AdminEmails)
	return app, nil
}

// createApp inserts an application, its features and keys in one
// transaction; a taken id is app_id_unavailable.
func (s *store) createApp(ctx context.Context, app *App, keys []*APIKey) error {
	emails, _ := json.Marshal(app.AdminEmails)
	return storage.Tx(ctx, s.db, func(tx *gorm.DB) error {
		err := tx.Create(&appRow{ID: app.ID, AdminEmails: string(emails), CreatedAt: app.CreatedAt}).Error
		if storage.IsDuplicate(err) {
			return problems.Titled(problems.AppIDUnavailable, "accountName '%s' is not available", app.ID)
		}
		if err != nil {
			return err
		}
		fr := featuresRowOf(app.ID, app.Features)
		if err := tx.Create(&fr).Error; err != nil {
			return err
		}
		for _, k := range keys {
			r := keyRowOf(k)
			if err := tx.Create(&r).Error; err != nil {
				return err
			}
		}
		return nil
	})
}

func (s *store) saveFeatures(ctx context.Context, tenant string, f Features) error {
	fr := featuresRowOf(tenant, f)
	return storage.Conn(ctx, s.db).Save(&fr).Error
}

func (s *store) key(ctx context.Context, tenant, id string) (*APIKey, error) {
	var r keyRow
	err := storage.Conn(ctx, s.db).Where("tenant = ? AND id = ?", tenant, id).Take(&r).Error
	if storage.IsNotFound(err) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	return r.toKey(), nil
}

func (s *store) keys(ctx context.Context, tenant string) ([]*APIKey, error) {
	var rows []keyRow
	if err := storage.Conn(ctx, s.db).Where("tenant = ?", tenant).Order("created_at, id").Find(&rows).Error; err != nil {
		return nil, err
	}
	out := make([]*APIKey, len(rows))
	for i := range rows {
		out[i] = rows[i].toKey()
	}
	return out, nil
}

// insertKey stores a new key; false when its id is taken in the tenant.
func (s *store) insertKey(ctx context.Context, k *APIKey) (bool, error) {
	r := keyRowOf(k)
	err := storage.Conn(ctx, s.db).Create(&r).Error
	if storage.IsDuplicate(err) {
		return false, nil
	}
	return err == nil, err
}

// setLocked locks or unlocks one key (id != "") or every key of the tenant.
func (s *store) setLocked(ctx context.Context, tenant, id string, locked bool, now time.Time) (int64, error) {
	updates := map[string]any{"is_locked": locked}
	if locked {
		updates["last_locked_at"] = now
	} else {
		updates["last_unlocked_at"] = now
	}
	q := storage.Conn(ctx, s.db).Model(&keyRow{}).Where("tenant = ?", tenant)
	if id != "" {
		q = q.Where("id = ?", id)
	}
	res := q.Updates(updates)
	return res.RowsAffected, res.Error
}

func (s *store) deleteKey(ctx context.Context, tenant, id string) (int64, error) {
	res := storage.Conn(ctx, s.db).Where("tenant = ? AND id = ?", tenant, id).Delete(&keyRow{})
	return res.RowsAffected, res.Error
}

// deleteLockedKey deletes the key only while it is locked, in one
// statement (no unlock can slip between a check and the delete); 0 rows
// means no such key or an active one.
func (s *store) deleteLockedKey(ctx context.Context, tenant, id string) (int64, error) {
	res := storage.Conn(ctx, s.db).Where("tenant = ? AND id = ? AND is_locked", tenant, id).Delete(&keyRow{})
	return res.RowsAffected, res.Error
}

// keyExists reports whether tenant has a key id.
func (s *store) keyExists(ctx context.Context, tenant, id string) (bool, error) {
	var n int64
	err := storage.Conn(ctx, s.db).Model(&keyRow{}).Where("tenant = ? AND id = ?", tenant, id).Count(&n).Error
	return n > 0, err
}

func (s *store) setDeleteAt(ctx context.Context, tenant string, at *time.Time) error {
	return storage.Conn(ctx, s.db).Model(&appRow{}).Where("id = ?", tenant).Update("delete_at", at).Error
}

func (s *store) pendingDeletion(ctx context.Context, now time.Time) ([]string, error) {
	var ids []string
	err := storage.Conn(ctx, s.db).Model(&appRow{}).Where("delete_at IS NOT NULL AND delete_at <= ?", now).
		Order("id").Pluck("id", &ids).Error
	return ids, err
}

// deleteApp removes every row of the tenant from every table that has a
// tenant column, then the application itself, in one transaction. Tables
// are discovered, so data added by later migrations is never left behind.
func (s *store) deleteApp(ctx context.Context, tenant string) error {
	return storage.Tx(ctx, s.db, func(tx *gorm.DB) error {
		if err := storage.DeleteEverywhere(tx, map[string]any{"tenant": tenant}, "applications"); err != nil {
			return err
		}
		return tx.Where("id = ?", tenant).Delete(&appRow{}).Error
	})
}

// inTx runs fn in one transaction that every store call given its context
// joins (and the event log's inserts).
func (s *store) inTx(ctx context.Context, fn func(ctx context.Context) error) error {
	return storage.InTx(ctx, s.db, fn)
}
