-- +goose Up
-- Passkey intelligence (issue 15). Storage stays bounded whatever the
-- report rate: one counter row per app × day × ceremony × platform ×
-- errorCode (the funnel's begun/completed are counted in the same table
-- under the codes "_begun" and "_completed"), a ring of at most
-- diagnostics.SampleSlots recent reports per app, and one row per user
-- the app reported a failure or a prompt for.
CREATE TABLE diagnostic_counters (
    tenant      TEXT NOT NULL,
    day         TEXT NOT NULL,
    ceremony    TEXT NOT NULL,
    platform    TEXT NOT NULL,
    error_code  TEXT NOT NULL,
    count       INTEGER NOT NULL,
    PRIMARY KEY (tenant, day, ceremony, platform, error_code)
);

CREATE TABLE diagnostic_samples (
    tenant       TEXT NOT NULL,
    slot         INTEGER NOT NULL,
    received_at  DATETIME NOT NULL,
    error_code   TEXT NOT NULL,
    report       TEXT NOT NULL,
    PRIMARY KEY (tenant, slot)
);

CREATE TABLE diagnostic_users (
    tenant               TEXT NOT NULL,
    user_id              TEXT NOT NULL,
    failed_at            DATETIME NULL,
    failure_code         TEXT NOT NULL DEFAULT '',
    failure_action       TEXT NOT NULL DEFAULT '',
    event_at             DATETIME NULL,
    event_code           TEXT NOT NULL DEFAULT '',
    skipped_at           DATETIME NULL,
    sign_ins_since_skip  INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (tenant, user_id)
);

ALTER TABLE app_features ADD COLUMN passkey_prompt_skip_sign_ins INTEGER NOT NULL DEFAULT 10;
ALTER TABLE app_features ADD COLUMN passkey_prompt_skip_days INTEGER NOT NULL DEFAULT 7;

-- +goose Down
ALTER TABLE app_features DROP COLUMN passkey_prompt_skip_days;
ALTER TABLE app_features DROP COLUMN passkey_prompt_skip_sign_ins;
DROP TABLE diagnostic_users;
DROP TABLE diagnostic_samples;
DROP TABLE diagnostic_counters;
