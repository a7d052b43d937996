-- +goose Up
-- Each user's number of passkeys, and the application's user counter of
-- 00008, kept by the database itself in the statement that inserts or
-- deletes a credential: a registration is one statement (the insert), and
-- the counts stay exact under concurrency without an advisory lock, since
-- every change to one user's passkeys updates that user's row here and the
-- row lock orders them (a first passkey sees 1, a last deletion sees 0).
-- Stop the instances of the previous version before migrating: they count
-- users in their own transactions and would count them twice.
CREATE TABLE user_passkeys (
    tenant   TEXT NOT NULL,
    user_id  TEXT NOT NULL,
    passkeys BIGINT NOT NULL,
    PRIMARY KEY (tenant, user_id)
);
INSERT INTO user_passkeys (tenant, user_id, passkeys)
SELECT tenant, user_id, COUNT(*) FROM credentials GROUP BY tenant, user_id;
DELETE FROM user_counts;
INSERT INTO user_counts (tenant, users)
SELECT tenant, COUNT(*) FROM user_passkeys GROUP BY tenant;

-- +goose StatementBegin
CREATE FUNCTION credentials_count_users() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE n BIGINT;
BEGIN
    IF TG_OP = 'INSERT' THEN
        INSERT INTO user_passkeys AS u (tenant, user_id, passkeys) VALUES (NEW.tenant, NEW.user_id, 1)
        ON CONFLICT (tenant, user_id) DO UPDATE SET passkeys = u.passkeys + 1
        RETURNING u.passkeys INTO n;
        IF n = 1 THEN
            INSERT INTO user_counts (tenant, users) VALUES (NEW.tenant, 1)
            ON CONFLICT (tenant) DO UPDATE SET users = user_counts.users + 1;
        END IF;
    ELSE
        UPDATE user_passkeys SET passkeys = passkeys - 1
        WHERE tenant = OLD.tenant AND user_id = OLD.user_id
        RETURNING passkeys INTO n;
        IF n = 0 THEN
            UPDATE user_counts SET users = users - 1 WHERE tenant = OLD.tenant;
        END IF;
    END IF;
    RETURN NULL;
END
$$;
-- +goose StatementEnd
CREATE TRIGGER credentials_count_users AFTER INSERT OR DELETE ON credentials
FOR EACH ROW EXECUTE FUNCTION credentials_count_users();

-- +goose Down
DROP TRIGGER credentials_count_users ON credentials;
DROP FUNCTION credentials_count_users();
DROP TABLE user_passkeys;
