-- +goose Up
-- user_passkeys becomes the tenant's user directory: one row for every user
-- with a passkey or an alias, with the user's passkey count, alias count and
-- last sign-in (the latest last_used_at over the user's credentials), all
-- kept by triggers in the statement that changes a credential or an alias.
-- /users/list then reads one page as one range of this table's primary key
-- instead of merging and aggregating credentials and aliases per request.
-- The user counter of 00015 is unchanged: it counts users with a passkey,
-- and an alias-only row (passkeys = 0) is not one.
ALTER TABLE user_passkeys ADD COLUMN aliases BIGINT NOT NULL DEFAULT 0;
ALTER TABLE user_passkeys ADD COLUMN last_used_at TIMESTAMPTZ NULL;
UPDATE user_passkeys u SET last_used_at = c.last_used
FROM (SELECT tenant, user_id, MAX(last_used_at) AS last_used FROM credentials GROUP BY tenant, user_id) c
WHERE u.tenant = c.tenant AND u.user_id = c.user_id;
INSERT INTO user_passkeys (tenant, user_id, passkeys, aliases)
SELECT tenant, user_id, 0, COUNT(*) FROM aliases GROUP BY tenant, user_id
ON CONFLICT (tenant, user_id) DO UPDATE SET aliases = EXCLUDED.aliases;

-- +goose StatementBegin
CREATE OR REPLACE FUNCTION credentials_count_users() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE n BIGINT; last TIMESTAMPTZ;
BEGIN
    IF TG_OP = 'INSERT' THEN
        INSERT INTO user_passkeys AS u (tenant, user_id, passkeys, last_used_at)
        VALUES (NEW.tenant, NEW.user_id, 1, NEW.last_used_at)
        ON CONFLICT (tenant, user_id) DO UPDATE SET passkeys = u.passkeys + 1,
            last_used_at = GREATEST(u.last_used_at, EXCLUDED.last_used_at)
        RETURNING u.passkeys INTO n;
        IF n = 1 THEN
            INSERT INTO user_counts (tenant, users) VALUES (NEW.tenant, 1)
            ON CONFLICT (tenant) DO UPDATE SET users = user_counts.users + 1;
        END IF;
    ELSE
        UPDATE user_passkeys SET passkeys = passkeys - 1
        WHERE tenant = OLD.tenant AND user_id = OLD.user_id
        RETURNING passkeys, last_used_at INTO n, last;
        -- The latest sign-in is read again only when the deleted passkey
        -- held it, in a statement of its own: it runs under the row lock
        -- just taken, with a snapshot that sees every credential change
        -- committed before (one still running waits for the lock and then
        -- moves last_used_at forward itself).
        IF last IS NOT NULL AND last <= OLD.last_used_at THEN
            UPDATE user_passkeys SET last_used_at = (SELECT MAX(last_used_at) FROM credentials
                WHERE tenant = OLD.tenant AND user_id = OLD.user_id)
            WHERE tenant = OLD.tenant AND user_id = OLD.user_id;
        END IF;
        IF n = 0 THEN
            UPDATE user_counts SET users = users - 1 WHERE tenant = OLD.tenant;
        END IF;
    END IF;
    RETURN NULL;
END
$$;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE FUNCTION credentials_last_used() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE user_passkeys SET last_used_at = NEW.last_used_at
    WHERE tenant = NEW.tenant AND user_id = NEW.user_id
      AND (last_used_at IS NULL OR last_used_at < NEW.last_used_at);
    RETURN NULL;
END
$$;
-- +goose StatementEnd
CREATE TRIGGER credentials_last_used AFTER UPDATE OF last_used_at ON credentials
FOR EACH ROW WHEN (NEW.last_used_at > OLD.last_used_at) EXECUTE FUNCTION credentials_last_used();

-- +goose StatementBegin
CREATE FUNCTION aliases_count() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'INSERT' THEN
        INSERT INTO user_passkeys AS u (tenant, user_id, passkeys, aliases)
        VALUES (NEW.tenant, NEW.user_id, 0, 1)
        ON CONFLICT (tenant, user_id) DO UPDATE SET aliases = u.aliases + 1;
    ELSE
        UPDATE user_passkeys SET aliases = aliases - 1
        WHERE tenant = OLD.tenant AND user_id = OLD.user_id;
    END IF;
    RETURN NULL;
END
$$;
-- +goose StatementEnd
CREATE TRIGGER aliases_count AFTER INSERT OR DELETE ON aliases
FOR EACH ROW EXECUTE FUNCTION aliases_count();

-- +goose Down
DROP TRIGGER aliases_count ON aliases;
DROP FUNCTION aliases_count();
DROP TRIGGER credentials_last_used ON credentials;
DROP FUNCTION credentials_last_used();
-- +goose StatementBegin
CREATE OR REPLACE FUNCTION credentials_count_users() RETURNS trigger LANGUAGE plpgsql AS $$
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
DELETE FROM user_passkeys WHERE passkeys = 0;
ALTER TABLE user_passkeys DROP COLUMN last_used_at;
ALTER TABLE user_passkeys DROP COLUMN aliases;
