package webhooks

import (
	"context"
	"encoding/json"
	"slices"
	"time"

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

// claimLimits narrow a claim so that one application's backlog cannot
// fill it: the tenants in skip hold their share already and are not
// claimed from, and room (when set) is how many more a tenant may take.
type claimLimits struct {
	skip []string
	room func(tenant string) int
}

// claim takes up to limit due deliveries for this worker: in one
// transaction it relays up to limit outbox rows into the deliveries, then
// selects the due deliveries (skipping rows another instance holds, on
// PostgreSQL) and moves their next attempt past the lease, so no other
// worker sees them until this one reports or dies. On SQLite a transaction
// takes the one writer, so an empty queue is first seen by plain reads.
// Besides the rows, it tells what it left due.
func (s *store) claim(ctx context.Context, now time.Time, lease time.Duration, limit int,
	lim claimLimits) (c claimed, err error) {
	if !s.postgres {
		if due, err := s.anythingDue(ctx, now); err != nil || !due {
			return claimed{}, err
		}
	}
	err = s.inTx(ctx, func(ctx context.Context) error {
		if _, err := s.relay(ctx, limit); err != nil {
			return err
		}
		q := storage.Conn(ctx, s.db).Where("status = ? AND next_attempt_at <= ?", statusPending, now).
			Order("next_attempt_at").Limit(limit)
		if len(lim.skip) > 0 {
			q = q.Where("tenant NOT IN ?", lim.skip)
		}
		if s.postgres {
			q = q.Clauses(clause.Locking{Strength: "UPDATE", Options: "SKIP LOCKED"})
		}
		var due []deliveryRow
		if err := q.Find(&due).Error; err != nil || len(due) == 0 {
			return err
		}
		c.rows, c.left = within(due, lim.room)
		c.full = len(due) == limit
		// The claim is a sweep over every tenant; the rows are named by
		// their keys (tenant, id), the primary key's index. The rows left
		// out are unlocked at commit, due as they were.
		return storage.Conn(ctx, s.db).Model(&deliveryRow{}).Where("(tenant, id) IN ?", keys(c.rows)).
			Update("next_attempt_at", now.Add(lease)).Error
	})
	if err != nil {
		return claimed{}, err
	}
	return c, nil
}

// claimed is what a claim took, and what it left due.
type claimed struct {
	rows []deliveryRow
	// full: the claim saw limit due deliveries; more may be due.
	full bool
	// left are the tenants some of whose due deliveries it left, for want
	// of room.
	left []string
}

// anythingDue reports, with plain reads, whether the outbox holds a row or
// a delivery is due.
func (s *store) anythingDue(ctx context.Context, now time.Time) (bool, error) {
	waiting, err := s.outboxWaiting(ctx)
	if err != nil || waiting {
		return waiting, err
	}
	var due []string
	err = storage.Conn(ctx, s.db).Model(&deliveryRow{}).Where("status = ? AND next_attempt_at <= ?", statusPending, now).
		Limit(1).Pluck("id", &due).Error
	return len(due) > 0, err
}

// within keeps, in order, the rows each tenant has room for (all when
// room is nil), and names the tenants it left rows of.
func within(rows []deliveryRow, room func(tenant string) int) (out []deliveryRow, left []string) {
	if room == nil {
		return rows, nil
	}
	taken := map[string]int{}
	for _, r := range rows {
		switch {
		case taken[r.Tenant] < room(r.Tenant):
			taken[r.Tenant]++
			out = append(out, r)
		case !slices.Contains(left, r.Tenant):
			left = append(left, r.Tenant)
		}
	}
	return out, left
}

// report stores the outcomes of attempts in one statement of fixed text:
// the rows travel as one JSON parameter that the database joins on the
// deliveries' keys (a statement growing with the batch would be parsed
// anew each time, and a CASE per column is quadratic).
func (s *store) report(ctx context.Context, rows []deliveryRow) error {
	if len(rows) == 0 {
		return nil
	}
	type outcome struct {
		Tenant         string  `json:"tenant"`
		ID             string  `json:"id"`
		Status         string  `json:"status"`
		Attempts       int     `json:"attempts"`
		NextAttemptAt  string  `json:"next_attempt_at"`
		LastAttemptAt  *string `json:"last_attempt_at"`
		LastStatusCode int     `json:"last_status_code"`
		LastLatencyMs  int64   `json:"last_latency_ms"`
		LastError      string  `json:"last_error"`
	}
	// SQLite compares the times as text: they are written as the driver
	// writes every time (UTC).
	format := sqliteTime
	if s.postgres {
		format = time.RFC3339Nano
	}
	out := make([]outcome, len(rows))
	for i, r := range rows {
		out[i] = outcome{Tenant: r.Tenant, ID: r.ID, Status: r.Status, Attempts: r.Attempts,
			NextAttemptAt: r.NextAttemptAt.UTC().Format(format), LastStatusCode: r.LastStatusCode,
			LastLatencyMs: r.LastLatencyMs, LastError: r.LastError}
		if r.LastAttemptAt != nil {
			t := r.LastAttemptAt.UTC().Format(format)
			out[i].LastAttemptAt = &t
		}
	}
	doc, err := json.Marshal(out)
	if err != nil {
		return err
	}
	q := reportSQLite
	if s.postgres {
		q = reportPostgres
	}
	return storage.Conn(ctx, s.db).Exec(q, string(doc)).Error
}

// sqliteTime is how the SQLite driver writes a time.
const sqliteTime = "2006-01-02 15:04:05.999999999-07:00"

const reportSQLite = `UPDATE webhook_deliveries SET status = r.value->>'status', attempts = r.value->>'attempts',
  next_attempt_at = r.value->>'next_attempt_at', last_attempt_at = r.value->>'last_attempt_at',
  last_status_code = r.value->>'last_status_code', last_latency_ms = r.value->>'last_latency_ms',
  last_error = r.value->>'last_error'
FROM json_each(?) AS r
WHERE webhook_deliveries.tenant = r.value->>'tenant' AND webhook_deliveries.id = r.value->>'id'`

const reportPostgres = `UPDATE webhook_deliveries AS d SET status = r.status, attempts = r.attempts,
  next_attempt_at = r.next_attempt_at, last_attempt_at = r.last_attempt_at,
  last_status_code = r.last_status_code, last_latency_ms = r.last_latency_ms, last_error = r.last_error
FROM jsonb_to_recordset(CAST(? AS jsonb)) AS r(tenant text, id text, status text, attempts integer,
  next_attempt_at timestamptz, last_attempt_at timestamptz, last_status_code integer, last_latency_ms bigint,
  last_error text)
WHERE d.tenant = r.tenant AND d.id = r.id`

// keys are rows' (tenant, id) pairs, for a "(tenant, id) IN ?" condition.
func keys(rows []deliveryRow) [][]any {
	out := make([][]any, len(rows))
	for i, r := range rows {
		out[i] = []any{r.Tenant, r.ID}
	}
	return out
}

// queue returns the number of pending deliveries, those still in the
// outbox included, and the creation time of the oldest (zero when none).
func (s *store) queue(ctx context.Context) (int64, time.Time, error) {
	waiting, since, err := s.outboxQueue(ctx)
	if err != nil {
		return 0, time.Time{}, err
	}
	var n int64
	pending := storage.Conn(ctx, s.db).Model(&deliveryRow{}).Where("status = ?", statusPending)
	if err := pending.Count(&n).Error; err != nil || n == 0 {
		return n + waiting, since, err
	}
	var oldest []deliveryRow
	err = storage.Conn(ctx, s.db).Select("created_at").Where("status = ?", statusPending).
		Order("created_at").Limit(1).Find(&oldest).Error
	if err != nil || len(oldest) == 0 {
		return n + waiting, since, err
	}
	if at := oldest[0].CreatedAt.UTC(); since.IsZero() || at.Before(since) {
		since = at
	}
	return n + waiting, since, nil
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
