-- +goose Up
-- The device of a ceremony's event ("Safari on iOS"), named from the
-- request's User-Agent by the family parser, so a user's timeline in the
-- console shows platform and browser. Only the families are kept, never
-- the User-Agent itself; events without a device (most) keep ''.
ALTER TABLE events ADD COLUMN device TEXT NOT NULL DEFAULT '';

-- +goose Down
ALTER TABLE events DROP COLUMN device;
