-- +goose Up
-- Each user's number of passkeys, and the application's user counter of
-- 00008, kept by the database itself in the statement that inserts or
-- deletes a credential (see the PostgreSQL migration; SQLite transactions
-- are exclusive, so the triggers' reads cannot race).
-- Stop the instances of the previous version before migrating: they count
-- users in their own transactions and would count them twice.
CREATE TABLE user_passkeys (
    tenant   TEXT NOT NULL,
    user_id  TEXT NOT NULL,
    passkeys INTEGER NOT NULL,
    PRIMARY KEY (tenant, user_id)
);
INSERT INTO user_passkeys (tenant, user_id, passkeys)
SELECT tenant, user_id, COUNT(*) FROM credentials GROUP BY tenant, user_id;
DELETE FROM user_counts;
INSERT INTO user_counts (tenant, users)
SELECT tenant, COUNT(*) FROM user_passkeys GROUP BY tenant;

-- +goose StatementBegin
CREATE TRIGGER credentials_count_in AFTER INSERT ON credentials BEGIN
    INSERT INTO user_passkeys (tenant, user_id, passkeys) VALUES (NEW.tenant, NEW.user_id, 1)
    ON CONFLICT (tenant, user_id) DO UPDATE SET passkeys = passkeys + 1;
    INSERT INTO user_counts (tenant, users)
    SELECT NEW.tenant, 1
    WHERE (SELECT passkeys FROM user_passkeys WHERE tenant = NEW.tenant AND user_id = NEW.user_id) = 1
    ON CONFLICT (tenant) DO UPDATE SET users = users + 1;
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER credentials_count_out AFTER DELETE ON credentials BEGIN
    UPDATE user_passkeys SET passkeys = passkeys - 1
    WHERE tenant = OLD.tenant AND user_id = OLD.user_id;
    UPDATE user_counts SET users = users - 1
    WHERE tenant = OLD.tenant
      AND (SELECT passkeys FROM user_passkeys WHERE tenant = OLD.tenant AND user_id = OLD.user_id) = 0;
END;
-- +goose StatementEnd

-- +goose Down
DROP TRIGGER credentials_count_out;
DROP TRIGGER credentials_count_in;
DROP TABLE user_passkeys;
