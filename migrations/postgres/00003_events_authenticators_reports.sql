-- +goose Up
-- The tenant event log (spec §2.10, §9.3). No foreign key to applications:
-- application deletion removes every row with the tenant column, and an
-- event must never fail the request that caused it.
CREATE TABLE events (
    id            TEXT PRIMARY KEY,
    tenant        TEXT NOT NULL,
    performed_at  TIMESTAMPTZ NOT NULL,
    event_type    INTEGER NOT NULL,
    severity      SMALLINT NOT NULL,
    message       TEXT NOT NULL,
    performed_by  TEXT NOT NULL,
    subject       TEXT NOT NULL,
    api_key_id    TEXT NOT NULL
);
-- Pages are read newest first per tenant; retention deletes the oldest.
CREATE INDEX events_tenant_performed_at ON events (tenant, performed_at DESC, id DESC);

-- The authenticator allow/block list (spec §2.9). aaguid is the canonical
-- lowercase 8-4-4-4-12 form.
CREATE TABLE authenticators (
    tenant      TEXT NOT NULL REFERENCES applications(id) ON DELETE CASCADE,
    aaguid      TEXT NOT NULL,
    is_allowed  BOOLEAN NOT NULL,
    created_at  TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (tenant, aaguid)
);

-- Daily snapshots for the reporting endpoints (spec §2.11). day is the UTC
-- date as 'YYYY-MM-DD' text in both dialects, which sorts by date.
CREATE TABLE credential_reports (
    tenant       TEXT NOT NULL,
    day          TEXT NOT NULL,
    users        BIGINT NOT NULL,
    credentials  BIGINT NOT NULL,
    PRIMARY KEY (tenant, day)
);

CREATE TABLE active_user_reports (
    tenant               TEXT NOT NULL,
    day                  TEXT NOT NULL,
    daily_active_users   BIGINT NOT NULL,
    weekly_active_users  BIGINT NOT NULL,
    total_users          BIGINT NOT NULL,
    PRIMARY KEY (tenant, day)
);

-- +goose Down
DROP TABLE active_user_reports;
DROP TABLE credential_reports;
DROP TABLE authenticators;
DROP TABLE events;
