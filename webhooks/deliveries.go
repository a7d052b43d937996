package webhooks

import (
	"context"
	"time"

	"passwordless/events"
	"passwordless/problems"
)

// Delivery is one message to one endpoint and its last attempt.
type Delivery struct {
	ID            string
	EventType     string
	Status        string // pending, delivered or failed
	Attempts      int
	CreatedAt     time.Time
	NextAttemptAt *time.Time // pending only
	LastAttemptAt *time.Time
	// LastStatusCode is the receiver's HTTP status (0: no answer).
	LastStatusCode int
	LastLatency    time.Duration
	// LastError says why the last attempt failed without an answer
	// (timeout, refused address); never the receiver's body.
	LastError string
}

// recentDeliveries is how many deliveries Deliveries returns.
const recentDeliveries = 100

// Deliveries returns the endpoint's most recent deliveries, newest first.
func (s *Service) Deliveries(ctx context.Context, tenant, endpointID string) ([]Delivery, error) {
	if endpointID == "" {
		return nil, missing("id")
	}
	ep, err := s.store.endpoint(ctx, tenant, endpointID, false)
	if err != nil {
		return nil, err
	}
	if ep == nil {
		return nil, problems.New(problems.WebhookNotFound)
	}
	rows, err := s.store.deliveries(ctx, tenant, endpointID, recentDeliveries)
	if err != nil {
		return nil, err
	}
	out := make([]Delivery, len(rows))
	for i, r := range rows {
		d := Delivery{ID: r.ID, EventType: r.EventType, Status: r.Status, Attempts: r.Attempts,
			CreatedAt: r.CreatedAt.UTC(), LastStatusCode: r.LastStatusCode,
			LastLatency: time.Duration(r.LastLatencyMs) * time.Millisecond, LastError: r.LastError}
		if r.Status == statusPending {
			t := r.NextAttemptAt.UTC()
			d.NextAttemptAt = &t
		}
		if r.LastAttemptAt != nil {
			t := r.LastAttemptAt.UTC()
			d.LastAttemptAt = &t
		}
		out[i] = d
	}
	return out, nil
}

// Redeliver sends a delivery again (with the same webhook-id, so a
// receiver that did get it can tell), due now and retried for 24 h.
func (s *Service) Redeliver(ctx context.Context, tenant, deliveryID string) error {
	if deliveryID == "" {
		return missing("deliveryId")
	}
	err := s.store.inTx(ctx, func(ctx context.Context) error {
		ok, err := s.store.requeue(ctx, tenant, deliveryID, s.now().UTC())
		if err = found(ok, err, problems.WebhookDeliveryNotFound); err != nil {
			return err
		}
		return s.events.Record(ctx, endpointEvent(tenant, deliveryID, events.APIWebhookRedeliveryRequested,
			"Webhook delivery "+deliveryID+" queued to be sent again."))
	})
	if err == nil {
		s.queued()
	}
	return err
}

// SendTest queues a webhook.test message to the endpoint and returns the
// delivery's id.
func (s *Service) SendTest(ctx context.Context, tenant, endpointID string) (string, error) {
	if endpointID == "" {
		return "", missing("id")
	}
	ep, err := s.store.endpoint(ctx, tenant, endpointID, false)
	if err != nil {
		return "", err
	}
	if ep == nil {
		return "", problems.New(problems.WebhookNotFound)
	}
	ids, err := s.enqueue(ctx, tenant, Test, map[string]string{"appId": tenant, "endpointId": endpointID},
		[]endpointRow{*ep})
	if err != nil {
		return "", err
	}
	s.queued()
	return ids[0], nil
}

// keepDeliveries is how long finished deliveries stay listed.
const keepDeliveries = 30 * 24 * time.Hour

// Purge deletes the deliveries that finished (delivered or failed) more
// than 30 days ago, for every application; pending ones always stay. It
// returns how many were deleted (an hourly job).
func (s *Service) Purge(ctx context.Context) (int64, error) {
	return s.store.purgeBefore(ctx, s.now().UTC().Add(-keepDeliveries))
}
