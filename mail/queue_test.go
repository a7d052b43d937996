package mail

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/emersion/go-smtp"

	"passwordless/mail/smtptest"
	"passwordless/storage"
	"passwordless/storage/storagetest"
)

type queueFixture struct {
	q    *Queue
	db   *storage.DB
	smtp *smtptest.Server
	now  time.Time
}

// newQueueFixture is a queue over a fresh SQLite database sending over
// real SMTP; its renderer "note" mails the reference to ref@example.com,
// and "gone" has nothing to send.
func newQueueFixture(t *testing.T) *queueFixture {
	t.Helper()
	f := &queueFixture{db: storagetest.SQLite(t), smtp: smtptest.Start(t, smtptest.Options{}),
		now: time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)}
	mailer, err := NewSMTP(SMTPConfig{URL: fmt.Sprintf("smtp://127.0.0.1:%d", f.smtp.Port()), From: "noreply@example.com"})
	if err != nil {
		t.Fatal(err)
	}
	f.q = NewQueue(f.db, mailer, func() time.Time { return f.now }, nil)
	f.q.Handle("note", func(_ context.Context, ref string) (Message, bool, error) {
		return Message{To: ref + "@example.com", Subject: "Note " + ref, Text: "note " + ref, HTML: "<p>note</p>"}, true, nil
	})
	f.q.Handle("gone", func(context.Context, string) (Message, bool, error) { return Message{}, false, nil })
	return f
}

func (f *queueFixture) queued(t *testing.T) int64 {
	t.Helper()
	var n int64
	if err := f.db.Gorm.Model(&queueRow{}).Count(&n).Error; err != nil {
		t.Fatal(err)
	}
	return n
}

func TestQueue_SendsOnlyAfterTheTransaction(t *testing.T) {
	f := newQueueFixture(t)
	var id string
	err := storage.InTx(t.Context(), f.db.Gorm, func(ctx context.Context) (err error) {
		if id, err = f.q.Enqueue(ctx, "note", "alice"); err != nil {
			return err
		}
		if err := f.q.Deliver(ctx, id); !errors.Is(err, ErrInTransaction) {
			t.Errorf("Deliver inside the transaction = %v, want ErrInTransaction", err)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if n := len(f.smtp.Mails()); n != 0 {
		t.Fatalf("%d mails sent inside the transaction, want none", n)
	}
	if err := f.q.Deliver(t.Context(), id); err != nil {
		t.Fatalf("Deliver after commit: %v", err)
	}
	got := f.smtp.Wait(t)
	if len(got.To) != 1 || got.To[0] != "alice@example.com" {
		t.Errorf("mail to %v, want alice@example.com", got.To)
	}
	if n := f.queued(t); n != 0 {
		t.Errorf("%d rows left after the send, want none", n)
	}
	if err := f.q.Deliver(t.Context(), id); err != nil || len(f.smtp.Mails()) != 1 {
		t.Errorf("a second Deliver = %v with %d mails, want nothing more sent", err, len(f.smtp.Mails()))
	}
}

func TestQueue_RolledBackTransactionSendsNothing(t *testing.T) {
	f := newQueueFixture(t)
	_ = storage.InTx(t.Context(), f.db.Gorm, func(ctx context.Context) error {
		if _, err := f.q.Enqueue(ctx, "note", "bob"); err != nil {
			t.Fatal(err)
		}
		return errors.New("undo")
	})
	if n, err := f.q.RunOnce(t.Context()); err != nil || n != 0 || f.queued(t) != 0 {
		t.Errorf("RunOnce after a rollback = %d, %v with %d rows, want nothing", n, err, f.queued(t))
	}
}

// A refused send stays queued and is retried by the job once due; so is
// a mail whose after-commit send never happened (the process died).
func TestQueue_RetriesUntilTheMailIsOut(t *testing.T) {
	f := newQueueFixture(t)
	f.smtp.SetReject(&smtp.SMTPError{Code: 451, EnhancedCode: smtp.EnhancedCode{4, 3, 0}, Message: "try later"})
	id, err := f.q.Enqueue(t.Context(), "note", "carol")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := f.q.Enqueue(t.Context(), "note", "dave"); err != nil { // never delivered after commit
		t.Fatal(err)
	}
	if err := f.q.Deliver(t.Context(), id); err == nil {
		t.Fatal("Deliver with the server refusing = nil, want the failure")
	}
	var row queueRow
	if err := f.db.Gorm.Where("id = ?", id).Take(&row).Error; err != nil {
		t.Fatalf("the refused mail is no longer queued: %v", err)
	}
	if row.Attempts != 1 || !row.NextAt.After(f.now) || !strings.Contains(row.LastError, "try later") {
		t.Errorf("after one refusal: %+v, want 1 attempt, a later retry and the reason", row)
	}
	f.smtp.SetReject(nil)
	if n, err := f.q.RunOnce(t.Context()); err != nil || n != 1 {
		t.Fatalf("RunOnce before the retry is due = %d, %v; want only dave's mail", n, err)
	}
	f.now = f.now.Add(firstRetry)
	if n, err := f.q.RunOnce(t.Context()); err != nil || n != 1 {
		t.Fatalf("RunOnce once the retry is due = %d, %v; want carol's mail", n, err)
	}
	to := map[string]bool{}
	for _, m := range f.smtp.Mails() {
		to[m.To[0]] = true
	}
	if !to["carol@example.com"] || !to["dave@example.com"] || len(f.smtp.Mails()) != 2 || f.queued(t) != 0 {
		t.Errorf("sent to %v with %d rows left, want carol and dave once each and none left", to, f.queued(t))
	}
}

func TestQueue_DropsWhatHasNothingToSend(t *testing.T) {
	f := newQueueFixture(t)
	if _, err := f.q.Enqueue(t.Context(), "gone", "x"); err != nil {
		t.Fatal(err)
	}
	if _, err := f.q.RunOnce(t.Context()); err != nil || f.queued(t) != 0 || len(f.smtp.Mails()) != 0 {
		t.Errorf("RunOnce = %v, %d rows, %d mails; want the row dropped unsent", err, f.queued(t), len(f.smtp.Mails()))
	}
}

func TestBackoff_DoublesUpToAnHour(t *testing.T) {
	for attempts, want := range map[int]time.Duration{1: time.Minute, 2: 2 * time.Minute, 4: 8 * time.Minute, 7: time.Hour, 50: time.Hour} {
		if got := backoff(attempts); got != want {
			t.Errorf("backoff(%d) = %v, want %v", attempts, got, want)
		}
	}
}
