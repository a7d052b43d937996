-- +goose Up
-- Webhook endpoints of an application. The signing secrets are stored
-- encrypted (AES-GCM under a key derived from TOKEN_SECRET): a signing key
-- cannot be kept as a hash. previous_secret signs alongside secret until
-- previous_until, after a rotation.
CREATE TABLE webhook_endpoints (
    tenant          TEXT NOT NULL,
    id              TEXT NOT NULL,
    url             TEXT NOT NULL,
    description     TEXT NOT NULL DEFAULT '',
    events          TEXT NOT NULL,
    secret          TEXT NOT NULL,
    previous_secret TEXT NOT NULL DEFAULT '',
    previous_until  DATETIME,
    created_at      DATETIME NOT NULL,
    -- failing_since: the first failed attempt since the last success;
    -- disabled_at: set after 3 days of failures, cleared by enable.
    failing_since   DATETIME,
    disabled_at     DATETIME,
    PRIMARY KEY (tenant, id)
);

-- The outbox: one row per message and endpoint, written in the transaction
-- of the change it reports, delivered by the worker.
CREATE TABLE webhook_deliveries (
    tenant           TEXT NOT NULL,
    id               TEXT NOT NULL,
    endpoint_id      TEXT NOT NULL,
    event_type       TEXT NOT NULL,
    payload          TEXT NOT NULL,
    status           TEXT NOT NULL,
    attempts         INTEGER NOT NULL DEFAULT 0,
    next_attempt_at  DATETIME NOT NULL,
    expires_at       DATETIME NOT NULL,
    created_at       DATETIME NOT NULL,
    last_attempt_at  DATETIME,
    last_status_code INTEGER NOT NULL DEFAULT 0,
    last_latency_ms  INTEGER NOT NULL DEFAULT 0,
    last_error       TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (tenant, id)
);
CREATE INDEX webhook_deliveries_due ON webhook_deliveries (status, next_attempt_at);
CREATE INDEX webhook_deliveries_endpoint ON webhook_deliveries (tenant, endpoint_id, created_at);

-- +goose Down
DROP TABLE webhook_deliveries;
DROP TABLE webhook_endpoints;
