package webhooks

import (
	"context"
	"strings"
	"time"

	"gorm.io/gorm"
	"gorm.io/gorm/clause"

	"passwordless/storage"
)

// Delivery states.
const (
	statusPending   = "pending"
	statusDelivered = "delivered"
	statusFailed    = "failed"
)

// deliveryRow is a webhook_deliveries row: one message to one endpoint.
type deliveryRow struct {
	Tenant         string `gorm:"primaryKey"`
	ID             string `gorm:"primaryKey"`
	EndpointID     string
	EventType      string
	Payload        string
	Status         string
	Attempts       int
	NextAttemptAt  time.Time
	ExpiresAt      time.Time
	CreatedAt      time.Time
	LastAttemptAt  *time.Time
	LastStatusCode int
	LastLatencyMs  int64
	LastError      string
}

func (deliveryRow) TableName() string { return "webhook_deliveries" }

func (s *store) insertDeliveries(ctx context.Context, rows []deliveryRow) error {
	if len(rows) == 0 {
		return nil
	}
	return storage.Conn(ctx, s.db).Create(&rows).Error
}

// deliveries lists an endpoint's most recent deliveries, newest first.
func (s *store) deliveries(ctx context.Context, tenant, endpointID string, limit int) ([]deliveryRow, error) {
	var rows []deliveryRow
	err := storage.Conn(ctx, s.db).Where("tenant = ? AND endpoint_id = ?", tenant, endpointID).
		Order("created_at DESC, id DESC").Limit(limit).Find(&rows).Error
	return rows, err
}

// requeue makes a delivery of tenant due at now again, for another 24 h;
// false when there is none.
func (s *store) requeue(ctx context.Context, tenant, id string, now time.Time) (bool, error) {
	res := storage.Conn(ctx, s.db).Model(&deliveryRow{}).Where("tenant = ? AND id = ?", tenant, id).
		Updates(map[string]any{"status": statusPending, "next_attempt_at": now, "expires_at": now.Add(retryWindow)})
	return res.RowsAffected > 0, res.Error
}

// claim takes up to limit due deliveries for this worker: in one
// transaction it selects them (skipping rows another instance holds, on
// PostgreSQL) and moves their next attempt past the lease, so no other
// worker sees them until this one reports or dies. On SQLite a transaction
// takes the one writer, so an empty queue is first seen by a plain read.
func (s *store) claim(ctx context.Context, now time.Time, lease time.Duration, limit int) ([]deliveryRow, error) {
	var rows []deliveryRow
	if !s.postgres {
		var due []string
		err := storage.Conn(ctx, s.db).Model(&deliveryRow{}).Where("status = ? AND next_attempt_at <= ?", statusPending, now).
			Limit(1).Pluck("id", &due).Error
		if err != nil || len(due) == 0 {
			return nil, err
		}
	}
	err := s.inTx(ctx, func(ctx context.Context) error {
		q := storage.Conn(ctx, s.db).Where("status = ? AND next_attempt_at <= ?", statusPending, now).
			Order("next_attempt_at").Limit(limit)
		if s.postgres {
			q = q.Clauses(clause.Locking{Strength: "UPDATE", Options: "SKIP LOCKED"})
		}
		if err := q.Find(&rows).Error; err != nil || len(rows) == 0 {
			return err
		}
		ids := make([]string, len(rows))
		for i, r := range rows {
			ids[i] = r.ID
		}
		// Delivery ids are unique across tenants (msg_ + UUIDv7); the
		// claim is a sweep over every tenant.
		return storage.Conn(ctx, s.db).Model(&deliveryRow{}).Where("id IN ?", ids).
			Update("next_attempt_at", now.Add(lease)).Error
	})
	return rows, err
}

// report stores the outcomes of attempts, in one statement: each column is
// set, row by row, by a CASE over the rows' keys.
func (s *store) report(ctx context.Context, rows []deliveryRow) error {
	if len(rows) == 0 {
		return nil
	}
	each := func(typ string, v func(r deliveryRow) any) clause.Expr {
		var b strings.Builder
		args := make([]any, 0, 3*len(rows))
		b.WriteString("CASE")
		for _, r := range rows {
			b.WriteString(" WHEN tenant = ? AND id = ? THEN " + typed(s.postgres, typ))
			args = append(args, r.Tenant, r.ID, v(r))
		}
		b.WriteString(" END")
		return gorm.Expr(b.String(), args...)
	}
	return storage.Conn(ctx, s.db).Model(&deliveryRow{}).Where("(tenant, id) IN ?", keys(rows)).
		Updates(map[string]any{
			"status":           each("text", func(r deliveryRow) any { return r.Status }),
			"attempts":         each("integer", func(r deliveryRow) any { return r.Attempts }),
			"next_attempt_at":  each("timestamptz", func(r deliveryRow) any { return r.NextAttemptAt }),
			"last_attempt_at":  each("timestamptz", func(r deliveryRow) any { return r.LastAttemptAt }),
			"last_status_code": each("integer", func(r deliveryRow) any { return r.LastStatusCode }),
			"last_latency_ms":  each("bigint", func(r deliveryRow) any { return r.LastLatencyMs }),
			"last_error":       each("text", func(r deliveryRow) any { return r.LastError }),
		}).Error
}

// typed is a parameter of a CASE branch: PostgreSQL needs its type (an
// untyped parameter would make the CASE text), SQLite takes it as it is.
func typed(postgres bool, typ string) string {
	if postgres {
		return "CAST(? AS " + typ + ")"
	}
	return "?"
}

// keys are rows' (tenant, id) pairs, for a "(tenant, id) IN ?" condition.
func keys(rows []deliveryRow) [][]any {
	out := make([][]any, len(rows))
	for i, r := range rows {
		out[i] = []any{r.Tenant, r.ID}
	}
	return out
}

// queue returns the number of pending deliveries and the creation time of
// the oldest (zero when none).
func (s *store) queue(ctx context.Context) (int64, time.Time, error) {
	var n int64
	pending := storage.Conn(ctx, s.db).Model(&deliveryRow{}).Where("status = ?", statusPending)
	if err := pending.Count(&n).Error; err != nil || n == 0 {
		return n, time.Time{}, err
	}
	var oldest []deliveryRow
	err := storage.Conn(ctx, s.db).Select("created_at").Where("status = ?", statusPending).
		Order("created_at").Limit(1).Find(&oldest).Error
	if err != nil || len(oldest) == 0 {
		return n, time.Time{}, err
	}
	return n, oldest[0].CreatedAt.UTC(), nil
}

func (s *store) deleteDelivery(ctx context.Context, tenant, id string) error {
	return storage.Conn(ctx, s.db).Where("tenant = ? AND id = ?", tenant, id).Delete(&deliveryRow{}).Error
}

// postpone makes claimed deliveries due at until without counting an
// attempt (the per-application rate limit, a shutdown).
func (s *store) postpone(ctx context.Context, rows []deliveryRow, until time.Time) error {
	if len(rows) == 0 {
		return nil
	}
	return storage.Conn(ctx, s.db).Model(&deliveryRow{}).Where("(tenant, id) IN ?", keys(rows)).
		Update("next_attempt_at", until).Error
}

// purgeBefore deletes the finished (delivered or failed) deliveries of
// every tenant created before cutoff.
func (s *store) purgeBefore(ctx context.Context, cutoff time.Time) (int64, error) {
	res := storage.Conn(ctx, s.db).Where("status <> ? AND created_at < ?", statusPending, cutoff).
		Delete(&deliveryRow{})
	return res.RowsAffected, res.Error
}

// insertDeliveriesOnce inserts rows, skipping any whose id the tenant
// already has; it returns how many were new.
func (s *store) insertDeliveriesOnce(ctx context.Context, rows []deliveryRow) (int64, error) {
	if len(rows) == 0 {
		return 0, nil
	}
	res := storage.Conn(ctx, s.db).Clauses(clause.OnConflict{DoNothing: true}).Create(&rows)
	return res.RowsAffected, res.Error
}

// subscribersOf lists the enabled endpoints, of every tenant, subscribed
// to event (the spike job's sweep).
func (s *store) subscribersOf(ctx context.Context, event string) ([]endpointRow, error) {
	var rows []endpointRow
	err := storage.Conn(ctx, s.db).Where("disabled_at IS NULL AND events LIKE ?", "%"+event+"%").
		Order("tenant, created_at").Find(&rows).Error
	out := rows[:0]
	for _, r := range rows {
		if containsField(r.Events, event) {
			out = append(out, r)
		}
	}
	return out, err
}
