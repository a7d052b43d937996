-- +goose Up
-- The admin console (package console): its own application, organizations
-- and their admins, which applications an organization owns, one-time
-- setup links and signed-in sessions.
CREATE TABLE console_state (
    id          INTEGER PRIMARY KEY,
    app_id      TEXT NOT NULL,
    created_at  TIMESTAMPTZ NOT NULL
);

CREATE TABLE console_orgs (
    id          TEXT PRIMARY KEY,
    name        TEXT NOT NULL,
    created_at  TIMESTAMPTZ NOT NULL
);

CREATE TABLE console_admins (
    id          TEXT PRIMARY KEY,
    org_id      TEXT NOT NULL REFERENCES console_orgs(id) ON DELETE CASCADE,
    email       TEXT NOT NULL UNIQUE,
    role        TEXT NOT NULL,
    created_at  TIMESTAMPTZ NOT NULL
);

CREATE TABLE console_org_apps (
    app_id      TEXT PRIMARY KEY REFERENCES applications(id) ON DELETE CASCADE,
    org_id      TEXT NOT NULL REFERENCES console_orgs(id) ON DELETE CASCADE,
    created_at  TIMESTAMPTZ NOT NULL
);
CREATE INDEX console_org_apps_org ON console_org_apps (org_id);

CREATE TABLE console_setup_links (
    id                TEXT PRIMARY KEY,
    expires_at        TIMESTAMPTZ NOT NULL,
    used_at           TIMESTAMPTZ NULL,
    pending_admin_id  TEXT NOT NULL DEFAULT '',
    pending_email     TEXT NOT NULL DEFAULT '',
    pending_org       TEXT NOT NULL DEFAULT '',
    created_at        TIMESTAMPTZ NOT NULL
);

CREATE TABLE console_sessions (
    token_hash    BYTEA PRIMARY KEY,
    admin_id      TEXT NOT NULL REFERENCES console_admins(id) ON DELETE CASCADE,
    created_at    TIMESTAMPTZ NOT NULL,
    last_seen_at  TIMESTAMPTZ NOT NULL
);
CREATE INDEX console_sessions_admin ON console_sessions (admin_id);

-- +goose Down
DROP TABLE console_sessions;
DROP TABLE console_setup_links;
DROP TABLE console_org_apps;
DROP TABLE console_admins;
DROP TABLE console_orgs;
DROP TABLE console_state;
