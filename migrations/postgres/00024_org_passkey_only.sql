-- +goose Up
-- An organization's switch that turns off admin magic links (issue 22):
-- its admins then sign in with their passkey only. Off by default.
ALTER TABLE console_orgs ADD COLUMN passkey_only BOOLEAN NOT NULL DEFAULT FALSE;

-- +goose Down
ALTER TABLE console_orgs DROP COLUMN passkey_only;
