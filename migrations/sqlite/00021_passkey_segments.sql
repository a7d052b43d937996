-- +goose Up
-- Passkey success rates per segment (issue 21 §3) and the decision's
-- rollout rules (§4). Storage stays bounded: one row per app × day ×
-- ceremony kind × platform family × browser family × provider ×
-- attachment × outcome (begun, completed, or a client-reported errorCode,
-- or a sign-in method verified through /signin/verify), added to in
-- batches; one row per user and day the app verified a sign-in for (the
-- enrollment rate's denominator). Both are purged after 400 days.
CREATE TABLE diagnostic_segments (
    tenant      TEXT NOT NULL,
    day         TEXT NOT NULL,
    kind        TEXT NOT NULL,
    platform    TEXT NOT NULL,
    browser     TEXT NOT NULL,
    provider    TEXT NOT NULL,
    attachment  TEXT NOT NULL,
    outcome     TEXT NOT NULL,
    count       INTEGER NOT NULL,
    PRIMARY KEY (tenant, day, kind, platform, browser, provider, attachment, outcome)
);

CREATE TABLE diagnostic_signin_users (
    tenant   TEXT NOT NULL,
    day      TEXT NOT NULL,
    user_id  TEXT NOT NULL,
    PRIMARY KEY (tenant, day, user_id)
);

-- The passkey decision's rollout rules as JSON (diagnostics.Rollout); ''
-- is "no rules": passkeys offered to everyone.
ALTER TABLE app_features ADD COLUMN passkey_rollout TEXT NOT NULL DEFAULT '';

-- +goose Down
ALTER TABLE app_features DROP COLUMN passkey_rollout;
DROP TABLE diagnostic_signin_users;
DROP TABLE diagnostic_segments;
