package mail

import (
	"context"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"time"

	"github.com/google/uuid"
)

// Outbox is the development Mailer used when no SMTP_URL is set: each
// message becomes an .eml file in a directory (open it with any mail
// client, or read the link from it) and a log line that names the file
// but never the link, since the link signs someone in.
type Outbox struct {
	dir    string
	from   string
	now    func() time.Time
	logger *slog.Logger
}

// NewOutbox returns an Outbox writing to dir (created on first use).
func NewOutbox(dir, from string, clock func() time.Time, logger *slog.Logger) *Outbox {
	if logger == nil {
		logger = slog.Default()
	}
	return &Outbox{dir: dir, from: from, now: clock, logger: logger}
}

// Dir is where messages are written.
func (o *Outbox) Dir() string { return o.dir }

// Send implements Mailer.
func (o *Outbox) Send(ctx context.Context, m Message) error {
	msg, err := mimeMessage(o.from, m)
	if err != nil {
		return err
	}
	// The directory and files are private: the links in them sign people in.
	if err := os.MkdirAll(o.dir, 0o700); err != nil {
		return fmt.Errorf("outbox: %w", err)
	}
	name := o.now().UTC().Format("20060102T150405.000Z") + "-" + uuid.NewString() + ".eml"
	path := filepath.Join(o.dir, name)
	f, err := os.OpenFile(path, os.O_CREATE|os.O_EXCL|os.O_WRONLY, 0o600)
	if err != nil {
		return fmt.Errorf("outbox: %w", err)
	}
	if _, err := msg.WriteTo(f); err != nil {
		_ = f.Close()
		return fmt.Errorf("outbox write %s: %w", path, err)
	}
	if err := f.Close(); err != nil {
		return fmt.Errorf("outbox close %s: %w", path, err)
	}
	o.logger.InfoContext(ctx, "e-mail written to outbox",
		"to", m.To, "subject", m.Subject, "file", path)
	return nil
}
