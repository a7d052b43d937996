-- Issue 24 item 5 and issue 21 section 2: a client failure report no longer
-- changes a user's prompt state by itself. A report whose session names a
-- live ceremony leaves one row here, keyed by the SHA-256 of the session
-- value (never the value); it changes the user's state only when the
-- tenant's backend presents that session in POST /users/passkey-prompt
-- after the user signed in on that client. Rows older than a day are
-- deleted by the hourly diagnostics purge.
-- +goose Up
CREATE TABLE diagnostic_ceremony_failures (
    tenant        TEXT NOT NULL,
    session_hash  TEXT NOT NULL,
    user_id       TEXT NOT NULL DEFAULT '',
    ceremony      TEXT NOT NULL,
    error_code    TEXT NOT NULL,
    action        TEXT NOT NULL,
    device        TEXT NOT NULL DEFAULT '',
    reported_at   TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (tenant, session_hash)
);
CREATE INDEX diagnostic_ceremony_failures_reported ON diagnostic_ceremony_failures (reported_at);

-- "Not supported on this device" suppresses prompts for one device of one
-- user (platform + browser family, or a client-provided device id), until
-- a time (30 days after the confirmed failure).
CREATE TABLE diagnostic_device_suppressions (
    tenant   TEXT NOT NULL,
    user_id  TEXT NOT NULL,
    device   TEXT NOT NULL,
    expires_at TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (tenant, user_id, device)
);
CREATE INDEX diagnostic_device_suppressions_expires ON diagnostic_device_suppressions (expires_at);

-- +goose Down
DROP TABLE diagnostic_device_suppressions;
DROP TABLE diagnostic_ceremony_failures;
