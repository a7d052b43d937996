-- +goose Up
CREATE TABLE applications (
    id            TEXT PRIMARY KEY,
    admin_emails  TEXT NOT NULL DEFAULT '[]',
    created_at    TIMESTAMPTZ NOT NULL,
    delete_at     TIMESTAMPTZ NULL
);

CREATE TABLE app_features (
    tenant                          TEXT PRIMARY KEY REFERENCES applications(id) ON DELETE CASCADE,
    event_logging_enabled           BOOLEAN NOT NULL DEFAULT FALSE,
    event_logging_retention_days    INTEGER NOT NULL DEFAULT 365,
    magic_link_email_monthly_quota  INTEGER NOT NULL DEFAULT 0,
    developer_logging_ends_at       TIMESTAMPTZ NULL,
    max_users                       BIGINT NULL,
    allow_attestation               BOOLEAN NOT NULL DEFAULT FALSE,
    generate_sign_in_token_enabled  BOOLEAN NOT NULL DEFAULT TRUE,
    magic_links_enabled             BOOLEAN NOT NULL DEFAULT TRUE,
    max_credentials_per_user        BIGINT NULL
);

CREATE TABLE api_keys (
    tenant            TEXT NOT NULL REFERENCES applications(id) ON DELETE CASCADE,
    id                TEXT NOT NULL,
    kind              SMALLINT NOT NULL,
    public_value      TEXT NULL,
    secret_hash       BYTEA NULL,
    scopes            TEXT NOT NULL,
    is_locked         BOOLEAN NOT NULL DEFAULT FALSE,
    last_locked_at    TIMESTAMPTZ NULL,
    last_unlocked_at  TIMESTAMPTZ NULL,
    created_at        TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (tenant, id)
);

CREATE TABLE token_keys (
    tenant        TEXT NOT NULL,
    key_id        BIGINT NOT NULL,
    key_material  BYTEA NOT NULL,
    created_at    TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (tenant, key_id)
);

-- +goose Down
DROP TABLE token_keys;
DROP TABLE api_keys;
DROP TABLE app_features;
DROP TABLE applications;
