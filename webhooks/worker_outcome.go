package webhooks

import (
	"context"
	"errors"
	"fmt"
	"time"

	"passwordless/events"
)

// What becomes of a claimed delivery.
const (
	actionSend     = iota // admitted: attempt it
	actionReport          // store the attempt's (or the refusal's) outcome
	actionPostpone        // due again at until, no attempt counted
	actionDrop            // its endpoint is gone
)

// result is one claimed delivery and what became of it.
type result struct {
	row deliveryRow
	// ep is the endpoint as the worker's coordinator keeps it (its health
	// changes); target is the copy the attempt reads, taken at its start.
	ep        *endpointRow
	target    endpointRow
	claimed   time.Time // when this worker claimed it (the wall clock, for the lease)
	action    int
	until     time.Time // actionPostpone
	attempted bool      // an attempt reached for the endpoint (its health)
	at        time.Time // when the attempt ended
}

// admitAll decides, in claim order, which deliveries are attempted: none
// to a deleted or disabled endpoint, none past the application's rate (one
// refusal puts off the application's other deliveries of the batch without
// asking the limiter again).
func (w *Worker) admitAll(ctx context.Context, rows []deliveryRow, endpoints map[string]*endpointRow,
	now time.Time) ([]result, error) {
	out := make([]result, len(rows))
	refused := map[string]time.Time{}
	var errs []error
	for i, r := range rows {
		res := result{row: r, ep: endpoints[endpointKey(r)], action: actionSend}
		switch until, limited := refused[r.Tenant]; {
		case res.ep == nil:
			res.action = actionDrop // queued by an instance that had not yet seen the delete
		case res.ep.DisabledAt != nil:
			res.action = actionReport
			res.row.Status, res.row.LastError = statusFailed, "endpoint disabled"
			w.observe(res.row)
		case limited:
			res.action, res.until = actionPostpone, until
			w.opts.Observe(OutcomeLimited)
		default:
			ok, until, err := w.admit(ctx, r.Tenant, now)
			if err != nil {
				errs = append(errs, err)
				until = now.Add(w.opts.Poll) // the limiter is down: try again soon
			}
			if err != nil || !ok {
				refused[r.Tenant] = until
				res.action, res.until = actionPostpone, until
				w.opts.Observe(OutcomeLimited)
			}
		}
		out[i] = res
	}
	return out, errors.Join(errs...)
}

// streak is what a batch tells of one endpoint's health.
type streak struct {
	ep *endpointRow
	ok bool      // one delivery at least succeeded
	at time.Time // the last attempt
}

// record stores every outcome of a batch, the final failures' alerts and
// the endpoints' health in one transaction (on SQLite, one turn of the
// single writer for the whole batch), in a few statements: one for the
// attempts, one per postponement time. It returns the endpoints the batch
// disabled. Should it fail, the deliveries are due again when their lease
// ends.
func (w *Worker) record(ctx context.Context, results []result) (disabled []*endpointRow, err error) {
	ctx = context.WithoutCancel(ctx)
	err = w.svc.store.inTx(ctx, func(ctx context.Context) error {
		if err := w.store(ctx, results); err != nil {
			return err
		}
		disabled = nil
		for _, h := range streaks(results) {
			off, err := w.health(ctx, h.ep, h.ok, h.at)
			if err != nil {
				return err
			}
			if off {
				disabled = append(disabled, h.ep)
			}
		}
		return nil
	})
	return disabled, err
}

// store writes the outcomes and the alerts of the deliveries that failed
// for good.
func (w *Worker) store(ctx context.Context, results []result) error {
	st := w.svc.store
	var reports []deliveryRow
	postponed := map[time.Time][]deliveryRow{}
	var failed []deliveryRow
	for _, r := range results {
		switch r.action {
		case actionDrop:
			if err := st.deleteDelivery(ctx, r.row.Tenant, r.row.ID); err != nil {
				return err
			}
		case actionPostpone:
			postponed[r.until] = append(postponed[r.until], r.row)
		default:
			reports = append(reports, r.row)
			if r.attempted && r.row.Status == statusFailed {
				failed = append(failed, r.row)
			}
		}
	}
	for until, rows := range postponed {
		if err := st.postpone(ctx, rows, until); err != nil {
			return err
		}
	}
	if err := st.report(ctx, reports); err != nil {
		return err
	}
	for _, r := range failed {
		msg := fmt.Sprintf("Webhook delivery %s to endpoint %s failed for good after %d attempts.", r.ID, r.EndpointID, r.Attempts)
		if err := w.svc.events.Record(ctx, endpointEvent(r.Tenant, r.EndpointID, events.APIWebhookDeliveryFailed, msg)); err != nil {
			return err
		}
	}
	return nil
}

// streaks sums up the attempts of a batch by endpoint, in claim order.
func streaks(results []result) []*streak {
	var out []*streak
	by := map[string]*streak{}
	for _, r := range results {
		if !r.attempted {
			continue
		}
		k := endpointKey(r.row)
		h := by[k]
		if h == nil {
			h = &streak{ep: r.ep}
			by[k] = h
			out = append(out, h)
		}
		h.ok = h.ok || r.row.Status == statusDelivered
		if r.at.After(h.at) {
			h.at = r.at
		}
	}
	return out
}

// disableAfter is how long an endpoint may fail (no success in between)
// before it is disabled.
const disableAfter = 3 * 24 * time.Hour

// health keeps the endpoint's failing streak and disables it once it has
// failed for disableAfter, reporting whether it did. Its deliveries then
// fail without an attempt and no new ones are queued, until the
// application enables it again.
func (w *Worker) health(ctx context.Context, ep *endpointRow, ok bool, now time.Time) (bool, error) {
	st := w.svc.store
	switch {
	case ok && ep.FailingSince == nil:
		return false, nil
	case ok:
		return false, st.markHealthy(ctx, ep.Tenant, ep.ID)
	case ep.FailingSince == nil:
		return false, st.markFailing(ctx, ep.Tenant, ep.ID, now)
	}
	disabled, err := st.disable(ctx, ep.Tenant, ep.ID, now.Add(-disableAfter), now)
	if err != nil || !disabled {
		return false, err
	}
	ep.DisabledAt = &now
	// The app's admins see it in the event log (an alert) and by mail.
	return true, w.svc.events.Record(ctx, endpointEvent(ep.Tenant, ep.ID, events.APIWebhookEndpointDisabled,
		"Webhook endpoint "+ep.ID+" was disabled after failing for 3 days; enable it with POST /webhooks/enable."))
}

// disabled runs once the transaction that disabled ep committed: this
// instance forgets its endpoints and the admins' notice is sent.
func (w *Worker) disabled(ctx context.Context, ep *endpointRow) {
	w.svc.forget(ep.Tenant)
	w.svc.log.Warn("webhook endpoint disabled: failing for 3 days", "tenant", ep.Tenant, "endpoint", ep.ID)
	w.svc.sendNotice(context.WithoutCancel(ctx), *ep)
}
