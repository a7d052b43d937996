-- +goose Up
-- Sliding-window logs of the quotas (magic-link e-mails) when no Redis is
-- configured, so that a restart never hands an application its quota back.
CREATE TABLE quota_log (
    tenant  TEXT NOT NULL,
    key     TEXT NOT NULL,
    id      TEXT NOT NULL,
    at      DATETIME NOT NULL,
    PRIMARY KEY (key, id)
);
CREATE INDEX quota_log_key_at ON quota_log (key, at);
CREATE INDEX quota_log_tenant ON quota_log (tenant);

-- +goose Down
DROP TABLE quota_log;
