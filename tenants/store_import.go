package tenants

import (
	"context"
	"encoding/json"
	"time"

	"gorm.io/gorm/clause"

	"passwordless/storage"
)

// Imported counts what Import wrote and what it found already here.
type Imported struct {
	AppCreated               bool
	KeysCreated, KeysSkipped int
	// Foreign is an application of the same id already here that is not
	// the imported one (another creation date): nothing was written.
	Foreign bool
}

// Import stores an application brought from another server (a
// Passwordless.dev database) with its features and keys as they were:
// ids, timestamps, lock state, secret hashes. Nothing that exists is
// changed: an application or key id already here is skipped, so running
// an import twice changes nothing. It joins the transaction of ctx.
func (s *Service) Import(ctx context.Context, app *App, keys []*APIKey) (Imported, error) {
	var out Imported
	defer s.changed(ctx, app.ID)
	db := storage.Conn(ctx, s.store.db)
	emails, _ := json.Marshal(app.AdminEmails)
	if app.AdminEmails == nil {
		emails = []byte("[]")
	}
	res := db.Clauses(clause.OnConflict{DoNothing: true}).
		Create(&appRow{ID: app.ID, AdminEmails: string(emails), CreatedAt: app.CreatedAt.UTC(), DeleteAt: app.DeleteAt})
	if res.Error != nil {
		return out, res.Error
	}
	out.AppCreated = res.RowsAffected == 1
	if !out.AppCreated {
		// Merge only into the application a previous run imported: adding
		// the source's keys to another tenant's application of the same id
		// would hand that tenant to the source's key holders.
		var here appRow
		if err := db.Where("id = ?", app.ID).Take(&here).Error; err != nil {
			return out, err
		}
		if !here.CreatedAt.Truncate(time.Millisecond).Equal(app.CreatedAt.Truncate(time.Millisecond)) {
			out.Foreign = true
			return out, nil
		}
	}
	if out.AppCreated {
		fr := featuresRowOf(app.ID, app.Features)
		if err := db.Create(&fr).Error; err != nil {
			return out, err
		}
	}
	for _, k := range keys {
		r := keyRowOf(k)
		r.Tenant, r.LastLockedAt, r.LastUnlockedAt, r.CreatedAt = app.ID, k.LastLockedAt, k.LastUnlockedAt, k.CreatedAt.UTC()
		res := db.Clauses(clause.OnConflict{DoNothing: true}).Create(&r)
		if res.Error != nil {
			return out, res.Error
		}
		if res.RowsAffected == 1 {
			out.KeysCreated++
		} else {
			out.KeysSkipped++
		}
	}
	return out, nil
}

// DefaultFeatures are the features of an application created here, for an
// import whose source has no features row.
func DefaultFeatures() Features { return defaultFeatures() }

// upgradeSecret replaces an imported secret's hash by our own once the
// secret has matched it; it changes nothing when the stored hash is no
// longer old (another instance upgraded it first, or the key changed).
func (s *store) upgradeSecret(ctx context.Context, tenant, id string, old, upgraded []byte) (bool, error) {
	res := storage.Conn(ctx, s.db).Model(&keyRow{}).Where("tenant = ? AND id = ? AND secret_hash = ?", tenant, id, old).
		Update("secret_hash", upgraded)
	return res.RowsAffected == 1, res.Error
}
