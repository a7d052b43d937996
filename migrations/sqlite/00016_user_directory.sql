-- +goose Up
-- user_passkeys becomes the tenant's user directory: one row for every user
-- with a passkey or an alias, with the user's passkey count, alias count and
-- last sign-in, kept by triggers (see the PostgreSQL migration).
ALTER TABLE user_passkeys ADD COLUMN aliases INTEGER NOT NULL DEFAULT 0;
ALTER TABLE user_passkeys ADD COLUMN last_used_at DATETIME NULL;
UPDATE user_passkeys SET last_used_at = (SELECT MAX(c.last_used_at) FROM credentials c
    WHERE c.tenant = user_passkeys.tenant AND c.user_id = user_passkeys.user_id);
INSERT INTO user_passkeys (tenant, user_id, passkeys, aliases)
SELECT tenant, user_id, 0, COUNT(*) FROM aliases WHERE true GROUP BY tenant, user_id
ON CONFLICT (tenant, user_id) DO UPDATE SET aliases = excluded.aliases;

DROP TRIGGER credentials_count_in;
DROP TRIGGER credentials_count_out;
-- +goose StatementBegin
CREATE TRIGGER credentials_count_in AFTER INSERT ON credentials BEGIN
    INSERT INTO user_passkeys (tenant, user_id, passkeys, last_used_at) VALUES (NEW.tenant, NEW.user_id, 1, NEW.last_used_at)
    ON CONFLICT (tenant, user_id) DO UPDATE SET passkeys = passkeys + 1,
        last_used_at = CASE WHEN last_used_at IS NULL OR last_used_at < excluded.last_used_at
            THEN excluded.last_used_at ELSE last_used_at END;
    INSERT INTO user_counts (tenant, users)
    SELECT NEW.tenant, 1
    WHERE (SELECT passkeys FROM user_passkeys WHERE tenant = NEW.tenant AND user_id = NEW.user_id) = 1
    ON CONFLICT (tenant) DO UPDATE SET users = users + 1;
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER credentials_count_out AFTER DELETE ON credentials BEGIN
    UPDATE user_passkeys SET passkeys = passkeys - 1,
        last_used_at = (SELECT MAX(last_used_at) FROM credentials WHERE tenant = OLD.tenant AND user_id = OLD.user_id)
    WHERE tenant = OLD.tenant AND user_id = OLD.user_id;
    UPDATE user_counts SET users = users - 1
    WHERE tenant = OLD.tenant
      AND (SELECT passkeys FROM user_passkeys WHERE tenant = OLD.tenant AND user_id = OLD.user_id) = 0;
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER credentials_last_used AFTER UPDATE OF last_used_at ON credentials
WHEN NEW.last_used_at > OLD.last_used_at BEGIN
    UPDATE user_passkeys SET last_used_at = NEW.last_used_at
    WHERE tenant = NEW.tenant AND user_id = NEW.user_id
      AND (last_used_at IS NULL OR last_used_at < NEW.last_used_at);
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER aliases_count_in AFTER INSERT ON aliases BEGIN
    INSERT INTO user_passkeys (tenant, user_id, passkeys, aliases) VALUES (NEW.tenant, NEW.user_id, 0, 1)
    ON CONFLICT (tenant, user_id) DO UPDATE SET aliases = aliases + 1;
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER aliases_count_out AFTER DELETE ON aliases BEGIN
    UPDATE user_passkeys SET aliases = aliases - 1
    WHERE tenant = OLD.tenant AND user_id = OLD.user_id;
END;
-- +goose StatementEnd

-- +goose Down
DROP TRIGGER aliases_count_out;
DROP TRIGGER aliases_count_in;
DROP TRIGGER credentials_last_used;
DROP TRIGGER credentials_count_out;
DROP TRIGGER credentials_count_in;
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
DELETE FROM user_passkeys WHERE passkeys = 0;
ALTER TABLE user_passkeys DROP COLUMN last_used_at;
ALTER TABLE user_passkeys DROP COLUMN aliases;
