package webhooks

import (
	"context"
	"slices"

	"passwordless/events"
	"passwordless/storage"
)

// Recorder is the audit recorder every service writes through: it passes
// each event on to the event log and, for the events webhooks publish,
// appends the messages to the subscribed endpoints to the outbox in the
// same transaction as the change, so a committed change is never without
// its webhook and a rolled-back one never has one.
//
// It keeps the change's transaction short (on SQLite it holds the one
// writer): the subscribed endpoints come from the service's cache, the
// messages are built and encoded before the transaction begins, and
// whether a registration was the user's first passkey (user.created) is
// told by the change itself (events.Facts), so the transaction gains one
// INSERT of one row (webhook_outbox), which the worker relays later.
type Recorder struct {
	next events.Recorder
	svc  *Service
}

var _ events.Recorder = (*Recorder)(nil)

// Recorder decorates next.
func (s *Service) Recorder(next events.Recorder) *Recorder {
	return &Recorder{next: next, svc: s}
}

// Record implements events.Recorder: the event, then its outbox row, in
// the transaction ctx carries.
func (r *Recorder) Record(ctx context.Context, e events.Event) error {
	if !storage.InTransaction(ctx) {
		ctx = context.WithoutCancel(ctx) // the change is done: report it
	}
	if err := r.next.Record(ctx, e); err != nil {
		return err
	}
	out, err := r.outbox(ctx, e)
	if err != nil || out.empty() {
		return err
	}
	if err := r.svc.store.appendOutbox(ctx, out.entry(events.FactsFrom(ctx))); err != nil {
		return err
	}
	r.svc.queued()
	return nil
}

// Apply implements events.Recorder. With no subscribed endpoint it is the
// event log's Apply; otherwise change, event and outbox share one
// transaction.
func (r *Recorder) Apply(ctx context.Context, e events.Event, change func(ctx context.Context) error) error {
	out, err := r.outbox(ctx, e)
	if err != nil {
		return err
	}
	if out.empty() {
		return r.next.Apply(ctx, e, change)
	}
	ctx, facts := events.WithFacts(ctx)
	err = r.svc.store.inTx(ctx, func(ctx context.Context) error {
		if err := r.next.Apply(ctx, e, change); err != nil {
			return err
		}
		return r.svc.store.appendOutbox(ctx, out.entry(facts))
	})
	if err == nil {
		r.svc.queued()
	}
	return err
}

// pending is the outbox row an event may append, encoded both ways: its
// own messages, and those plus user.created for when the registration
// turns out to be the user's first passkey.
type pending struct {
	own, withFirstPasskey outboxEntry
}

func (p pending) empty() bool { return p.withFirstPasskey.Deliveries == "" }

// entry is the row to append once the change has told its facts.
func (p pending) entry(f *events.Facts) outboxEntry {
	if f != nil && f.FirstPasskey {
		return p.withFirstPasskey
	}
	return p.own
}

// outbox builds e's messages to the endpoints of its tenant that want
// what e reports (credential.created also feeds user.created).
func (r *Recorder) outbox(ctx context.Context, e events.Event) (pending, error) {
	name, data, ok := fromAudit(e)
	if !ok {
		return pending{}, nil
	}
	subscribed, err := r.svc.subscribed(ctx, e.Tenant)
	if err != nil {
		return pending{}, err
	}
	var to []endpointRow
	for _, ep := range subscribed {
		if ep.DisabledAt == nil {
			to = append(to, ep)
		}
	}
	own, err := r.svc.messages(e.Tenant, name, data, to)
	if err != nil {
		return pending{}, err
	}
	var p pending
	if p.own, err = entryOf(own); err != nil || name != CredentialCreated {
		p.withFirstPasskey = p.own // only a registration can be a first passkey
		return p, err
	}
	first, err := r.svc.messages(e.Tenant, UserCreated, map[string]string{"appId": e.Tenant, "userId": e.Subject}, to)
	if err != nil {
		return pending{}, err
	}
	p.withFirstPasskey, err = entryOf(append(slices.Clip(own), first...))
	return p, err
}
