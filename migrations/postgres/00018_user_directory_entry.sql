-- Each user directory row (00016, 00017) also keeps the user's entry of
-- /users/list as the JSON object the list answers, so that a page is the
-- entries of one range read joined by the database into one value: the
-- server neither scans 100 rows of five columns nor encodes them (together
-- most of the route's CPU), and PostgreSQL sends one value instead of 100
-- rows. A BEFORE trigger on the directory itself renders the entry from
-- the row's own columns on every insert and update, so every trigger that
-- keeps the directory (passkeys, sign-ins, aliases) keeps the entry too,
-- in the same statement, at a few microseconds a write.
--
-- The format is the one the server's encoder writes on SQLite (where the
-- server renders the entries itself): lastUsedAt in UTC as RFC 3339 with
-- the fraction's trailing zeros cut (Go's RFC3339Nano), null when the
-- user never signed in. passkeys.TestStore_DirectoryEntriesMatchTheEncoder
-- checks the two agree.

-- +goose Up
ALTER TABLE user_passkeys ADD COLUMN entry TEXT NOT NULL DEFAULT '';

-- +goose StatementBegin
CREATE FUNCTION user_passkeys_entry() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    NEW.entry := '{"userId":' || to_json(NEW.user_id)::text
        || ',"aliasCount":' || NEW.aliases
        || ',"aliases":' || NEW.alias_list
        || ',"credentialsCount":' || NEW.passkeys
        || ',"lastUsedAt":' || COALESCE('"' || rtrim(rtrim(to_char(NEW.last_used_at AT TIME ZONE 'UTC',
               'YYYY-MM-DD"T"HH24:MI:SS.US'), '0'), '.') || 'Z"', 'null')
        || '}';
    RETURN NEW;
END
$$;
-- +goose StatementEnd
CREATE TRIGGER user_passkeys_entry BEFORE INSERT OR UPDATE ON user_passkeys
FOR EACH ROW EXECUTE FUNCTION user_passkeys_entry();
UPDATE user_passkeys SET entry = '';

-- +goose Down
DROP TRIGGER user_passkeys_entry ON user_passkeys;
DROP FUNCTION user_passkeys_entry();
ALTER TABLE user_passkeys DROP COLUMN entry;
