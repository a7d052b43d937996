-- The user directory (00016) also keeps each user's aliases, as the JSON
-- array /users/list answers (plaintexts in alias-hash order, null for a
-- hashed alias), so a page of the list is one range read of the directory
-- instead of a join with the aliases table (which cost PostgreSQL as much
-- as the rest of the request). Kept by the alias triggers in the statement
-- that adds, changes or removes an alias.

-- +goose Up
ALTER TABLE user_passkeys ADD COLUMN alias_list TEXT NOT NULL DEFAULT '[]';
UPDATE user_passkeys u SET alias_list = a.list
FROM (SELECT tenant, user_id, json_agg(plaintext ORDER BY alias_hash)::text AS list
      FROM aliases GROUP BY tenant, user_id) a
WHERE u.tenant = a.tenant AND u.user_id = a.user_id;

-- +goose StatementBegin
CREATE FUNCTION user_alias_list(t TEXT, u TEXT) RETURNS TEXT LANGUAGE sql STABLE AS $$
    SELECT COALESCE(json_agg(plaintext ORDER BY alias_hash)::text, '[]')
    FROM aliases WHERE tenant = t AND user_id = u
$$;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE OR REPLACE FUNCTION aliases_count() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'INSERT' THEN
        INSERT INTO user_passkeys AS u (tenant, user_id, passkeys, aliases, alias_list)
        VALUES (NEW.tenant, NEW.user_id, 0, 1, user_alias_list(NEW.tenant, NEW.user_id))
        ON CONFLICT (tenant, user_id) DO UPDATE SET aliases = u.aliases + 1, alias_list = EXCLUDED.alias_list;
    ELSIF TG_OP = 'UPDATE' THEN
        UPDATE user_passkeys SET alias_list = user_alias_list(NEW.tenant, NEW.user_id)
        WHERE tenant = NEW.tenant AND user_id = NEW.user_id;
    ELSE
        UPDATE user_passkeys SET aliases = aliases - 1, alias_list = user_alias_list(OLD.tenant, OLD.user_id)
        WHERE tenant = OLD.tenant AND user_id = OLD.user_id;
    END IF;
    RETURN NULL;
END
$$;
-- +goose StatementEnd
CREATE TRIGGER aliases_plaintext AFTER UPDATE OF plaintext ON aliases
FOR EACH ROW EXECUTE FUNCTION aliases_count();

-- +goose Down
DROP TRIGGER aliases_plaintext ON aliases;
-- +goose StatementBegin
CREATE OR REPLACE FUNCTION aliases_count() RETURNS trigger LANGUAGE plpgsql AS $$
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
DROP FUNCTION user_alias_list(TEXT, TEXT);
ALTER TABLE user_passkeys DROP COLUMN alias_list;
