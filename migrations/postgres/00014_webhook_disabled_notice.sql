-- +goose Up
-- notice_due_at: when the mail telling the application's admins that the
-- endpoint was disabled is (again) due; set by the statement that disables
-- the endpoint, cleared once the mail is sent or the endpoint is enabled.
ALTER TABLE webhook_endpoints ADD COLUMN notice_due_at TIMESTAMPTZ;

-- +goose Down
ALTER TABLE webhook_endpoints DROP COLUMN notice_due_at;
