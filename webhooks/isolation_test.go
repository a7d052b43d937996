package webhooks

import (
	"context"
	"testing"
	"time"

	"gorm.io/gorm"

	"passwordless/storage/storagetest"
)

var isolationAt = time.Date(2026, 2, 3, 4, 5, 6, 0, time.UTC)

// TestStore_DifferentTenantSeesNothing calls every store method as tenant
// b, with the same endpoint and delivery ids, after tenant a has an
// endpoint and a pending delivery, on SQLite and PostgreSQL.
func TestStore_DifferentTenantSeesNothing(t *testing.T) {
	type call = func(ctx context.Context, s *store, b string) (any, error)
	const ep, msg = "ep_1", "msg_1"
	delivery := func(tenant string) deliveryRow {
		return deliveryRow{Tenant: tenant, ID: msg, EndpointID: ep, EventType: Test, Payload: "{}", Status: statusPending,
			NextAttemptAt: isolationAt, ExpiresAt: isolationAt.Add(retryWindow), CreatedAt: isolationAt}
	}
	storagetest.Isolation[*store]{
		Recv: "store",
		Open: func(db *gorm.DB) *store { return &store{db: db, postgres: db.Dialector.Name() == "postgres"} },
		Seed: func(t *testing.T, s *store, a, _ string) {
			failing := isolationAt.Add(-time.Hour)
			err := s.insertEndpoint(t.Context(), endpointRow{Tenant: a, ID: ep, URL: "https://a.example/in",
				Events: UserDeleted, Secret: "sealed-a", CreatedAt: isolationAt, FailingSince: &failing,
				NoticeDueAt: &failing})
			if err == nil {
				err = s.insertDeliveries(t.Context(), []deliveryRow{delivery(a)})
			}
			if err != nil {
				t.Fatal(err)
			}
		},
		Expect: func(t *testing.T, s *store, a string) {
			got, err := s.endpoint(t.Context(), a, ep, false)
			if err != nil || got == nil || got.Secret != "sealed-a" || got.PreviousSecret != "" ||
				got.FailingSince == nil || got.DisabledAt != nil || got.NoticeDueAt == nil ||
				!got.NoticeDueAt.Equal(isolationAt.Add(-time.Hour)) {
				t.Errorf("a's endpoint afterwards = %+v %v, want it unchanged", got, err)
			}
			ds, err := s.deliveries(t.Context(), a, ep, 10)
			if err != nil || len(ds) != 1 || ds[0].Status != statusPending || ds[0].Attempts != 0 ||
				!ds[0].NextAttemptAt.Equal(isolationAt) {
				t.Errorf("a's deliveries afterwards = %+v %v, want its one pending delivery", ds, err)
			}
		},
		Cases: map[string]call{
			"countEndpoints": func(ctx context.Context, s *store, b string) (any, error) { return s.countEndpoints(ctx, b) },
			"insertEndpoint": func(ctx context.Context, s *store, b string) (any, error) {
				return nil, s.insertEndpoint(ctx, endpointRow{Tenant: b, ID: ep, URL: "https://b.example/in",
					Events: UserDeleted, Secret: "sealed-b", CreatedAt: isolationAt})
			},
			"endpoints": func(ctx context.Context, s *store, b string) (any, error) { return s.endpoints(ctx, b) },
			"endpoint": func(ctx context.Context, s *store, b string) (any, error) {
				return s.endpoint(ctx, b, ep, true)
			},
			"deleteEndpoint": func(ctx context.Context, s *store, b string) (any, error) {
				return s.deleteEndpoint(ctx, b, ep)
			},
			"setSecrets": func(ctx context.Context, s *store, b string) (any, error) {
				until := isolationAt.Add(time.Hour)
				return nil, s.setSecrets(ctx, b, ep, "sealed-b", "sealed-old", &until)
			},
			"insertDeliveries": func(ctx context.Context, s *store, b string) (any, error) {
				return nil, s.insertDeliveries(ctx, []deliveryRow{delivery(b)})
			},
			"appendOutbox": func(ctx context.Context, s *store, b string) (any, error) {
				e, err := entryOf([]deliveryRow{delivery(b)})
				if err == nil {
					err = s.appendOutbox(ctx, e)
				}
				return nil, err
			},
			"deliveries": func(ctx context.Context, s *store, b string) (any, error) { return s.deliveries(ctx, b, ep, 10) },
			"requeue": func(ctx context.Context, s *store, b string) (any, error) {
				return s.requeue(ctx, b, msg, isolationAt)
			},
			"report": func(ctx context.Context, s *store, b string) (any, error) {
				r := delivery(b)
				r.Status, r.Attempts = statusDelivered, 1
				return nil, s.report(ctx, []deliveryRow{r})
			},
			"markFailing": func(ctx context.Context, s *store, b string) (any, error) {
				return nil, s.markFailing(ctx, b, ep, isolationAt)
			},
			"markHealthy": func(ctx context.Context, s *store, b string) (any, error) {
				return nil, s.markHealthy(ctx, b, ep)
			},
			"disable": func(ctx context.Context, s *store, b string) (any, error) {
				return s.disable(ctx, b, ep, isolationAt.Add(time.Hour), isolationAt)
			},
			"enable": func(ctx context.Context, s *store, b string) (any, error) { return s.enable(ctx, b, ep) },
			"postpone": func(ctx context.Context, s *store, b string) (any, error) {
				return nil, s.postpone(ctx, []deliveryRow{delivery(b)}, isolationAt.Add(time.Hour))
			},
			"insertDeliveriesOnce": func(ctx context.Context, s *store, b string) (any, error) {
				r := delivery(b)
				r.Status = statusDelivered
				_, err := s.insertDeliveriesOnce(ctx, []deliveryRow{r})
				return nil, err
			},
			"claimNotice": func(ctx context.Context, s *store, b string) (any, error) {
				return s.claimNotice(ctx, b, ep, isolationAt, isolationAt.Add(time.Hour))
			},
			"noticeSent": func(ctx context.Context, s *store, b string) (any, error) {
				return nil, s.noticeSent(ctx, b, ep)
			},
			"deleteDelivery": func(ctx context.Context, s *store, b string) (any, error) {
				return nil, s.deleteDelivery(ctx, b, msg)
			},
		},
		Exempt: map[string]string{
			"inTx":          "opens a transaction; reads and writes nothing",
			"claim":         "the worker's sweep: claims the due deliveries of every tenant",
			"queue":         "counts every tenant's pending deliveries, for the metrics",
			"outboxQueue":   "counts every tenant's messages in the outbox, for the metrics",
			"outboxWaiting": "the worker's check for outbox rows of any tenant",
			"anythingDue":   "the worker's check for outbox rows or due deliveries of any tenant",
			"relay":         "the worker's sweep: moves every tenant's outbox rows to their deliveries",
			"purgeBefore":   "the retention job: finished deliveries of every tenant",
			"subscribersOf": "the spike job's sweep: endpoints of every tenant",
			"dueNotices":    "the notices job's sweep: disabled endpoints of every tenant",
		},
	}.Run(t)
}
