package mail

import (
	"bytes"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"passwordless/mail/smtptest"
)

func TestOutbox_WritesTheMessageAndLogsWithoutTheLink(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "outbox")
	var logs bytes.Buffer
	now := func() time.Time { return time.Date(2025, 3, 1, 12, 0, 0, 0, time.UTC) }
	o := NewOutbox(dir, "noreply@example.com", now, slog.New(slog.NewTextHandler(&logs, nil)))
	if err := o.Send(t.Context(), testMessage(t)); err != nil {
		t.Fatalf("Send: %v", err)
	}
	files, _ := filepath.Glob(filepath.Join(dir, "*.eml"))
	if len(files) != 1 {
		t.Fatalf("outbox holds %d files, want 1", len(files))
	}
	info, _ := os.Stat(files[0])
	if perm := info.Mode().Perm(); perm != 0o600 {
		t.Errorf("file mode %v, want 0600: the link signs someone in", perm)
	}
	data, _ := os.ReadFile(files[0])
	checkMail(t, smtptest.Mail{Data: data})
	if log := logs.String(); !strings.Contains(log, files[0]) || !strings.Contains(log, "user@example.com") {
		t.Errorf("log %q does not name the file and the recipient", log)
	}
	if strings.Contains(logs.String(), "verify_abc") {
		t.Errorf("log %q contains the token", logs.String())
	}
}

func TestOutbox_UnwritableDirectoryFails(t *testing.T) {
	file := filepath.Join(t.TempDir(), "file")
	if err := os.WriteFile(file, nil, 0o600); err != nil {
		t.Fatal(err)
	}
	o := NewOutbox(filepath.Join(file, "outbox"), "noreply@example.com", time.Now, nil)
	if err := o.Send(t.Context(), testMessage(t)); err == nil {
		t.Error("Send into a path under a file succeeded, want an error")
	}
}

func TestOutbox_EmptyFromUsesTheDefaultSender(t *testing.T) {
	dir := t.TempDir()
	if err := NewOutbox(dir, "", time.Now, nil).Send(t.Context(), testMessage(t)); err != nil {
		t.Fatalf("Send with no MAIL_FROM: %v", err)
	}
	files, _ := filepath.Glob(filepath.Join(dir, "*.eml"))
	if len(files) != 1 {
		t.Fatalf("%d files, want 1", len(files))
	}
	data, _ := os.ReadFile(files[0])
	if from, _ := (smtptest.Mail{Data: data}).Header("From"); !strings.Contains(from, "<"+DefaultFrom+">") {
		t.Errorf("From = %q, want %s", from, DefaultFrom)
	}
}
