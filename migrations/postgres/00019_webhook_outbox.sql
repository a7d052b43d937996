-- The outbox proper: what a change queues for webhooks, one row per
-- transaction, appended in the transaction of the change. deliveries is
-- the JSON array of its messages ({id, endpoint_id, event_type, payload},
-- the ids fixed here, so a message's webhook-id never changes). Workers
-- relay rows into webhook_deliveries and delete them in one statement
-- (FOR UPDATE SKIP LOCKED: each row is moved by one instance). No index
-- but the primary key; deliveries is text (parsed only when relayed).

-- +goose Up
CREATE TABLE webhook_outbox (
    seq        BIGSERIAL PRIMARY KEY,
    tenant     TEXT NOT NULL,
    created_at TIMESTAMPTZ NOT NULL,
    expires_at TIMESTAMPTZ NOT NULL,
    deliveries TEXT NOT NULL
);

-- +goose Down
DROP TABLE webhook_outbox;
