package webhooks

import (
	"bytes"
	"context"
	"errors"
	"net/http"
	"sync"
	"time"
)

// WorkerOptions configure a Worker.
type WorkerOptions struct {
	// Timeout bounds one attempt (connect, send, answer); default 10 s.
	Timeout time.Duration
	// Poll is how often the worker looks for due deliveries (retries,
	// messages queued by other instances); default 1 s. Messages queued
	// on this instance wake it at once.
	Poll time.Duration
	// Settle is how long a woken worker lets further messages gather
	// before it claims them, so a burst of changes is claimed and
	// reported in a few transactions; default 50 ms.
	Settle time.Duration
	// Batch is how many deliveries one pass claims; default 100. A full
	// batch is followed at once by the next pass.
	Batch int
	// Observe, when set, is told each attempt's outcome (metrics).
	Observe func(outcome string)
	// Jitter returns a number in [0, 1); default random.
	Jitter func() float64
}

// Outcomes of an attempt, as Observe and the metrics name them.
const (
	OutcomeDelivered = "delivered"
	OutcomeRetry     = "retry"
	OutcomeFailed    = "failed"
	// OutcomeLimited is a delivery put off by the per-application rate
	// limit: no attempt was made.
	OutcomeLimited = "rate_limited"
)

// Worker delivers the outbox. Any number of workers (in any number of
// instances) can run over one database: each delivery is claimed by one.
type Worker struct {
	svc    *Service
	client *http.Client
	opts   WorkerOptions
	rate   *deliveryRate
}

// NewWorker returns a worker delivering svc's outbox.
func NewWorker(svc *Service, o WorkerOptions) *Worker {
	if o.Timeout <= 0 {
		o.Timeout = 10 * time.Second
	}
	if o.Poll <= 0 {
		o.Poll = time.Second
	}
	if o.Settle <= 0 {
		o.Settle = 50 * time.Millisecond
	}
	if o.Batch <= 0 {
		o.Batch = 100
	}
	if o.Jitter == nil {
		o.Jitter = randomJitter
	}
	if o.Observe == nil {
		o.Observe = func(string) {}
	}
	return &Worker{svc: svc, client: newClient(o.Timeout, svc.allowPrivate), opts: o}
}

// Run delivers until ctx ends. A restart resumes: pending deliveries are
// in the database, and a delivery claimed by a worker that died is due
// again once its lease has passed.
func (w *Worker) Run(ctx context.Context) {
	t := time.NewTicker(w.opts.Poll)
	defer t.Stop()
	for {
		n, err := w.RunOnce(ctx)
		if err != nil && ctx.Err() == nil {
			w.svc.log.Warn("webhook deliveries", "err", err)
		}
		if err == nil && n == w.opts.Batch && ctx.Err() == nil {
			continue // a full batch: more may be due now
		}
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		case <-w.svc.wake:
			select {
			case <-ctx.Done():
				return
			case <-time.After(w.opts.Settle):
			}
		}
	}
}

// lease is how long a claimed delivery stays hidden from other workers:
// longer than any attempt.
func (w *Worker) lease() time.Duration { return 2*w.opts.Timeout + time.Minute }

// RunOnce relays the outbox and claims the due deliveries (one
// transaction), attempts them (concurrently, a few at a time per
// endpoint) and stores every outcome in one transaction, returning how
// many were claimed.
func (w *Worker) RunOnce(ctx context.Context) (int, error) {
	now := w.svc.now().UTC()
	rows, err := w.svc.store.claim(ctx, now, w.lease(), w.opts.Batch)
	if err != nil || len(rows) == 0 {
		return 0, err
	}
	endpoints := map[string]*endpointRow{}
	for _, r := range rows {
		if _, seen := endpoints[endpointKey(r)]; !seen {
			ep, err := w.svc.store.endpoint(ctx, r.Tenant, r.EndpointID, false)
			if err != nil {
				return 0, err // the claimed rows are due again when their lease ends
			}
			endpoints[endpointKey(r)] = ep
		}
	}
	results, admitErr := w.admitAll(ctx, rows, endpoints, now)
	w.sendAll(ctx, results)
	disabled, err := w.record(ctx, results)
	for _, ep := range disabled {
		w.disabled(ctx, ep)
	}
	return len(rows), errors.Join(admitErr, err)
}

func endpointKey(r deliveryRow) string { return r.Tenant + "\x00" + r.EndpointID }

// perEndpoint is how many attempts to one endpoint run at once (and how
// many idle connections to a host the client keeps).
const perEndpoint = 4

// sendAll attempts the admitted deliveries, at most perEndpoint at a
// time to one endpoint.
func (w *Worker) sendAll(ctx context.Context, results []result) {
	queues := map[string]chan *result{}
	for i := range results {
		if results[i].action != actionSend {
			continue
		}
		k := endpointKey(results[i].row)
		if queues[k] == nil {
			queues[k] = make(chan *result, len(results))
		}
		queues[k] <- &results[i]
	}
	var wg sync.WaitGroup
	for _, q := range queues {
		close(q)
		for range min(perEndpoint, len(q)) {
			wg.Go(func() {
				for r := range q {
					w.attempt(ctx, r)
				}
			})
		}
	}
	wg.Wait()
}

// attempt sends one delivery and sets its outcome.
func (w *Worker) attempt(ctx context.Context, res *result) {
	r := &res.row
	start := time.Now()
	code, sendErr := w.send(ctx, res.ep, *r)
	now := w.svc.now().UTC()
	if ctx.Err() != nil { // shutting down: not the receiver's failure; due again at once
		res.action, res.until = actionPostpone, now
		return
	}
	res.action, res.attempted, res.at = actionReport, true, now
	r.Attempts++
	r.LastAttemptAt = &now
	r.LastStatusCode = code
	r.LastLatencyMs = time.Since(start).Milliseconds()
	r.LastError = ""
	next := now.Add(backoff(r.Attempts, w.opts.Jitter))
	switch {
	case sendErr == nil && code >= 200 && code < 300:
		r.Status = statusDelivered
	case next.After(r.ExpiresAt):
		r.Status = statusFailed
	default:
		r.Status, r.NextAttemptAt = statusPending, next
	}
	if sendErr != nil {
		r.LastError = describe(sendErr)
	}
	w.observe(*r)
}

func (w *Worker) observe(r deliveryRow) {
	switch r.Status {
	case statusDelivered:
		w.opts.Observe(OutcomeDelivered)
	case statusFailed:
		w.opts.Observe(OutcomeFailed)
		w.svc.log.Info("webhook delivery failed for good", "tenant", r.Tenant, "endpoint", r.EndpointID,
			"delivery", r.ID, "attempts", r.Attempts)
	default:
		w.opts.Observe(OutcomeRetry)
	}
}

// send posts the signed message; code is the receiver's status (0 when
// there was no answer).
func (w *Worker) send(ctx context.Context, ep *endpointRow, r deliveryRow) (int, error) {
	secrets, err := w.svc.secrets(*ep)
	if err != nil {
		return 0, err
	}
	at := w.svc.now()
	body := []byte(r.Payload)
	sig, err := signatureHeader(secrets, r.ID, at, body)
	if err != nil {
		return 0, err
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, ep.URL, bytes.NewReader(body))
	if err != nil {
		return 0, err
	}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("User-Agent", "passwordless-webhooks/1")
	req.Header.Set(HeaderID, r.ID)
	req.Header.Set(HeaderTimestamp, formatUnix(at))
	req.Header.Set(HeaderSignature, sig)
	resp, err := w.client.Do(req)
	if err != nil {
		return 0, err
	}
	drain(resp.Body)
	return resp.StatusCode, nil
}

// describe is the stored reason of a failed attempt: a fixed phrase, never
// an address or a receiver's text.
func describe(err error) string {
	var timeout interface{ Timeout() bool }
	switch {
	case errors.Is(err, errPrivateTarget):
		return "target address not allowed"
	case errors.Is(err, errSecretUnreadable):
		return "signing secret unreadable: rotate it"
	case errors.Is(err, context.DeadlineExceeded), errors.As(err, &timeout) && timeout.Timeout():
		return "timeout"
	default:
		return "connection failed"
	}
}
