package authenticators

import (
	"context"
	"fmt"
	"time"

	"gorm.io/gorm/clause"

	"passwordless/storage"
)

// Imported is an allow- or block-list entry brought from another server.
type Imported struct {
	AAGUID    string // canonical lower-case form
	Allowed   bool
	CreatedAt time.Time
}

// Import lists entries for tenant as they were; an AAGUID already on
// either list here is skipped, never moved. It returns how many it
// created and skipped, and joins the transaction of ctx.
func (s *Service) Import(ctx context.Context, tenant string, entries []Imported) (created, skipped int, err error) {
	db := storage.Conn(ctx, s.store.db)
	for _, e := range entries {
		row := authenticatorRow{Tenant: tenant, AAGUID: e.AAGUID, IsAllowed: e.Allowed, CreatedAt: e.CreatedAt.UTC()}
		res := db.Clauses(clause.OnConflict{DoNothing: true}).Create(&row)
		if res.Error != nil {
			return created, skipped, fmt.Errorf("import authenticator: %w", res.Error)
		}
		if res.RowsAffected == 1 {
			created++
		} else {
			skipped++
		}
	}
	return created, skipped, nil
}
