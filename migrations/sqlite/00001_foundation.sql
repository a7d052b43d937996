-- +goose Up
CREATE TABLE applications (
    id            TEXT PRIMARY KEY,
    admin_emails  TEXT NOT NULL DEFAULT '[]',
    created_at    DATETIME NOT NULL,
    delete_at     DATETIME NULL
);

CREATE TABLE app_features (
    tenant                          TEXT PRIMARY KEY REFERENCES applications(id) ON DELETE CASCADE,
    event_logging_enabled           BOOLEAN NOT NULL DEFAULT 0,
    event_logging_retention_days    INTEGER NOT NULL DEFAULT 365,
    magic_link_email_monthly_quota  INTEGER NOT NULL DEFAULT 0,
    developer_logging_ends_at       DATETIME NULL,
    max_users                       INTEGER NULL,
    allow_attestation               BOOLEAN NOT NULL DEFAULT 0,
    generate_sign_in_token_enabled  BOOLEAN NOT NULL DEFAULT 1,
    magic_links_enabled             BOOLEAN NOT NULL DEFAULT 1,
    max_credentials_per_user        INTEGER NULL
);

CREATE TABLE api_keys (
    tenant            TEXT NOT NULL REFERENCES applications(id) ON DELETE CASCADE,
    id                TEXT NOT NULL,
    kind              INTEGER NOT NULL,
    public_value      TEXT NULL,
    secret_hash       BLOB NULL,
    scopes            TEXT NOT NULL,
    is_locked         BOOLEAN NOT NULL DEFAULT 0,
    last_locked_at    DATETIME NULL,
    last_unlocked_at  DATETIME NULL,
    created_at        DATETIME NOT NULL,
    PRIMARY KEY (tenant, id)
);

CREATE TABLE token_keys (
    tenant        TEXT NOT NULL,
    key_id        INTEGER NOT NULL,
    key_material  BLOB NOT NULL,
    created_at    DATETIME NOT NULL,
    PRIMARY KEY (tenant, key_id)
);

-- +goose Down
DROP TABLE token_keys;
DROP TABLE api_keys;
DROP TABLE app_features;
DROP TABLE applications;
