-- The outbox proper: what a change queues for webhooks, one row per
-- transaction, appended in the transaction of the change. deliveries is
-- the JSON array of its messages ({id, endpoint_id, event_type, payload},
-- the ids fixed here, so a message's webhook-id never changes). The
-- worker relays rows into webhook_deliveries (oldest seq first) and
-- deletes them in one transaction. The table has no index but its rowid:
-- an append is one b-tree insert at its right edge (webhook_deliveries'
-- rows cost four b-tree inserts each). seq is a plain rowid, not
-- AUTOINCREMENT (which writes sqlite_sequence on every insert): a seq may
-- be reused once the table is empty, which nothing minds.

-- +goose Up
CREATE TABLE webhook_outbox (
    seq        INTEGER PRIMARY KEY,
    tenant     TEXT NOT NULL,
    created_at DATETIME NOT NULL,
    expires_at DATETIME NOT NULL,
    deliveries TEXT NOT NULL
);

-- +goose Down
DROP TABLE webhook_outbox;
