package webhooks

import (
	"context"
	"strings"
	"time"

	"gorm.io/gorm"
	"gorm.io/gorm/clause"

	"passwordless/migrations"
	"passwordless/storage"
)

// endpointRow is a webhook_endpoints row; the secrets are sealed.
type endpointRow struct {
	Tenant         string `gorm:"primaryKey"`
	ID             string `gorm:"primaryKey"`
	URL            string `gorm:"column:url"`
	Description    string
	Events         string // space-separated
	Secret         string
	PreviousSecret string
	PreviousUntil  *time.Time
	CreatedAt      time.Time
	FailingSince   *time.Time
	DisabledAt     *time.Time
	// NoticeDueAt is when the mail about the endpoint's disabling is due.
	NoticeDueAt *time.Time
}

func (endpointRow) TableName() string { return "webhook_endpoints" }

func (r endpointRow) subscribes(event string) bool {
	return event == Test || containsField(r.Events, event)
}

func containsField(list, name string) bool {
	for _, f := range strings.Fields(list) {
		if f == name {
			return true
		}
	}
	return false
}

// store keeps endpoints and the outbox in the database.
type store struct {
	db       *gorm.DB
	postgres bool
}

func newStore(db *storage.DB) *store {
	return &store{db: db.Gorm, postgres: db.Dialect == migrations.Postgres}
}

func (s *store) inTx(ctx context.Context, fn func(ctx context.Context) error) error {
	return storage.InTx(ctx, s.db, fn)
}

func (s *store) countEndpoints(ctx context.Context, tenant string) (int64, error) {
	var n int64
	err := storage.Conn(ctx, s.db).Model(&endpointRow{}).Where("tenant = ?", tenant).Count(&n).Error
	return n, err
}

func (s *store) insertEndpoint(ctx context.Context, r endpointRow) error {
	return storage.Conn(ctx, s.db).Create(&r).Error
}

// endpoints lists tenant's endpoints, oldest first.
func (s *store) endpoints(ctx context.Context, tenant string) ([]endpointRow, error) {
	var rows []endpointRow
	err := storage.Conn(ctx, s.db).Where("tenant = ?", tenant).Order("created_at, id").Find(&rows).Error
	return rows, err
}

// endpoint returns one endpoint of tenant, nil when there is none. lock
// takes a row lock (PostgreSQL) so concurrent rotations serialize.
func (s *store) endpoint(ctx context.Context, tenant, id string, lock bool) (*endpointRow, error) {
	q := storage.Conn(ctx, s.db).Where("tenant = ? AND id = ?", tenant, id)
	if lock && s.postgres {
		q = q.Clauses(clause.Locking{Strength: "UPDATE"})
	}
	var rows []endpointRow
	if err := q.Limit(1).Find(&rows).Error; err != nil || len(rows) == 0 {
		return nil, err
	}
	return &rows[0], nil
}

// deleteEndpoint removes an endpoint and its deliveries; false when there
// was none.
func (s *store) deleteEndpoint(ctx context.Context, tenant, id string) (bool, error) {
	var n int64
	err := s.inTx(ctx, func(ctx context.Context) error {
		db := storage.Conn(ctx, s.db)
		res := db.Where("tenant = ? AND id = ?", tenant, id).Delete(&endpointRow{})
		if res.Error != nil {
			return res.Error
		}
		n = res.RowsAffected
		return db.Where("tenant = ? AND endpoint_id = ?", tenant, id).Delete(&deliveryRow{}).Error
	})
	return n > 0, err
}

// setSecrets replaces an endpoint's secrets.
func (s *store) setSecrets(ctx context.Context, tenant, id, secret, previous string, until *time.Time) error {
	return storage.Conn(ctx, s.db).Model(&endpointRow{}).Where("tenant = ? AND id = ?", tenant, id).
		Updates(map[string]any{"secret": secret, "previous_secret": previous, "previous_until": until}).Error
}
