-- +goose Up
-- The admin console's invitations (signed, single-use, 7-day links that add
-- an admin to an organization) and the magic sign-in links already used
-- (a verify token is not single-use by itself; the console makes its
-- magic sign-in links so).
CREATE TABLE console_invites (
    id                TEXT PRIMARY KEY,
    org_id            TEXT NOT NULL REFERENCES console_orgs(id) ON DELETE CASCADE,
    email             TEXT NOT NULL,
    invited_by        TEXT NOT NULL,
    expires_at        TIMESTAMPTZ NOT NULL,
    accepted_at       TIMESTAMPTZ NULL,
    revoked_at        TIMESTAMPTZ NULL,
    pending_admin_id  TEXT NOT NULL DEFAULT '',
    created_at        TIMESTAMPTZ NOT NULL
);
CREATE INDEX console_invites_org ON console_invites (org_id);

CREATE TABLE console_used_links (
    token_id    TEXT PRIMARY KEY,
    expires_at  TIMESTAMPTZ NOT NULL
);

-- +goose Down
DROP TABLE console_used_links;
DROP TABLE console_invites;
