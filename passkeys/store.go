package passkeys

import (
	"context"
	"errors"
	"fmt"
	"time"

	"gorm.io/gorm"

	"passwordless/storage"
)

// store is the gorm persistence of credentials, aliases and users.
type store struct{ db *gorm.DB }

// newStore is the store over an open database. Single statements need no
// transaction of their own: gorm's default one costs two extra round trips
// (BEGIN, COMMIT) per write, on the hot path of every complete call.
// Multi-statement work opens its own (storage.Tx), and joins the caller's.
func newStore(db *storage.DB) *store {
	if db == nil {
		return &store{}
	}
	return &store{db: db.Gorm.Session(&gorm.Session{SkipDefaultTransaction: true})}
}

type credentialRow struct {
	Tenant          string    `gorm:"column:tenant;primaryKey"`
	CredentialID    []byte    `gorm:"column:credential_id;primaryKey"`
	UserID          string    `gorm:"column:user_id"`
	UserHandle      []byte    `gorm:"column:user_handle"`
	PublicKey       []byte    `gorm:"column:public_key"`
	AttestationFmt  string    `gorm:"column:attestation_fmt"`
	AttestationType string    `gorm:"column:attestation_type"`
	SignCount       int64     `gorm:"column:sign_count"`
	AAGUID          *string   `gorm:"column:aaguid"`
	RPID            string    `gorm:"column:rp_id"`
	Origin          string    `gorm:"column:origin"`
	Country         *string   `gorm:"column:country"`
	Device          *string   `gorm:"column:device"`
	Nickname        *string   `gorm:"column:nickname"`
	UserVerified    bool      `gorm:"column:user_verified"`
	BackupEligible  *bool     `gorm:"column:backup_eligible"`
	BackupState     *bool     `gorm:"column:backup_state"`
	IsDiscoverable  *bool     `gorm:"column:is_discoverable"`
	CreatedAt       time.Time `gorm:"column:created_at;autoCreateTime:false"`
	LastUsedAt      time.Time `gorm:"column:last_used_at"`
}

func (credentialRow) TableName() string { return "credentials" }

func (r credentialRow) credential() Credential {
	return Credential{Tenant: r.Tenant, ID: r.CredentialID, UserID: r.UserID, UserHandle: r.UserHandle,
		PublicKey: r.PublicKey, AttestationFmt: r.AttestationFmt, AttestationType: r.AttestationType,
		SignCount: uint32(r.SignCount), AAGUID: r.AAGUID, RPID: r.RPID, Origin: r.Origin, Country: r.Country,
		Device: r.Device, Nickname: r.Nickname, UserVerified: r.UserVerified, BackupEligible: r.BackupEligible,
		BackupState: r.BackupState, IsDiscoverable: r.IsDiscoverable,
		CreatedAt: r.CreatedAt.UTC(), LastUsedAt: r.LastUsedAt.UTC()}
}

func rowOf(c Credential) credentialRow {
	return credentialRow{Tenant: c.Tenant, CredentialID: c.ID, UserID: c.UserID, UserHandle: c.UserHandle,
		PublicKey: c.PublicKey, AttestationFmt: c.AttestationFmt, AttestationType: c.AttestationType,
		SignCount: int64(c.SignCount), AAGUID: c.AAGUID, RPID: c.RPID, Origin: c.Origin, Country: c.Country,
		Device: c.Device, Nickname: c.Nickname, UserVerified: c.UserVerified, BackupEligible: c.BackupEligible,
		BackupState: c.BackupState, IsDiscoverable: c.IsDiscoverable,
		CreatedAt: c.CreatedAt.UTC(), LastUsedAt: c.LastUsedAt.UTC()}
}

func credentials(rows []credentialRow) []Credential {
	out := make([]Credential, len(rows))
	for i, r := range rows {
		out[i] = r.credential()
	}
	return out
}

// errDuplicate is a credential id already stored in the tenant.
var errDuplicate = errors.New("passkeys: duplicate credential id")

func (s *store) credentialsOfUser(ctx context.Context, tenant, userID string) ([]Credential, error) {
	var rows []credentialRow
	err := storage.Conn(ctx, s.db).Where("tenant = ? AND user_id = ?", tenant, userID).
		Order("created_at, credential_id").Find(&rows).Error
	if err != nil {
		return nil, fmt.Errorf("list credentials: %w", err)
	}
	return credentials(rows), nil
}

// credentialsOfAlias finds the credentials of the alias's owner in one
// round trip.
func (s *store) credentialsOfAlias(ctx context.Context, tenant, hash string) ([]Credential, error) {
	var rows []credentialRow
	err := storage.Conn(ctx, s.db).Table("credentials").Select("credentials.*").
		Joins("JOIN aliases ON aliases.tenant = credentials.tenant AND aliases.user_id = credentials.user_id").
		Where("credentials.tenant = ? AND aliases.alias_hash = ?", tenant, hash).
		Order("credentials.created_at, credentials.credential_id").Find(&rows).Error
	if err != nil {
		return nil, fmt.Errorf("list credentials of alias: %w", err)
	}
	return credentials(rows), nil
}

// credential returns the credential id of tenant, or nil.
func (s *store) credential(ctx context.Context, tenant string, id []byte) (*Credential, error) {
	var r credentialRow
	err := storage.Conn(ctx, s.db).Where("tenant = ? AND credential_id = ?", tenant, id).Take(&r).Error
	if storage.IsNotFound(err) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("get credential: %w", err)
	}
	c := r.credential()
	return &c, nil
}

// signedIn records a successful sign-in on the credential.
func (s *store) signedIn(ctx context.Context, c Credential) error {
	err := storage.Conn(ctx, s.db).Model(&credentialRow{}).
		Where("tenant = ? AND credential_id = ?", c.Tenant, c.ID).
		Updates(map[string]any{"sign_count": int64(c.SignCount), "last_used_at": c.LastUsedAt.UTC(),
			"country": c.Country, "device": c.Device, "backup_eligible": c.BackupEligible, "backup_state": c.BackupState,
			"user_verified": c.UserVerified}).Error
	if err != nil {
		return fmt.Errorf("update credential: %w", err)
	}
	return nil
}

func (s *store) hasAnyCredential(ctx context.Context, tenant string) (bool, error) {
	var n int64
	err := storage.Conn(ctx, s.db).Model(&credentialRow{}).Where("tenant = ?", tenant).Limit(1).Count(&n).Error
	if err != nil {
		return false, fmt.Errorf("count credentials: %w", err)
	}
	return n > 0, nil
}

// touchConfig sets lastUsedOn of a stored authentication configuration.
func (s *store) touchConfig(ctx context.Context, tenant, purpose string, at time.Time) error {
	err := storage.Conn(ctx, s.db).Model(&configRow{}).Where("tenant = ? AND purpose = ?", tenant, purpose).
		Update("last_used_on", at.UTC()).Error
	if err != nil {
		return fmt.Errorf("touch configuration: %w", err)
	}
	return nil
}
