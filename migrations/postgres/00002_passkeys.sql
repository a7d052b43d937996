-- +goose Up
-- Passkeys (spec §9.1 Credentials). The credential id is unique per tenant;
-- the user id is the UTF-8 text of the WebAuthn user handle.
CREATE TABLE credentials (
    tenant             TEXT NOT NULL,
    credential_id      BYTEA NOT NULL,
    user_id            TEXT NOT NULL,
    user_handle        BYTEA NOT NULL,
    public_key         BYTEA NOT NULL,
    attestation_fmt    TEXT NOT NULL,
    attestation_type   TEXT NOT NULL DEFAULT '',
    sign_count         BIGINT NOT NULL DEFAULT 0,
    aaguid             TEXT NULL,
    rp_id              TEXT NOT NULL,
    origin             TEXT NOT NULL,
    country            TEXT NULL,
    device             TEXT NULL,
    nickname           TEXT NULL,
    user_verified      BOOLEAN NOT NULL DEFAULT FALSE,
    backup_eligible    BOOLEAN NULL,
    backup_state       BOOLEAN NULL,
    is_discoverable    BOOLEAN NULL,
    created_at         TIMESTAMPTZ NOT NULL,
    last_used_at       TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (tenant, credential_id)
);
CREATE INDEX credentials_tenant_user ON credentials (tenant, user_id);

-- Aliases: the primary key makes an alias unique per tenant, so two users
-- racing for one alias cannot both win.
CREATE TABLE aliases (
    tenant      TEXT NOT NULL,
    alias_hash  TEXT NOT NULL,
    user_id     TEXT NOT NULL,
    plaintext   TEXT NULL,
    created_at  TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (tenant, alias_hash)
);
CREATE INDEX aliases_tenant_user ON aliases (tenant, user_id);

-- Authentication configurations ("purposes"), spec §2.8. The presets
-- sign-in and step-up exist without a row until they are edited.
CREATE TABLE authentication_configs (
    tenant             TEXT NOT NULL,
    purpose            TEXT NOT NULL,
    user_verification  TEXT NOT NULL,
    time_to_live_ms    BIGINT NOT NULL,
    hints              TEXT NOT NULL DEFAULT '',
    created_by         TEXT NOT NULL,
    created_on         TIMESTAMPTZ NULL,
    edited_by          TEXT NULL,
    edited_on          TIMESTAMPTZ NULL,
    last_used_on       TIMESTAMPTZ NULL,
    PRIMARY KEY (tenant, purpose)
);

-- +goose Down
DROP TABLE authentication_configs;
DROP TABLE aliases;
DROP TABLE credentials;
