package webhooks

import (
	"context"
	"slices"

	"passwordless/events"
	"passwordless/storage"
)

// FirstPasskey reports whether userID of tenant has exactly one passkey:
// asked, inside the registration's transaction, to tell user.created from
// a further credential.created.
type FirstPasskey func(ctx context.Context, tenant, userID string) (bool, error)

// Recorder is the audit recorder every service writes through: it passes
// each event on to the event log and, for the events webhooks publish,
// writes the outbox rows of the subscribed endpoints in the same
// transaction as the change, so a committed change is never without its
// webhook and a rolled-back one never has one.
type Recorder struct {
	next  events.Recorder
	svc   *Service
	first FirstPasskey
}

var _ events.Recorder = (*Recorder)(nil)

// Recorder decorates next. first may be nil (no user.created then).
func (s *Service) Recorder(next events.Recorder, first FirstPasskey) *Recorder {
	return &Recorder{next: next, svc: s, first: first}
}

// Record implements events.Recorder: the event, then its outbox rows,
// in the transaction ctx carries.
func (r *Recorder) Record(ctx context.Context, e events.Event) error {
	if !storage.InTransaction(ctx) {
		ctx = context.WithoutCancel(ctx) // the change is done: report it
	}
	if err := r.next.Record(ctx, e); err != nil {
		return err
	}
	to, err := r.subscribers(ctx, e)
	if err != nil || len(to) == 0 {
		return err
	}
	return r.publish(ctx, e, to)
}

// Apply implements events.Recorder. With no subscribed endpoint it is the
// event log's Apply; otherwise change, event and outbox share one
// transaction.
func (r *Recorder) Apply(ctx context.Context, e events.Event, change func(ctx context.Context) error) error {
	to, err := r.subscribers(ctx, e)
	if err != nil {
		return err
	}
	if len(to) == 0 {
		return r.next.Apply(ctx, e, change)
	}
	return r.svc.store.inTx(ctx, func(ctx context.Context) error {
		if err := r.next.Apply(ctx, e, change); err != nil {
			return err
		}
		return r.publish(ctx, e, to)
	})
}

// subscribers are the endpoints of e's tenant that want what e reports
// (credential.created also feeds user.created).
func (r *Recorder) subscribers(ctx context.Context, e events.Event) ([]endpointRow, error) {
	name, _, ok := fromAudit(e)
	if !ok {
		return nil, nil
	}
	all, err := r.svc.subscribed(ctx, e.Tenant)
	if err != nil {
		return nil, err
	}
	var out []endpointRow
	for _, ep := range all {
		if ep.DisabledAt != nil {
			continue
		}
		if ep.subscribes(name) || (name == CredentialCreated && r.first != nil && ep.subscribes(UserCreated)) {
			out = append(out, ep)
		}
	}
	return out, nil
}

// publish queues e's webhook to the endpoints to, and user.created when
// the registration was the user's first passkey, in one statement.
func (r *Recorder) publish(ctx context.Context, e events.Event, to []endpointRow) error {
	name, data, _ := fromAudit(e)
	rows, err := r.svc.messages(e.Tenant, name, data, to)
	if err != nil {
		return err
	}
	if name == CredentialCreated && r.first != nil && slices.ContainsFunc(to, func(ep endpointRow) bool {
		return ep.subscribes(UserCreated)
	}) {
		first, err := r.first(ctx, e.Tenant, e.Subject)
		if err != nil {
			return err
		}
		if first {
			created, err := r.svc.messages(e.Tenant, UserCreated,
				map[string]string{"appId": e.Tenant, "userId": e.Subject}, to)
			if err != nil {
				return err
			}
			rows = append(rows, created...)
		}
	}
	return r.svc.store.insertDeliveries(ctx, rows)
}
