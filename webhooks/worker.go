package webhooks

import (
	"bytes"
	"context"
	"errors"
	"net/http"
	"time"
)

// WorkerOptions configure a Worker.
type WorkerOptions struct {
	// Timeout bounds one attempt (connect, send, answer); default 10 s.
	Timeout time.Duration
	// ConnectTimeout bounds connecting to a receiver: the TCP connection,
	// then the TLS handshake, each; default 3 s, at most Timeout.
	ConnectTimeout time.Duration
	// HeaderTimeout bounds the wait for a receiver's status line and
	// headers once the message is written, so a receiver that sleeps or
	// dribbles its headers is cut off early; default 5 s, at most Timeout.
	HeaderTimeout time.Duration
	// Concurrency is how many attempts a worker runs at once, for every
	// application together; default 32.
	Concurrency int
	// PerApp is how many of those attempts one application's deliveries
	// may hold at once (and at most 4 to one endpoint), so that slow
	// receivers hold their own application's share and never the others';
	// default 8, at most Concurrency.
	PerApp int
	// Poll is how often the worker looks for due deliveries (retries,
	// messages queued by other instances); default 1 s. Messages queued
	// on this instance wake it at once.
	Poll time.Duration
	// Settle is how long a woken worker lets further messages gather
	// before it claims them, so a burst of changes is claimed and
	// reported in a few transactions; default 50 ms.
	Settle time.Duration
	// Batch is how many deliveries one claim takes at most; default 100.
	Batch int
	// Observe, when set, is told each attempt's outcome (metrics).
	Observe func(outcome string)
	// Jitter returns a number in [0, 1); default random.
	Jitter func() float64
}

// Default delivery limits (docs/webhooks.md, docs/operations.md).
const (
	DefaultTimeout        = 10 * time.Second
	DefaultConnectTimeout = 3 * time.Second
	DefaultHeaderTimeout  = 5 * time.Second
	DefaultConcurrency    = 32
	DefaultPerApp         = 8
)

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
	o = o.withDefaults()
	return &Worker{svc: svc, opts: o, client: newClient(clientOptions{timeout: o.Timeout, connect: o.ConnectTimeout,
		header: o.HeaderTimeout, allowPrivate: svc.allowPrivate})}
}

// withDefaults fills the unset options and keeps the limits consistent.
func (o WorkerOptions) withDefaults() WorkerOptions {
	def := func(d *time.Duration, v time.Duration) {
		if *d <= 0 {
			*d = v
		}
	}
	def(&o.Timeout, DefaultTimeout)
	def(&o.ConnectTimeout, DefaultConnectTimeout)
	def(&o.HeaderTimeout, DefaultHeaderTimeout)
	def(&o.Poll, time.Second)
	def(&o.Settle, 50*time.Millisecond)
	o.ConnectTimeout, o.HeaderTimeout = min(o.ConnectTimeout, o.Timeout), min(o.HeaderTimeout, o.Timeout)
	if o.Batch <= 0 {
		o.Batch = 100
	}
	if o.Concurrency <= 0 {
		o.Concurrency = DefaultConcurrency
	}
	if o.PerApp <= 0 {
		o.PerApp = DefaultPerApp
	}
	o.PerApp = min(o.PerApp, o.Concurrency)
	if o.Jitter == nil {
		o.Jitter = randomJitter
	}
	if o.Observe == nil {
		o.Observe = func(string) {}
	}
	return o
}

// Run delivers until ctx ends. It claims due deliveries as slots free up
// instead of pass by pass, so a slow receiver delays nobody else: each
// application holds at most PerApp of the Concurrency attempts, and an
// outcome is recorded within flushEvery of its attempt, with the others
// that ended meanwhile. A restart resumes: pending deliveries are in the
// database, and a delivery claimed by a worker that died is due again
// once its lease has passed.
func (w *Worker) Run(ctx context.Context) {
	s := newSched(w, true)
	defer s.stop(ctx)
	tick := time.NewTicker(w.opts.Poll)
	defer tick.Stop()
	var settle, flush <-chan time.Time
	claim := true
	for {
		if claim && ctx.Err() == nil {
			claim = s.claimRound(ctx)
		}
		if s.flushDue() {
			s.flushLogged(ctx)
			flush, claim = nil, claim || s.more || s.refill
			if claim {
				continue
			}
		}
		if flush == nil && len(s.finished) > 0 {
			flush = time.After(flushEvery)
		}
		select {
		case <-ctx.Done():
			return
		case r := <-s.done:
			s.finish(r)
			s.dispatch(ctx)
		case <-flush:
			flush = nil
			s.flushLogged(ctx)
			claim = claim || s.more || s.refill
		case <-tick.C:
			claim = true
		case <-w.svc.wake:
			if settle == nil {
				settle = time.After(w.settle(s))
			}
		case <-settle:
			settle, flush, claim = nil, nil, true
			s.flushLogged(ctx)
		}
	}
}

// settle is how long a woken worker waits before it claims: Settle, or
// while attempts are under way flushEvery, the claim then going with the
// record of what ended meanwhile (fewer transactions under steady load).
func (w *Worker) settle(s *sched) time.Duration {
	if s.busy > 0 {
		return max(w.opts.Settle, flushEvery)
	}
	return w.opts.Settle
}

// flushEvery is how long an attempt's outcome may wait to be recorded
// with others while attempts are under way (at once when none is).
const flushEvery = 100 * time.Millisecond

// lease is how long a claimed delivery stays hidden from other workers:
// longer than any attempt and the wait for a slot before it (sendWithin).
func (w *Worker) lease() time.Duration { return 2*w.opts.Timeout + time.Minute }

// RunOnce is one pass: it relays the outbox and claims up to Batch due
// deliveries (one transaction), attempts them (PerApp at a time per
// application, 4 per endpoint) and stores every outcome in one
// transaction, returning how many were claimed. Tests and tools drive the
// worker with it; Run does not wait for a whole pass.
func (w *Worker) RunOnce(ctx context.Context) (int, error) {
	s := newSched(w, false)
	n, err := s.claim(ctx)
	s.dispatch(ctx)
	for s.busy > 0 {
		s.finish(<-s.done)
		s.dispatch(ctx)
	}
	s.releaseAll() // left only when ctx ended
	err = errors.Join(err, s.flush(ctx))
	s.notices.Wait()
	return n, err
}

// endpointsOf loads the endpoint of each claimed delivery (nil when it
// was deleted), by tenant and id.
func (w *Worker) endpointsOf(ctx context.Context, rows []deliveryRow) (map[string]*endpointRow, error) {
	endpoints := map[string]*endpointRow{}
	for _, r := range rows {
		if _, seen := endpoints[endpointKey(r)]; !seen {
			ep, err := w.svc.store.endpoint(ctx, r.Tenant, r.EndpointID, false)
			if err != nil {
				return nil, err // the claimed rows are due again when their lease ends
			}
			endpoints[endpointKey(r)] = ep
		}
	}
	return endpoints, nil
}

func endpointKey(r deliveryRow) string { return r.Tenant + "\x00" + r.EndpointID }

// perEndpoint is how many attempts to one endpoint run at once (and how
// many idle connections to a host the client keeps).
const perEndpoint = 4

// attempt sends one delivery and sets its outcome.
func (w *Worker) attempt(ctx context.Context, res *result) {
	r := &res.row
	start := time.Now()
	code, sendErr := w.send(ctx, &res.target, *r)
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
