package webhooks

import (
	"context"
	"encoding/json"
	"time"

	"passwordless/storage"
)

// The outbox is in two stages. A change appends one webhook_outbox row
// (migration 00019) in its own transaction: one statement of fixed text,
// one b-tree insert, whatever the number of messages. The worker relays
// those rows into webhook_deliveries (one row per message, with the
// indexes the delivering and the listing need) and deletes them, in one
// transaction, before it claims what is due.

// outboxMessage is one message of an outbox row, as its JSON carries it.
type outboxMessage struct {
	ID         string `json:"id"`
	EndpointID string `json:"endpoint_id"`
	EventType  string `json:"event_type"`
	Payload    string `json:"payload"`
}

// outboxEntry is what one change appends: its messages, queued at once.
type outboxEntry struct {
	Tenant    string
	CreatedAt time.Time
	// Deliveries is the JSON array of the messages; "" when none.
	Deliveries string
}

// entryOf is the outbox entry of rows (one tenant's, queued at once).
func entryOf(rows []deliveryRow) (outboxEntry, error) {
	if len(rows) == 0 {
		return outboxEntry{}, nil
	}
	msgs := make([]outboxMessage, len(rows))
	for i, r := range rows {
		msgs[i] = outboxMessage{ID: r.ID, EndpointID: r.EndpointID, EventType: r.EventType, Payload: r.Payload}
	}
	doc, err := json.Marshal(msgs)
	return outboxEntry{Tenant: rows[0].Tenant, CreatedAt: rows[0].CreatedAt, Deliveries: string(doc)}, err
}

// appendOutbox writes e, joining the transaction ctx carries: raw SQL, so
// no reflection in the change's transaction.
func (s *store) appendOutbox(ctx context.Context, e outboxEntry) error {
	if e.Deliveries == "" {
		return nil
	}
	return storage.Conn(ctx, s.db).Exec(
		"INSERT INTO webhook_outbox (tenant, created_at, expires_at, deliveries) VALUES (?, ?, ?, ?)",
		e.Tenant, e.CreatedAt, e.CreatedAt.Add(retryWindow), e.Deliveries).Error
}

// relay moves up to limit outbox rows, oldest first, of every tenant into
// webhook_deliveries as pending deliveries due at once, and deletes them,
// in one transaction (joining the one ctx carries), returning how many
// deliveries it inserted. Each row is moved once: on PostgreSQL one
// statement deletes the rows it inserts, skipping rows another instance
// is moving; on SQLite the transaction holds the one writer. A message
// already present is skipped, so nothing is ever delivered twice because
// of a relay.
func (s *store) relay(ctx context.Context, limit int) (int64, error) {
	if s.postgres {
		res := storage.Conn(ctx, s.db).Exec(relayPostgres, limit)
		return res.RowsAffected, res.Error
	}
	var n int64
	err := s.inTx(ctx, func(ctx context.Context) error {
		db := storage.Conn(ctx, s.db)
		res := db.Exec(relaySQLite, limit)
		if res.Error != nil {
			return res.Error
		}
		n = res.RowsAffected
		return db.Exec("DELETE FROM webhook_outbox WHERE seq IN (SELECT seq FROM webhook_outbox ORDER BY seq LIMIT ?)",
			limit).Error
	})
	return n, err
}

// relaySQLite inserts the messages of the oldest outbox rows; the
// transaction then deletes the same rows (nothing else writes meanwhile).
// "WHERE true" lets SQLite's parser tell the upsert clause from a join.
const relaySQLite = `INSERT INTO webhook_deliveries
  (tenant, id, endpoint_id, event_type, payload, status, next_attempt_at, expires_at, created_at)
SELECT o.tenant, m.value->>'id', m.value->>'endpoint_id', m.value->>'event_type', m.value->>'payload', 'pending',
  o.created_at, o.expires_at, o.created_at
FROM (SELECT tenant, created_at, expires_at, deliveries FROM webhook_outbox ORDER BY seq LIMIT ?) AS o,
  json_each(o.deliveries) AS m
WHERE true
ON CONFLICT DO NOTHING`

const relayPostgres = `WITH moved AS (
  DELETE FROM webhook_outbox WHERE seq IN (
    SELECT seq FROM webhook_outbox ORDER BY seq LIMIT ? FOR UPDATE SKIP LOCKED)
  RETURNING tenant, created_at, expires_at, deliveries)
INSERT INTO webhook_deliveries
  (tenant, id, endpoint_id, event_type, payload, status, next_attempt_at, expires_at, created_at)
SELECT o.tenant, m.id, m.endpoint_id, m.event_type, m.payload, 'pending', o.created_at, o.expires_at, o.created_at
FROM moved AS o, json_to_recordset(CAST(o.deliveries AS json)) AS m(id text, endpoint_id text, event_type text, payload text)
ON CONFLICT DO NOTHING`

// outboxQueue returns how many messages wait in the outbox, and when the
// oldest row was appended (zero when none), for the queue metrics.
func (s *store) outboxQueue(ctx context.Context) (int64, time.Time, error) {
	count := "SELECT COALESCE(SUM(json_array_length(deliveries)), 0) FROM webhook_outbox"
	if s.postgres {
		count = "SELECT COALESCE(SUM(json_array_length(CAST(deliveries AS json))), 0) FROM webhook_outbox"
	}
	var n int64
	if err := storage.Conn(ctx, s.db).Raw(count).Scan(&n).Error; err != nil || n == 0 {
		return n, time.Time{}, err
	}
	var oldest []struct{ CreatedAt time.Time }
	err := storage.Conn(ctx, s.db).Raw("SELECT created_at FROM webhook_outbox ORDER BY seq LIMIT 1").
		Scan(&oldest).Error
	if err != nil || len(oldest) == 0 {
		return n, time.Time{}, err
	}
	return n, oldest[0].CreatedAt.UTC(), nil
}

// outboxWaiting reports, with a plain read, whether the outbox holds a row
// (on SQLite the worker takes the writer only when it does, or when a
// delivery is due).
func (s *store) outboxWaiting(ctx context.Context) (bool, error) {
	var seqs []int64
	err := storage.Conn(ctx, s.db).Raw("SELECT seq FROM webhook_outbox LIMIT 1").Scan(&seqs).Error
	return len(seqs) > 0, err
}
