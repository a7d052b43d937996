package webhooks

import (
	"context"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"sync"
	"testing"
	"time"

	"passwordless/internal/clocktest"
	"passwordless/storage"
	"passwordless/storage/storagetest"
)

// counter is a receiver on 127.0.0.1 that counts each webhook-id.
type counter struct {
	srv  *httptest.Server
	mu   sync.Mutex
	seen map[string]int
}

func newCounter(t *testing.T) *counter {
	c := &counter{seen: map[string]int{}}
	c.srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		c.mu.Lock()
		c.seen[r.Header.Get(HeaderID)]++
		c.mu.Unlock()
	}))
	t.Cleanup(c.srv.Close)
	return c
}

// wantEachOnce fails t unless n distinct messages arrived, each once.
func (c *counter) wantEachOnce(t *testing.T, n int) {
	t.Helper()
	got := c.counts()
	if len(got) != n {
		t.Errorf("received %d distinct messages, want %d", len(got), n)
	}
	for id, times := range got {
		if times != 1 {
			t.Errorf("message %s arrived %d times", id, times)
		}
	}
}

// runUntilIdle runs w's passes until three in a row claim nothing.
func runUntilIdle(t *testing.T, w *Worker) {
	untilIdle(t, func() (int64, error) {
		n, err := w.RunOnce(context.Background())
		return int64(n), err
	})
}

// untilIdle runs pass until three passes in a row do nothing (n = 0).
func untilIdle(t *testing.T, pass func() (n int64, err error)) {
	for idle := 0; idle < 3; {
		n, err := pass()
		if err != nil {
			t.Error(err)
			return
		}
		if idle++; n > 0 {
			idle = 0
		}
	}
}

func (c *counter) counts() map[string]int {
	c.mu.Lock()
	defer c.mu.Unlock()
	out := make(map[string]int, len(c.seen))
	for k, v := range c.seen {
		out[k] = v
	}
	return out
}

func newTestService(t *testing.T, db *storage.DB, clock *clocktest.Clock) *Service {
	t.Helper()
	svc, err := New(Options{DB: db, TokenSecret: []byte("test-token-secret-0123456789abcdef"), AllowPrivate: true,
		Now: clock.Now})
	if err != nil {
		t.Fatal(err)
	}
	return svc
}

// queue adds an endpoint to rcv for tenant and n test messages to it.
func queue(t *testing.T, svc *Service, tenant, url string, n int) []string {
	t.Helper()
	ctx := context.Background()
	ep, err := svc.Add(ctx, tenant, AddRequest{URL: url, Events: []string{UserDeleted}})
	if err != nil {
		t.Fatal(err)
	}
	var ids []string
	for range n {
		id, err := svc.SendTest(ctx, tenant, ep.ID)
		if err != nil {
			t.Fatal(err)
		}
		ids = append(ids, id)
	}
	return ids
}

// TestWorkers_DeliverEachMessageOnceOnPostgres: two workers (as two
// instances would) drain one queue; every message arrives exactly once,
// whether it was queued as a delivery (webhooks/test) or by changes into
// the outbox (relayed by the workers too).
func TestWorkers_DeliverEachMessageOnceOnPostgres(t *testing.T) {
	if os.Getenv("TEST_DATABASE_URL") == "" {
		t.Skip("TEST_DATABASE_URL not set")
	}
	tests := map[string]func(t *testing.T, svc *Service, url string){
		"test messages": func(t *testing.T, svc *Service, url string) { queue(t, svc, "app", url, 60) },
		"changes through the outbox": func(t *testing.T, svc *Service, url string) {
			subscribe(t, svc, "app", url, 1)
			deleteUsers(t, svc, "app", 60)
		},
	}
	for name, fill := range tests {
		t.Run(name, func(t *testing.T) {
			db := storagetest.Postgres(t)
			clock := clocktest.New(time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC))
			rcv := newCounter(t)
			fill(t, newTestService(t, db, clock), rcv.srv.URL)
			var wg sync.WaitGroup
			for range 2 {
				w := NewWorker(newTestService(t, db, clock), WorkerOptions{Batch: 4, Timeout: 5 * time.Second})
				wg.Go(func() { runUntilIdle(t, w) })
			}
			wg.Wait()
			rcv.wantEachOnce(t, 60)
		})
	}
}

// TestWorkers_ResumeAfterACrash: deliveries claimed by a worker that died
// before reporting are delivered by another once the lease has passed,
// and pending ones by a fresh instance after a restart.
func TestWorkers_ResumeAfterACrash(t *testing.T) {
	for name, open := range map[string]func(testing.TB) *storage.DB{
		"sqlite": storagetest.SQLite, "postgres": storagetest.Postgres} {
		t.Run(name, func(t *testing.T) {
			db := open(t)
			clock := clocktest.New(time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC))
			rcv := newCounter(t)
			before := newTestService(t, db, clock)
			ids := queue(t, before, "app", rcv.srv.URL, 5)
			dead := NewWorker(before, WorkerOptions{})
			claimed, err := before.store.claim(context.Background(), clock.Now(), dead.lease(), 3, claimLimits{})
			if err != nil || len(claimed.rows) != 3 {
				t.Fatalf("claim: %d, %v", len(claimed.rows), err)
			}
			// The instance dies here; a new one starts over the same database.
			after := NewWorker(newTestService(t, db, clock), WorkerOptions{})
			if n, err := after.RunOnce(context.Background()); n != 2 || err != nil {
				t.Fatalf("after the restart: %d attempted (%v), want the 2 unclaimed", n, err)
			}
			clock.Advance(dead.lease())
			if n, err := after.RunOnce(context.Background()); n != 3 || err != nil {
				t.Fatalf("after the lease: %d attempted (%v), want the 3 the dead worker held", n, err)
			}
			got := rcv.counts()
			for _, id := range ids {
				if got[id] != 1 {
					t.Errorf("message %s arrived %d times", id, got[id])
				}
			}
		})
	}
}

// TestPurge: finished deliveries older than 30 days go; pending ones and
// recent ones stay.
func TestPurge(t *testing.T) {
	db := storagetest.SQLite(t)
	clock := clocktest.New(time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC))
	svc := newTestService(t, db, clock)
	rcv := newCounter(t)
	ids := queue(t, svc, "app", rcv.srv.URL, 2)
	w := NewWorker(svc, WorkerOptions{})
	if _, err := w.RunOnce(context.Background()); err != nil {
		t.Fatal(err)
	}
	pending, err := svc.SendTest(context.Background(), "app", mustEndpoint(t, svc, "app"))
	if err != nil {
		t.Fatal(err)
	}
	clock.Advance(31 * 24 * time.Hour)
	if n, err := svc.Purge(context.Background()); err != nil || n != int64(len(ids)) {
		t.Fatalf("Purge = %d, %v; want the %d delivered", n, err, len(ids))
	}
	left, _ := svc.Deliveries(context.Background(), "app", mustEndpoint(t, svc, "app"))
	if len(left) != 1 || left[0].ID != pending {
		t.Errorf("left %+v, want only the pending %s", left, pending)
	}
}

func mustEndpoint(t *testing.T, svc *Service, tenant string) string {
	t.Helper()
	eps, err := svc.List(context.Background(), tenant)
	if err != nil || len(eps) == 0 {
		t.Fatalf("List = %v, %v", eps, err)
	}
	return eps[0].ID
}

// TestWorker_KeepsConnectionsToAnEndpoint: a worker sends an endpoint's
// messages over a few kept-alive connections (perEndpoint at a time; one
// may be dialled anew while another is being returned to the pool), pass
// after pass, instead of a connection per message.
func TestWorker_KeepsConnectionsToAnEndpoint(t *testing.T) {
	db := storagetest.SQLite(t)
	clock := clocktest.New(time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC))
	rcv := newCounter(t)
	var mu sync.Mutex
	conns := 0
	rcv.srv.Config.ConnState = func(_ net.Conn, s http.ConnState) {
		if s == http.StateNew {
			mu.Lock()
			conns++
			mu.Unlock()
		}
	}
	svc := newTestService(t, db, clock)
	ids := queue(t, svc, "app", rcv.srv.URL, 40)
	w := NewWorker(svc, WorkerOptions{Batch: 10, Timeout: 5 * time.Second})
	for {
		n, err := w.RunOnce(context.Background())
		if err != nil {
			t.Fatal(err)
		}
		if n == 0 {
			break
		}
	}
	if got := len(rcv.counts()); got != len(ids) {
		t.Fatalf("received %d messages, want %d", got, len(ids))
	}
	mu.Lock()
	defer mu.Unlock()
	if conns >= len(ids)/2 {
		t.Errorf("%d connections for %d messages in 4 passes, want them kept alive", conns, len(ids))
	}
}
