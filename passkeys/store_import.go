package passkeys

import (
	"context"
	"fmt"
	"time"

	"gorm.io/gorm"
	"gorm.io/gorm/clause"

	"passwordless/storage"
)

// ImportCounts tells, per kind of row, how many an import created and how
// many it found already here (left unchanged).
type ImportCounts struct{ Created, Skipped int }

// add counts one insert by its affected rows.
func (c *ImportCounts) add(res *gorm.DB) error {
	if res.Error != nil {
		return res.Error
	}
	if res.RowsAffected == 1 {
		c.Created++
	} else {
		c.Skipped++
	}
	return nil
}

// ImportCredentials stores passkeys brought from another server as they
// were (public key, counter, flags, dates). A credential id already stored
// in its tenant is skipped, never changed. The user directory is kept by
// the database triggers, as for a registration. It joins the transaction
// of ctx.
func (s *Service) ImportCredentials(ctx context.Context, creds []Credential) (ImportCounts, error) {
	var n ImportCounts
	db := storage.Conn(ctx, s.store.db)
	for _, c := range creds {
		r := rowOf(c)
		if err := n.add(db.Clauses(clause.OnConflict{DoNothing: true}).Create(&r)); err != nil {
			return n, fmt.Errorf("import credential: %w", err)
		}
	}
	return n, nil
}

// ImportAliases stores aliases of tenant's users as they were (hash and
// optional plaintext). An alias already here, whoever owns it, is skipped.
func (s *Service) ImportAliases(ctx context.Context, tenant string, aliases []Alias, now time.Time) (ImportCounts, error) {
	var n ImportCounts
	db := storage.Conn(ctx, s.store.db)
	for _, a := range aliases {
		row := aliasRow{Tenant: tenant, AliasHash: a.Hash, UserID: a.UserID, Plaintext: a.Plaintext, CreatedAt: now.UTC()}
		if err := n.add(db.Clauses(clause.OnConflict{DoNothing: true}).Create(&row)); err != nil {
			return n, fmt.Errorf("import alias: %w", err)
		}
	}
	return n, nil
}

// ImportConfigs stores authentication configurations of tenant; a purpose
// already configured here is skipped.
func (s *Service) ImportConfigs(ctx context.Context, tenant string, configs []AuthConfig) (ImportCounts, error) {
	var n ImportCounts
	db := storage.Conn(ctx, s.store.db)
	for _, c := range configs {
		r := c.row(tenant)
		if err := n.add(db.Clauses(clause.OnConflict{DoNothing: true}).Create(&r)); err != nil {
			return n, fmt.Errorf("import configuration: %w", err)
		}
	}
	return n, nil
}
