-- +goose Up
-- Mail a transaction asked for (package mail's queue): recorded in the
-- transaction, sent after it commits and retried until it is out. A row
-- names what to send (kind, ref), never the message: the text is rendered
-- at send time, so no link that signs someone in is stored.
CREATE TABLE mail_queue (
    id          TEXT PRIMARY KEY,
    kind        TEXT NOT NULL,
    ref         TEXT NOT NULL,
    attempts    INTEGER NOT NULL DEFAULT 0,
    next_at     TIMESTAMPTZ NOT NULL,
    last_error  TEXT NOT NULL DEFAULT '',
    created_at  TIMESTAMPTZ NOT NULL
);
CREATE INDEX mail_queue_next ON mail_queue (next_at);

-- +goose Down
DROP TABLE mail_queue;
