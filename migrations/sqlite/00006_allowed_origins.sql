-- +goose Up
-- The origins an application's ceremonies may come from, as a JSON array
-- of strings; '[]' keeps accepting any origin (issue 16).
ALTER TABLE app_features ADD COLUMN allowed_origins TEXT NOT NULL DEFAULT '[]';

-- +goose Down
ALTER TABLE app_features DROP COLUMN allowed_origins;
