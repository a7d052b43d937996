package events

import (
	"context"
	"fmt"
	"time"

	"github.com/google/uuid"
	"gorm.io/gorm"

	"passwordless/storage"
)

// eventRow is an events row.
type eventRow struct {
	ID          string `gorm:"primaryKey"`
	Tenant      string
	PerformedAt time.Time
	EventType   int
	Severity    int
	Message     string
	PerformedBy string
	Subject     string
	APIKeyID    string `gorm:"column:api_key_id"`
	Device      string
}

func (eventRow) TableName() string { return "events" }

func (r eventRow) toEvent() Event {
	return Event{Tenant: r.Tenant, Type: Type(r.EventType), Severity: Severity(r.Severity), Message: r.Message,
		PerformedBy: r.PerformedBy, Subject: r.Subject, APIKeyID: r.APIKeyID, PerformedAt: r.PerformedAt.UTC(),
		Device: r.Device}
}

// Store keeps events in the database.
type Store struct {
	db *gorm.DB
}

// NewStore returns a Store over db (migrated).
func NewStore(db *storage.DB) *Store { return &Store{db: db.Gorm} }

// inTx runs fn in a transaction that Insert (and any store given the
// context) joins.
func (s *Store) inTx(ctx context.Context, fn func(ctx context.Context) error) error {
	return storage.InTx(ctx, s.db, fn)
}

// Insert adds e.
func (s *Store) Insert(ctx context.Context, e Event) error {
	// Version 7 ids grow with time, so events of the same instant still
	// page in the order they happened.
	id, err := uuid.NewV7()
	if err != nil {
		return fmt.Errorf("event id: %w", err)
	}
	row := eventRow{ID: id.String(), Tenant: e.Tenant, PerformedAt: e.PerformedAt.UTC(), EventType: int(e.Type),
		Severity: int(e.Severity), Message: e.Message, PerformedBy: e.PerformedBy, Subject: e.Subject, APIKeyID: e.APIKeyID,
		Device: e.Device}
	if err := storage.Conn(ctx, s.db).Create(&row).Error; err != nil {
		return fmt.Errorf("insert event: %w", err)
	}
	return nil
}

// Page returns page (from 1) of size events of tenant matching f, newest
// first, and the count of all that match.
func (s *Store) Page(ctx context.Context, tenant string, f Filter, page, size int) ([]Event, int64, error) {
	var total int64
	if err := s.filtered(ctx, tenant, f).Count(&total).Error; err != nil {
		return nil, 0, fmt.Errorf("count events: %w", err)
	}
	var rows []eventRow
	err := s.filtered(ctx, tenant, f).Order("performed_at DESC, id DESC").Offset((page - 1) * size).Limit(size).Find(&rows).Error
	if err != nil {
		return nil, 0, fmt.Errorf("list events: %w", err)
	}
	out := make([]Event, len(rows))
	for i, r := range rows {
		out[i] = r.toEvent()
	}
	return out, total, nil
}

// filtered is the query of tenant's events matching f.
func (s *Store) filtered(ctx context.Context, tenant string, f Filter) *gorm.DB {
	db := storage.Conn(ctx, s.db).Model(&eventRow{}).Where("tenant = ?", tenant)
	if f.Type != 0 {
		db = db.Where("event_type = ?", int(f.Type))
	}
	if !f.From.IsZero() {
		db = db.Where("performed_at >= ?", f.From.UTC())
	}
	if !f.To.IsZero() {
		db = db.Where("performed_at < ?", f.To.UTC())
	}
	if f.User != "" {
		db = db.Where("(subject = ? OR performed_by = ?)", f.User, f.User)
	}
	if f.Subject != "" {
		db = db.Where("subject = ?", f.Subject)
	}
	return db
}

// Tenants lists the tenants that have events, for the retention job.
func (s *Store) Tenants(ctx context.Context) ([]string, error) {
	var ids []string
	if err := storage.Conn(ctx, s.db).Model(&eventRow{}).Distinct().Pluck("tenant", &ids).Error; err != nil {
		return nil, fmt.Errorf("list event tenants: %w", err)
	}
	return ids, nil
}

// DeleteBefore removes tenant's events performed before t.
func (s *Store) DeleteBefore(ctx context.Context, tenant string, t time.Time) (int64, error) {
	res := storage.Conn(ctx, s.db).Where("tenant = ? AND performed_at < ?", tenant, t.UTC()).Delete(&eventRow{})
	if res.Error != nil {
		return 0, fmt.Errorf("purge events: %w", res.Error)
	}
	return res.RowsAffected, nil
}

// timeline is the last limit events of tenant about userID of the types,
// newest first.
func (s *Store) timeline(ctx context.Context, tenant, userID string, types []Type, limit int) ([]Event, error) {
	nums := make([]int, len(types))
	for i, t := range types {
		nums[i] = int(t)
	}
	var rows []eventRow
	err := storage.Conn(ctx, s.db).Where("tenant = ? AND subject = ? AND event_type IN ?", tenant, userID, nums).
		Order("performed_at DESC, id DESC").Limit(limit).Find(&rows).Error
	if err != nil {
		return nil, fmt.Errorf("user timeline: %w", err)
	}
	out := make([]Event, len(rows))
	for i, r := range rows {
		out[i] = r.toEvent()
	}
	return out, nil
}
