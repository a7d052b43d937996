package webhooks

import (
	"context"
	"slices"
	"sync"
	"time"
)

// sched is what one worker holds between a claim and the record of the
// outcomes: deliveries claimed and waiting for a slot, by application,
// and the attempts under way, counted per application and endpoint, so
// that the applications take turns for the worker's slots and none holds
// more than its share of them, whatever its receivers do. Only the
// goroutine that runs the worker touches it; attempts report on done.
type sched struct {
	w *Worker
	// capped: each claim takes at most heldPerApp deliveries of an
	// application, counting those it holds already (Run); RunOnce claims
	// a whole batch.
	capped bool
	queues map[string][]*result // by tenant, in claim order
	ring   []string             // tenants with queued deliveries, whose turn is next first
	held   map[string]int       // by tenant: queued and under way
	// inTenant and inEndpoint count the attempts under way.
	inTenant, inEndpoint map[string]int
	busy, heldTotal      int
	done                 chan *result
	finished             []result // outcomes not yet recorded
	// more: the last claim saw as many due deliveries as it could take;
	// there may be others.
	more bool
	// waiting are the applications that had no room for all their due
	// deliveries (or were skipped); refill: one of them has emptied half
	// its share since, so the next record is followed by a claim.
	waiting map[string]bool
	refill  bool
	notices sync.WaitGroup
}

func newSched(w *Worker, capped bool) *sched {
	return &sched{w: w, capped: capped, queues: map[string][]*result{}, held: map[string]int{},
		inTenant: map[string]int{}, inEndpoint: map[string]int{}, waiting: map[string]bool{},
		done: make(chan *result, w.opts.Concurrency)}
}

// heldPerApp is how many deliveries of one application a worker holds
// (under way or waiting for a slot); maxHeld is how many in all.
func (s *sched) heldPerApp() int { return 4 * s.w.opts.PerApp }
func (s *sched) maxHeld() int    { return 2 * max(s.w.opts.Batch, s.w.opts.Concurrency) }

// sendWithin is how long after its claim a delivery may still start: its
// attempt, and the record of its outcome, end well within its lease, so
// no other worker can have claimed it meanwhile. A delivery that waited
// longer is released unattempted.
func (s *sched) sendWithin() time.Duration { return s.w.lease() - s.w.opts.Timeout - 10*time.Second }

// claim claims due deliveries (in Run, as many as the worker may hold,
// skipping the applications that hold their share), decides which are
// attempted, and queues those.
func (s *sched) claim(ctx context.Context) (int, error) {
	limit, lim := s.w.opts.Batch, claimLimits{}
	if s.capped {
		limit = min(limit, s.maxHeld()-s.heldTotal)
		per := s.heldPerApp()
		for t, n := range s.held {
			if n >= per {
				lim.skip = append(lim.skip, t)
			}
		}
		lim.room = func(t string) int { return per - s.held[t] }
	}
	if limit <= 0 {
		s.more = true
		return 0, nil
	}
	now := s.w.svc.now().UTC()
	c, err := s.w.svc.store.claim(ctx, now, s.w.lease(), limit, lim)
	s.more, s.refill = err == nil && c.full, false
	defer s.await(append(lim.skip, c.left...))
	rows := c.rows
	if err != nil || len(rows) == 0 {
		return 0, err
	}
	endpoints, err := s.w.endpointsOf(ctx, rows)
	if err != nil {
		s.more = false
		return 0, err
	}
	results, admitErr := s.w.admitAll(ctx, rows, endpoints, now)
	claimed := time.Now()
	for i := range results {
		r := &results[i]
		if r.action != actionSend {
			s.finished = append(s.finished, *r)
			continue
		}
		r.claimed = claimed
		t := r.row.Tenant
		if len(s.queues[t]) == 0 {
			s.ring = append(s.ring, t)
		}
		s.queues[t] = append(s.queues[t], r)
		s.held[t]++
		s.heldTotal++
	}
	return len(rows), admitErr
}

// await notes the applications a claim left due deliveries of (or
// skipped), once it has queued what it took: the first record after one
// of them has emptied half its share is followed by a claim.
func (s *sched) await(tenants []string) {
	for _, t := range tenants {
		if s.held[t] > s.heldPerApp()/2 {
			s.waiting[t] = true
		}
	}
}

// claimRound claims and starts what it can, reporting whether to claim
// again at once (it took deliveries, saw more, and may hold more).
func (s *sched) claimRound(ctx context.Context) bool {
	n, err := s.claim(ctx)
	if err != nil && ctx.Err() == nil {
		s.w.svc.log.Warn("webhook deliveries", "err", err)
	}
	s.dispatch(ctx)
	return err == nil && n > 0 && s.more && s.heldTotal < s.maxHeld()
}

// dispatch starts queued deliveries while slots are free, one per
// application in turn: an application at its share (PerApp attempts, or
// perEndpoint to the endpoints of what it has queued) waits, the others
// go on.
func (s *sched) dispatch(ctx context.Context) {
	s.sweep()
	if ctx.Err() != nil {
		return
	}
	for started := true; started; {
		started = false
		for _, t := range slices.Clone(s.ring) {
			if s.busy >= s.w.opts.Concurrency {
				return
			}
			if s.startOne(ctx, t) {
				started = true
				s.ring = slices.DeleteFunc(s.ring, func(x string) bool { return x == t })
				if len(s.queues[t]) > 0 {
					s.ring = append(s.ring, t) // its next turn comes after the others'
				}
			}
		}
	}
}

// startOne starts tenant's first queued delivery whose endpoint has room,
// if the tenant has.
func (s *sched) startOne(ctx context.Context, tenant string) bool {
	if s.inTenant[tenant] >= s.w.opts.PerApp {
		return false
	}
	q := s.queues[tenant]
	for i, r := range q {
		k := endpointKey(r.row)
		if s.inEndpoint[k] >= perEndpoint {
			continue
		}
		if s.queues[tenant] = slices.Delete(q, i, i+1); len(s.queues[tenant]) == 0 {
			delete(s.queues, tenant)
		}
		s.busy++
		s.inTenant[tenant]++
		s.inEndpoint[k]++
		r.target = *r.ep
		go func() {
			s.w.attempt(ctx, r)
			s.done <- r
		}()
		return true
	}
	return false
}

// finish takes an attempt's outcome back.
func (s *sched) finish(r *result) {
	k := endpointKey(r.row)
	s.busy--
	s.heldTotal--
	dec(s.inTenant, r.row.Tenant)
	dec(s.inEndpoint, k)
	s.released(r.row.Tenant)
	s.finished = append(s.finished, *r)
}

// released counts one delivery of tenant less held, noting when an
// application that had deliveries left behind has room for a claim's
// worth again.
func (s *sched) released(tenant string) {
	dec(s.held, tenant)
	if s.waiting[tenant] && s.held[tenant] <= s.heldPerApp()/2 {
		delete(s.waiting, tenant)
		s.refill = true
	}
}

func dec(m map[string]int, k string) {
	if m[k]--; m[k] <= 0 {
		delete(m, k)
	}
}

// sweep settles the queued deliveries that must not wait for a slot any
// longer: those near the end of their lease are released (due again now,
// no attempt counted), those whose endpoint this worker disabled
// meanwhile fail as at admission.
func (s *sched) sweep() {
	for t, q := range s.queues {
		s.queues[t] = slices.DeleteFunc(q, func(r *result) bool {
			switch {
			case r.ep.DisabledAt != nil:
				r.action = actionReport
				r.row.Status, r.row.LastError = statusFailed, "endpoint disabled"
				s.w.observe(r.row)
			case time.Since(r.claimed) > s.sendWithin():
				r.action, r.until = actionPostpone, s.w.svc.now().UTC()
			default:
				return false
			}
			s.unqueue(r)
			return true
		})
		if len(s.queues[t]) == 0 {
			delete(s.queues, t)
		}
	}
	s.ring = slices.DeleteFunc(s.ring, func(t string) bool { return len(s.queues[t]) == 0 })
}

// releaseAll releases every queued delivery unattempted (due again now).
func (s *sched) releaseAll() {
	now := s.w.svc.now().UTC()
	for t, q := range s.queues {
		for _, r := range q {
			r.action, r.until = actionPostpone, now
			s.unqueue(r)
		}
		delete(s.queues, t)
	}
	s.ring = nil
}

// unqueue moves a queued delivery, settled without an attempt, to the
// outcomes to record (the caller removes it from its queue).
func (s *sched) unqueue(r *result) {
	s.heldTotal--
	s.released(r.row.Tenant)
	s.finished = append(s.finished, *r)
}

// flushDue reports whether the outcomes are recorded now rather than
// within flushEvery: a batch's worth, or nothing else under way.
func (s *sched) flushDue() bool {
	return len(s.finished) >= s.w.opts.Batch || len(s.finished) > 0 && s.busy == 0
}

// flush records the outcomes (one transaction) and mails the admins of
// the endpoints it disabled, without holding up the deliveries.
func (s *sched) flush(ctx context.Context) error {
	if len(s.finished) == 0 {
		return nil
	}
	results := s.finished
	s.finished = nil
	disabled, err := s.w.record(ctx, results)
	for _, ep := range disabled {
		e := *ep
		s.notices.Go(func() { s.w.disabled(ctx, &e) })
	}
	return err
}

func (s *sched) flushLogged(ctx context.Context) {
	if err := s.flush(ctx); err != nil {
		s.w.svc.log.Warn("webhook deliveries", "err", err)
	}
}

// stop ends Run: the queued deliveries are released, the attempts under
// way (cut short by ctx) come back, and everything is recorded.
func (s *sched) stop(ctx context.Context) {
	s.releaseAll()
	for s.busy > 0 {
		s.finish(<-s.done)
	}
	s.flushLogged(ctx)
	s.notices.Wait()
}
