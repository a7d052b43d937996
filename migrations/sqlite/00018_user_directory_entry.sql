-- PostgreSQL's user directory keeps each user's /users/list entry as
-- rendered JSON (see migrations/postgres/00018). On SQLite the server
-- renders the entries itself, so this version changes nothing; it exists
-- so both dialects number their migrations alike.

-- +goose Up
SELECT 1;

-- +goose Down
SELECT 1;
