package mail

import (
	"context"
	"time"

	"gorm.io/gorm"

	"passwordless/storage"
)

// queueRow is one queued mail (migration 00022).
type queueRow struct {
	ID        string `gorm:"primaryKey"`
	Kind      string
	Ref       string
	Attempts  int
	NextAt    time.Time
	LastError string
	CreatedAt time.Time
}

func (queueRow) TableName() string { return "mail_queue" }

// queueStore reads and writes mail_queue.
type queueStore struct{ db *gorm.DB }

func (s *queueStore) insert(ctx context.Context, row *queueRow) error {
	return storage.Conn(ctx, s.db).Create(row).Error
}

// claim takes the due row id for one attempt: its next attempt moves to
// until, so no other sender (the after-commit send, the job, another
// instance) takes it meanwhile. nil when it is not due or gone.
func (s *queueStore) claim(ctx context.Context, id string, now, until time.Time) (*queueRow, error) {
	db := storage.Conn(ctx, s.db)
	res := db.Model(&queueRow{}).Where("id = ? AND next_at <= ?", id, now).
		Updates(map[string]any{"next_at": until, "attempts": gorm.Expr("attempts + 1")})
	if res.Error != nil || res.RowsAffected != 1 {
		return nil, res.Error
	}
	var rows []queueRow
	if err := db.Where("id = ?", id).Limit(1).Find(&rows).Error; err != nil || len(rows) == 0 {
		return nil, err
	}
	return &rows[0], nil
}

// due lists the ids of up to limit rows due at now, oldest first.
func (s *queueStore) due(ctx context.Context, now time.Time, limit int) ([]string, error) {
	var ids []string
	err := storage.Conn(ctx, s.db).Model(&queueRow{}).Where("next_at <= ?", now).
		Order("next_at, id").Limit(limit).Pluck("id", &ids).Error
	return ids, err
}

func (s *queueStore) remove(ctx context.Context, id string) error {
	return storage.Conn(ctx, s.db).Where("id = ?", id).Delete(&queueRow{}).Error
}

// retryAt schedules the next attempt of id after a failed one.
func (s *queueStore) retryAt(ctx context.Context, id string, next time.Time, lastError string) error {
	return storage.Conn(ctx, s.db).Model(&queueRow{}).Where("id = ?", id).
		Updates(map[string]any{"next_at": next, "last_error": lastError}).Error
}
