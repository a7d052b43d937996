package webhooks

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"net/http"
	"passwordless/events"
	"sync"
	"time"
)

// WorkerOptions configure a Worker.
type WorkerOptions struct {
	// Timeout bounds one attempt (connect, send, answer); default 10 s.
	Timeout time.Duration
	// Poll is how often the worker looks for due deliveries; default 1 s.
	Poll time.Duration
	// Batch is how many deliveries one pass claims and sends concurrently;
	// default 20. A full batch is followed at once by the next pass.
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
	if o.Batch <= 0 {
		o.Batch = 20
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
		}
	}
}

// lease is how long a claimed delivery stays hidden from other workers:
// longer than any attempt.
func (w *Worker) lease() time.Duration { return 2*w.opts.Timeout + time.Minute }

// RunOnce claims the due deliveries and attempts each (concurrently,
// one batch), returning how many were attempted.
func (w *Worker) RunOnce(ctx context.Context) (int, error) {
	rows, err := w.svc.store.claim(ctx, w.svc.now().UTC(), w.lease(), w.opts.Batch)
	if err != nil || len(rows) == 0 {
		return 0, err
	}
	endpoints := map[string]*endpointRow{}
	key := func(r deliveryRow) string { return r.Tenant + "\x00" + r.EndpointID }
	for _, r := range rows {
		if _, seen := endpoints[key(r)]; !seen {
			ep, err := w.svc.store.endpoint(ctx, r.Tenant, r.EndpointID, false)
			if err != nil {
				return 0, err // the claimed rows are due again when their lease ends
			}
			endpoints[key(r)] = ep
		}
	}
	var wg sync.WaitGroup
	var errs []error
	var mu sync.Mutex
	for _, r := range rows {
		wg.Go(func() {
			if err := w.attempt(ctx, endpoints[key(r)], r); err != nil {
				mu.Lock()
				errs = append(errs, err)
				mu.Unlock()
			}
		})
	}
	wg.Wait()
	return len(rows), errors.Join(errs...)
}

// attempt sends one delivery and records the outcome. A delivery whose
// endpoint is gone (queued by an instance that had not yet seen the
// delete) is dropped.
func (w *Worker) attempt(ctx context.Context, ep *endpointRow, r deliveryRow) error {
	if ep == nil {
		return w.svc.store.deleteDelivery(context.WithoutCancel(ctx), r.Tenant, r.ID)
	}
	if ep.DisabledAt != nil {
		r.Status, r.LastError = statusFailed, "endpoint disabled"
		w.observe(r)
		return w.svc.store.report(context.WithoutCancel(ctx), r)
	}
	if ok, until, err := w.admit(ctx, r.Tenant, w.svc.now().UTC()); err != nil || !ok {
		if err != nil {
			until = w.svc.now().UTC().Add(w.opts.Poll) // the limiter is down: try again soon
		}
		w.opts.Observe(OutcomeLimited)
		return errors.Join(err, w.svc.store.postpone(context.WithoutCancel(ctx), r.Tenant, r.ID, until))
	}
	start := time.Now()
	code, sendErr := w.send(ctx, ep, r)
	now := w.svc.now().UTC()
	if ctx.Err() != nil { // shutting down: not the receiver's failure; due again at once
		return w.svc.store.postpone(context.WithoutCancel(ctx), r.Tenant, r.ID, now)
	}
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
	w.observe(r)
	ctx = context.WithoutCancel(ctx)
	if err := w.svc.store.report(ctx, r); err != nil {
		return err
	}
	if r.Status == statusFailed {
		msg := fmt.Sprintf("Webhook delivery %s to endpoint %s failed for good after %d attempts.", r.ID, r.EndpointID, r.Attempts)
		if err := w.svc.events.Record(ctx, endpointEvent(r.Tenant, r.EndpointID, events.APIWebhookDeliveryFailed, msg)); err != nil {
			return err
		}
	}
	return w.health(ctx, ep, r.Status == statusDelivered, now)
}

// disableAfter is how long an endpoint may fail (no success in between)
// before it is disabled.
const disableAfter = 3 * 24 * time.Hour

// health keeps the endpoint's failing streak and disables it once it has
// failed for disableAfter. Its deliveries then fail without an attempt and
// no new ones are queued, until the application enables it again.
func (w *Worker) health(ctx context.Context, ep *endpointRow, ok bool, now time.Time) error {
	st := w.svc.store
	switch {
	case ok && ep.FailingSince == nil:
		return nil
	case ok:
		return st.markHealthy(ctx, ep.Tenant, ep.ID)
	case ep.FailingSince == nil:
		return st.markFailing(ctx, ep.Tenant, ep.ID, now)
	}
	disabled, err := st.disable(ctx, ep.Tenant, ep.ID, now.Add(-disableAfter), now)
	if disabled {
		w.svc.forget(ep.Tenant)
		w.svc.log.Warn("webhook endpoint disabled: failing for 3 days", "tenant", ep.Tenant, "endpoint", ep.ID)
		// The app's admins see it in the event log (an alert).
		return w.svc.events.Record(ctx, endpointEvent(ep.Tenant, ep.ID, events.APIWebhookEndpointDisabled,
			"Webhook endpoint "+ep.ID+" was disabled after failing for 3 days; enable it with POST /webhooks/enable."))
	}
	return err
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
