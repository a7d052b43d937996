package mail

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"sync"
	"time"

	"github.com/google/uuid"

	"passwordless/storage"
)

// Queue sends the mail a transaction asks for, after the transaction:
// Enqueue records the mail in the caller's transaction (so it exists
// exactly when the change that wants it does), Deliver sends it once the
// transaction has committed, and RunOnce (the job) retries whatever is
// still due, so a failed send or a process that died after the commit
// loses nothing. No mail is ever sent while a transaction is open: an SMTP
// exchange takes seconds, and on SQLite an open transaction holds the one
// writer of the whole server.
//
// A queued row names what to send (a kind and a reference), not the
// message: the kind's Renderer builds the message at send time from the
// sender's own rows, so a link that signs someone in is never stored, and
// a mail whose reason is gone (a revoked invitation) is dropped.
type Queue struct {
	store   *queueStore
	mailer  Mailer
	now     func() time.Time
	logger  *slog.Logger
	mu      sync.RWMutex
	renders map[string]Renderer
}

// Renderer builds the message of a queued mail from its reference; ok is
// false when there is nothing to send any more (the row is dropped).
type Renderer func(ctx context.Context, ref string) (m Message, ok bool, err error)

// Retry policy: the first retry after a minute, doubling up to an hour,
// given up after maxAttempts (about two days).
const (
	firstRetry  = time.Minute
	maxRetry    = time.Hour
	maxAttempts = 60
	// lease is how long a claimed row is left to its sender before another
	// may take it (a sender that died mid-send).
	lease = 2 * time.Minute
	// batch bounds the rows one RunOnce sends.
	batch = 100
)

// NewQueue returns a Queue sending through mailer.
func NewQueue(db *storage.DB, mailer Mailer, now func() time.Time, logger *slog.Logger) *Queue {
	if now == nil {
		now = time.Now
	}
	if logger == nil {
		logger = slog.Default()
	}
	return &Queue{store: &queueStore{db: db.Gorm}, mailer: mailer, now: now, logger: logger,
		renders: map[string]Renderer{}}
}

// Handle registers the renderer of kind.
func (q *Queue) Handle(kind string, r Renderer) {
	q.mu.Lock()
	defer q.mu.Unlock()
	q.renders[kind] = r
}

// Enqueue records a mail of kind about ref, due now, in the transaction
// ctx carries (if any), and returns its id for Deliver.
func (q *Queue) Enqueue(ctx context.Context, kind, ref string) (string, error) {
	now := q.now().UTC()
	row := &queueRow{ID: uuid.NewString(), Kind: kind, Ref: ref, NextAt: now, CreatedAt: now}
	return row.ID, q.store.insert(ctx, row)
}

// ErrInTransaction is Deliver's refusal to send inside a transaction.
var ErrInTransaction = errors.New("mail: refusing to send inside a database transaction")

// Deliver sends the queued mail id now, if it is due and no other sender
// holds it. It must be called after the transaction that queued it has
// committed; a failure is logged and left to the job's retries, and the
// error says the mail did not go out yet.
func (q *Queue) Deliver(ctx context.Context, id string) error {
	_, err := q.deliver(ctx, id)
	return err
}

// deliver is Deliver; sent is false when the mail was not this call's to
// send (not due, gone, or held by another sender).
func (q *Queue) deliver(ctx context.Context, id string) (sent bool, err error) {
	if storage.InTransaction(ctx) {
		return false, ErrInTransaction
	}
	now := q.now().UTC()
	row, err := q.store.claim(ctx, id, now, now.Add(lease))
	if err != nil || row == nil {
		return false, err
	}
	sendErr := q.send(ctx, row)
	if sendErr == nil {
		return true, q.store.remove(ctx, row.ID)
	}
	if row.Attempts >= maxAttempts {
		q.logger.ErrorContext(ctx, "mail: given up", "id", row.ID, "kind", row.Kind, "attempts", row.Attempts, "err", sendErr)
		return false, errors.Join(sendErr, q.store.remove(ctx, row.ID))
	}
	q.logger.WarnContext(ctx, "mail: send failed; will retry", "id", row.ID, "kind", row.Kind,
		"attempts", row.Attempts, "err", sendErr)
	return false, errors.Join(sendErr, q.store.retryAt(ctx, row.ID, now.Add(backoff(row.Attempts)), truncate(sendErr.Error())))
}

// send renders row and hands it to the mailer; a row with nothing left to
// send counts as sent.
func (q *Queue) send(ctx context.Context, row *queueRow) error {
	q.mu.RLock()
	render := q.renders[row.Kind]
	q.mu.RUnlock()
	if render == nil {
		return fmt.Errorf("no renderer for kind %q", row.Kind)
	}
	m, ok, err := render(ctx, row.Ref)
	if err != nil || !ok {
		return err
	}
	return q.mailer.Send(ctx, m)
}

// RunOnce sends every due mail (the job's pass) and returns how many went
// out.
func (q *Queue) RunOnce(ctx context.Context) (int, error) {
	ids, err := q.store.due(ctx, q.now().UTC(), batch)
	if err != nil {
		return 0, err
	}
	sent := 0
	var errs []error
	for _, id := range ids {
		ok, err := q.deliver(ctx, id)
		if err != nil {
			errs = append(errs, err)
		}
		if ok {
			sent++
		}
	}
	return sent, errors.Join(errs...)
}

// backoff is the wait after the attempts-th failed attempt.
func backoff(attempts int) time.Duration {
	d := firstRetry
	for i := 1; i < attempts && d < maxRetry; i++ {
		d *= 2
	}
	return min(d, maxRetry)
}

func truncate(s string) string {
	if len(s) > 500 {
		return s[:500]
	}
	return s
}
