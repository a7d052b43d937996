-- The user directory (00016) also keeps each user's aliases, as the JSON
-- array /users/list answers (plaintexts in alias-hash order, null for a
-- hashed alias), so a page of the list is one range read of the directory
-- instead of a join with the aliases table. Kept by the alias triggers in
-- the statement that adds, changes or removes an alias.

-- +goose Up
ALTER TABLE user_passkeys ADD COLUMN alias_list TEXT NOT NULL DEFAULT '[]';
UPDATE user_passkeys SET alias_list = COALESCE((SELECT json_group_array(plaintext) FROM
    (SELECT plaintext FROM aliases a WHERE a.tenant = user_passkeys.tenant AND a.user_id = user_passkeys.user_id
     ORDER BY a.alias_hash)), '[]')
WHERE aliases > 0;
DROP TRIGGER aliases_count_in;
DROP TRIGGER aliases_count_out;
-- +goose StatementBegin
CREATE TRIGGER aliases_count_in AFTER INSERT ON aliases BEGIN
    INSERT INTO user_passkeys (tenant, user_id, passkeys, aliases) VALUES (NEW.tenant, NEW.user_id, 0, 1)
    ON CONFLICT (tenant, user_id) DO UPDATE SET aliases = aliases + 1;
    UPDATE user_passkeys SET alias_list = (SELECT json_group_array(plaintext) FROM
        (SELECT plaintext FROM aliases WHERE tenant = NEW.tenant AND user_id = NEW.user_id ORDER BY alias_hash))
    WHERE tenant = NEW.tenant AND user_id = NEW.user_id;
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER aliases_count_out AFTER DELETE ON aliases BEGIN
    UPDATE user_passkeys SET aliases = aliases - 1, alias_list = (SELECT json_group_array(plaintext) FROM
        (SELECT plaintext FROM aliases WHERE tenant = OLD.tenant AND user_id = OLD.user_id ORDER BY alias_hash))
    WHERE tenant = OLD.tenant AND user_id = OLD.user_id;
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER aliases_plaintext AFTER UPDATE OF plaintext ON aliases BEGIN
    UPDATE user_passkeys SET alias_list = (SELECT json_group_array(plaintext) FROM
        (SELECT plaintext FROM aliases WHERE tenant = NEW.tenant AND user_id = NEW.user_id ORDER BY alias_hash))
    WHERE tenant = NEW.tenant AND user_id = NEW.user_id;
END;
-- +goose StatementEnd

-- +goose Down
DROP TRIGGER aliases_plaintext;
DROP TRIGGER aliases_count_out;
DROP TRIGGER aliases_count_in;
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
ALTER TABLE user_passkeys DROP COLUMN alias_list;
