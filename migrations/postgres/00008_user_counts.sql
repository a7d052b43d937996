-- +goose Up
-- The number of users with at least one passkey, per application, kept in
-- the transaction that adds a user's first passkey or removes the last one,
-- so /users/count and the maxUsers check read one row instead of counting
-- distinct users (which grows with the application). Backfilled from the
-- credentials present when the migration runs.
CREATE TABLE user_counts (
    tenant  TEXT NOT NULL PRIMARY KEY,
    users   BIGINT NOT NULL DEFAULT 0
);
INSERT INTO user_counts (tenant, users)
SELECT tenant, COUNT(DISTINCT user_id) FROM credentials GROUP BY tenant;

-- +goose Down
DROP TABLE user_counts;
