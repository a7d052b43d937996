package webhooks

import (
	"context"
	"errors"
	"fmt"
	"os"
	"sync"
	"testing"
	"time"

	"passwordless/events"
	"passwordless/internal/clocktest"
	"passwordless/problems"
	"passwordless/storage"
	"passwordless/storage/storagetest"
)

// dialects are the databases the outbox tests run on; PostgreSQL only
// when TEST_DATABASE_URL is set.
func dialects() map[string]func(testing.TB) *storage.DB {
	out := map[string]func(testing.TB) *storage.DB{"sqlite": storagetest.SQLite}
	if os.Getenv("TEST_DATABASE_URL") != "" {
		out["postgres"] = storagetest.Postgres
	}
	return out
}

// subscribe adds n endpoints of tenant to url, subscribed to user.deleted.
func subscribe(t *testing.T, svc *Service, tenant, url string, n int) []string {
	t.Helper()
	var ids []string
	for range n {
		ep, err := svc.Add(context.Background(), tenant, AddRequest{URL: url, Events: []string{UserDeleted}})
		if err != nil {
			t.Fatal(err)
		}
		ids = append(ids, ep.ID)
	}
	return ids
}

// deleteUsers records n user deletions of tenant through svc's Recorder,
// each in a transaction of its own (as the users service does).
func deleteUsers(t *testing.T, svc *Service, tenant string, n int) {
	t.Helper()
	rec := svc.Recorder(events.Discard{})
	for i := range n {
		e := events.About(tenant, fmt.Sprintf("u%d", i), events.APIUserDeleted, "User deleted.")
		if err := rec.Apply(context.Background(), e, func(context.Context) error { return nil }); err != nil {
			t.Fatal(err)
		}
	}
}

func count(t *testing.T, db *storage.DB, query string) int64 {
	t.Helper()
	var n int64
	if err := db.Gorm.Raw(query).Scan(&n).Error; err != nil {
		t.Fatal(err)
	}
	return n
}

func outboxRows(t *testing.T, db *storage.DB) int64 {
	return count(t, db, "SELECT COUNT(*) FROM webhook_outbox")
}

// TestRecorder_OutboxRowGoesWithTheChange: a change that commits appends
// one outbox row holding a message per subscribed endpoint; one that rolls
// back (having written or not) leaves no row and queues nothing.
func TestRecorder_OutboxRowGoesWithTheChange(t *testing.T) {
	errChange := errors.New("the change failed")
	tests := []struct {
		name     string
		change   func(ctx context.Context, s *store) error
		wantErr  error
		wantRows int64
	}{
		{name: "committed", change: func(context.Context, *store) error { return nil }, wantRows: 1},
		{name: "failed before writing", change: func(context.Context, *store) error { return errChange },
			wantErr: errChange},
		{name: "failed after writing", change: func(ctx context.Context, s *store) error {
			err := s.insertEndpoint(ctx, endpointRow{Tenant: "app", ID: "ep_change", URL: "https://x.example/in",
				Events: UserDeleted, Secret: "sealed", CreatedAt: time.Now().UTC()})
			return errors.Join(err, errChange)
		}, wantErr: errChange},
	}
	for name, open := range dialects() {
		for _, tt := range tests {
			t.Run(name+"/"+tt.name, func(t *testing.T) {
				db := open(t)
				svc := newTestService(t, db, clocktest.New(time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)))
				subscribe(t, svc, "app", "http://127.0.0.1:1/in", 2)
				e := events.About("app", "u1", events.APIUserDeleted, "User deleted.")
				err := svc.Recorder(events.Discard{}).Apply(context.Background(), e,
					func(ctx context.Context) error { return tt.change(ctx, svc.store) })
				if !errors.Is(err, tt.wantErr) {
					t.Fatalf("Apply = %v, want %v", err, tt.wantErr)
				}
				if got := outboxRows(t, db); got != tt.wantRows {
					t.Errorf("%d outbox rows, want %d", got, tt.wantRows)
				}
				if n, _, err := svc.store.queue(context.Background()); err != nil || n != 2*tt.wantRows {
					t.Errorf("queue = %d, %v; want %d messages", n, err, 2*tt.wantRows)
				}
				if got := count(t, db, "SELECT COUNT(*) FROM webhook_endpoints WHERE id = 'ep_change'"); got != 0 {
					t.Errorf("the rolled-back change's endpoint is there")
				}
			})
		}
	}
}

// TestRelay_MovesEachRowOnceWithTwoWorkers: two workers relaying one
// outbox at once (as two instances would, on PostgreSQL) move every row
// once: the deliveries they insert add up to the messages, and the outbox
// is empty.
func TestRelay_MovesEachRowOnceWithTwoWorkers(t *testing.T) {
	if os.Getenv("TEST_DATABASE_URL") == "" {
		t.Skip("TEST_DATABASE_URL not set")
	}
	db := storagetest.Postgres(t)
	svc := newTestService(t, db, clocktest.New(time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)))
	subscribe(t, svc, "app", "http://127.0.0.1:1/in", 2)
	const changes = 150
	deleteUsers(t, svc, "app", changes)
	var mu sync.Mutex
	var moved int64
	var wg sync.WaitGroup
	for range 2 {
		s := newTestService(t, db, clocktest.New(time.Now())).store
		wg.Go(func() {
			untilIdle(t, func() (int64, error) {
				n, err := s.relay(context.Background(), 7)
				mu.Lock()
				moved += n
				mu.Unlock()
				return n, err
			})
		})
	}
	wg.Wait()
	if moved != 2*changes {
		t.Errorf("the relays inserted %d deliveries, want %d", moved, 2*changes)
	}
	if n := outboxRows(t, db); n != 0 {
		t.Errorf("%d outbox rows left", n)
	}
	if n := count(t, db, "SELECT COUNT(*) FROM webhook_deliveries WHERE status = 'pending'"); n != 2*changes {
		t.Errorf("%d pending deliveries, want %d", n, 2*changes)
	}
}

// TestOutbox_CrashBeforeTheRelayLosesNothing: messages appended by an
// instance that dies before relaying them, and a relay whose transaction
// never commits (the instance dies in it), are delivered, once each, by
// the next instance.
func TestOutbox_CrashBeforeTheRelayLosesNothing(t *testing.T) {
	for name, open := range dialects() {
		t.Run(name, func(t *testing.T) {
			db := open(t)
			clock := clocktest.New(time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC))
			rcv := newCounter(t)
			before := newTestService(t, db, clock)
			subscribe(t, before, "app", rcv.srv.URL, 1)
			deleteUsers(t, before, "app", 5)
			errDied := errors.New("the instance died")
			err := before.store.inTx(context.Background(), func(ctx context.Context) error {
				if n, err := before.store.relay(ctx, 3); err != nil || n != 3 {
					t.Errorf("relay = %d, %v; want 3", n, err)
				}
				return errDied
			})
			if !errors.Is(err, errDied) {
				t.Fatalf("the dying relay: %v", err)
			}
			if n := outboxRows(t, db); n != 5 {
				t.Fatalf("%d outbox rows after the crash, want the 5 appended", n)
			}
			runUntilIdle(t, NewWorker(newTestService(t, db, clock), WorkerOptions{}))
			rcv.wantEachOnce(t, 5)
			if n := outboxRows(t, db); n != 0 {
				t.Errorf("%d outbox rows left", n)
			}
		})
	}
}

// TestRelay_DifferentTenantSeesNothing: relayed messages are listed in
// their own application's deliveries only.
func TestRelay_DifferentTenantSeesNothing(t *testing.T) {
	for name, open := range dialects() {
		t.Run(name, func(t *testing.T) {
			db := open(t)
			clock := clocktest.New(time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC))
			svc := newTestService(t, db, clock)
			a := subscribe(t, svc, "a", "http://127.0.0.1:1/in", 1)[0]
			b := subscribe(t, svc, "b", "http://127.0.0.1:1/in", 1)[0]
			deleteUsers(t, svc, "a", 2)
			if _, err := svc.store.relay(context.Background(), 10); err != nil {
				t.Fatal(err)
			}
			if got, err := svc.Deliveries(context.Background(), "a", a); err != nil || len(got) != 2 {
				t.Errorf("a's deliveries = %v, %v; want its 2 messages", got, err)
			}
			if got, err := svc.Deliveries(context.Background(), "b", b); err != nil || len(got) != 0 {
				t.Errorf("b's deliveries = %v, %v; want none", got, err)
			}
			var p *problems.Error
			if _, err := svc.Deliveries(context.Background(), "b", a); !errors.As(err, &p) || p.Code != problems.WebhookNotFound {
				t.Errorf("b listing a's endpoint: %v, want webhook_not_found", err)
			}
		})
	}
}

// TestQueue_CountsTheOutbox: the queue metrics count the messages not yet
// relayed, and date the oldest from its change.
func TestQueue_CountsTheOutbox(t *testing.T) {
	for name, open := range dialects() {
		t.Run(name, func(t *testing.T) {
			db := open(t)
			start := time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)
			clock := clocktest.New(start)
			svc := newTestService(t, db, clock)
			subscribe(t, svc, "app", "http://127.0.0.1:1/in", 2)
			deleteUsers(t, svc, "app", 1)
			clock.Advance(time.Minute)
			deleteUsers(t, svc, "app", 2)
			n, oldest, err := svc.store.queue(context.Background())
			if err != nil || n != 6 || !oldest.Equal(start) {
				t.Errorf("queue = %d, %v, %v; want 6 messages, the oldest at %v", n, oldest, err, start)
			}
			if _, err := svc.store.relay(context.Background(), 1); err != nil {
				t.Fatal(err)
			}
			n, oldest, err = svc.store.queue(context.Background())
			if err != nil || n != 6 || !oldest.Equal(start) {
				t.Errorf("after relaying one row: queue = %d, %v, %v; want the same", n, oldest, err)
			}
		})
	}
}
