package webhooks

import (
	"context"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"passwordless/internal/clocktest"
	"passwordless/storage/storagetest"
)

// stuck is a receiver on 127.0.0.1 that never answers: each request is
// held until the client gives up. It counts the requests it holds at once.
type stuck struct {
	srv           *httptest.Server
	mu            sync.Mutex
	now, most, of int
}

func newStuck(t *testing.T) *stuck {
	s := &stuck{}
	s.srv = httptest.NewServer(http.HandlerFunc(func(_ http.ResponseWriter, r *http.Request) {
		_, _ = io.Copy(io.Discard, r.Body) // so that the server sees the client leave
		s.mu.Lock()
		s.now++
		s.of++
		s.most = max(s.most, s.now)
		s.mu.Unlock()
		select { // the 30 s sleep of the report, cut short when the client leaves
		case <-r.Context().Done():
		case <-time.After(30 * time.Second):
		}
		s.mu.Lock()
		s.now--
		s.mu.Unlock()
	}))
	t.Cleanup(s.srv.Close)
	return s
}

// counts returns how many requests it has held at most at once, and in all.
func (s *stuck) counts() (most, all int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.most, s.of
}

// dribbler is a receiver on 127.0.0.1 that answers with its status line
// and headers one byte at a time, every 100 ms. It counts its connections.
type dribbler struct {
	url   string
	mu    sync.Mutex
	conns int
}

func newDribbler(t *testing.T) *dribbler {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	d := &dribbler{url: "http://" + ln.Addr().String() + "/in"}
	stop := make(chan struct{})
	var wg sync.WaitGroup
	t.Cleanup(func() { close(stop); _ = ln.Close(); wg.Wait() })
	wg.Go(func() {
		for {
			conn, err := ln.Accept()
			if err != nil {
				return
			}
			d.mu.Lock()
			d.conns++
			d.mu.Unlock()
			wg.Go(func() { dribble(conn, stop) })
		}
	})
	return d
}

func dribble(conn net.Conn, stop chan struct{}) {
	defer func() { _ = conn.Close() }()
	for _, b := range []byte("HTTP/1.1 200 OK\r\nContent-Length: 0\r\nX-Slow: " + strings.Repeat("x", 600)) {
		select {
		case <-stop:
			return
		case <-time.After(100 * time.Millisecond):
		}
		if _, err := conn.Write([]byte{b}); err != nil {
			return
		}
	}
}

func (d *dribbler) connections() int {
	d.mu.Lock()
	defer d.mu.Unlock()
	return d.conns
}

// waitFor waits up to d for message id to arrive at c, and says when it
// did.
func (c *counter) waitFor(id string, d time.Duration) (time.Duration, bool) {
	start := time.Now()
	for time.Since(start) < d {
		if c.counts()[id] > 0 {
			return time.Since(start), true
		}
		time.Sleep(5 * time.Millisecond)
	}
	return d, false
}

// runWorker runs w until the test ends.
func runWorker(t *testing.T, w *Worker) {
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() { w.Run(ctx); close(done) }()
	t.Cleanup(func() { cancel(); <-done })
}

// TestWorker_SlowApplicationDoesNotDelayAnother: application a's
// receivers hold every request (one sleeps, one dribbles its headers a
// byte at a time) with a backlog of messages; application b's messages to
// a fast receiver still arrive at once, and a holds no more than its
// share of the worker's attempts.
func TestWorker_SlowApplicationDoesNotDelayAnother(t *testing.T) {
	db := storagetest.SQLite(t)
	clock := clocktest.New(time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)) // still: a's failures are not retried
	svc := newTestService(t, db, clock)
	slow, drib, fast := newStuck(t), newDribbler(t), newCounter(t)
	queue(t, svc, "a", slow.srv.URL, 12)
	queue(t, svc, "a", drib.url, 12)
	const perApp = 2
	w := NewWorker(svc, WorkerOptions{Timeout: 4 * time.Second, HeaderTimeout: 3 * time.Second, Concurrency: 4,
		PerApp: perApp})
	start := time.Now()
	runWorker(t, w)
	for ; ; time.Sleep(10 * time.Millisecond) {
		if _, all := slow.counts(); all+drib.connections() > 0 {
			break // a's attempts are under way
		}
		if time.Since(start) > time.Second {
			t.Fatal("a's messages were not attempted")
		}
	}
	for i := range 3 {
		id := queue(t, svc, "b", fast.srv.URL, 1)[0]
		took, ok := fast.waitFor(id, 2*time.Second)
		if !ok {
			t.Fatalf("b's message %d did not arrive within 2 s while a's receivers were stuck", i)
		}
		t.Logf("b's message %d arrived after %v", i, took)
		time.Sleep(100 * time.Millisecond)
	}
	// Until the first header timeout, a's attempts are all still held.
	if _, all := slow.counts(); time.Since(start) < 3*time.Second && all+drib.connections() > perApp {
		t.Errorf("a's receivers got %d requests at once, want at most PerApp = %d", all+drib.connections(), perApp)
	}
}

// TestWorker_CutsOffSlowReceivers: a receiver that sleeps, or dribbles its
// headers, fails the attempt at the header timeout, long before the
// attempt's own timeout; the delivery is pending for a retry.
func TestWorker_CutsOffSlowReceivers(t *testing.T) {
	db := storagetest.SQLite(t)
	clock := clocktest.New(time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC))
	svc := newTestService(t, db, clock)
	tests := map[string]string{"sleeping": newStuck(t).srv.URL, "dribbling": newDribbler(t).url}
	for name, url := range tests {
		t.Run(name, func(t *testing.T) {
			tenant := "app-" + name
			queue(t, svc, tenant, url, 1)
			w := NewWorker(svc, WorkerOptions{Timeout: 10 * time.Second, HeaderTimeout: 300 * time.Millisecond})
			start := time.Now()
			if n, err := w.RunOnce(context.Background()); n != 1 || err != nil {
				t.Fatalf("RunOnce = %d, %v", n, err)
			}
			if took := time.Since(start); took > 2*time.Second {
				t.Errorf("the attempt took %v, want it cut off at the 300 ms header timeout", took)
			}
			ds, err := svc.Deliveries(context.Background(), tenant, mustEndpoint(t, svc, tenant))
			if err != nil || len(ds) != 1 {
				t.Fatalf("deliveries = %+v, %v", ds, err)
			}
			if d := ds[0]; d.Status != statusPending || d.Attempts != 1 || d.LastError != "timeout" {
				t.Errorf("delivery %+v, want a timeout, pending for a retry", d)
			}
		})
	}
}

// TestWorkerOptions_Defaults: the connect and header timeouts are short by
// default and never above the attempt's; an application's share is never
// above the worker's slots.
func TestWorkerOptions_Defaults(t *testing.T) {
	tests := []struct {
		name string
		in   WorkerOptions
		want WorkerOptions
	}{
		{"defaults", WorkerOptions{}, WorkerOptions{Timeout: 10 * time.Second, ConnectTimeout: 3 * time.Second,
			HeaderTimeout: 5 * time.Second, Concurrency: 32, PerApp: 8}},
		{"a short attempt", WorkerOptions{Timeout: 300 * time.Millisecond}, WorkerOptions{Timeout: 300 * time.Millisecond,
			ConnectTimeout: 300 * time.Millisecond, HeaderTimeout: 300 * time.Millisecond, Concurrency: 32, PerApp: 8}},
		{"few slots", WorkerOptions{Concurrency: 3}, WorkerOptions{Timeout: 10 * time.Second,
			ConnectTimeout: 3 * time.Second, HeaderTimeout: 5 * time.Second, Concurrency: 3, PerApp: 3}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := tt.in.withDefaults()
			if got.Timeout != tt.want.Timeout || got.ConnectTimeout != tt.want.ConnectTimeout ||
				got.HeaderTimeout != tt.want.HeaderTimeout || got.Concurrency != tt.want.Concurrency ||
				got.PerApp != tt.want.PerApp {
				t.Errorf("withDefaults = %+v, want %+v", got, tt.want)
			}
		})
	}
}

// TestWorkers_RunDeliversEachMessageOnce: two workers running (as two
// instances would), with small shares so that deliveries wait in their
// queues, deliver the messages of three applications, each once.
func TestWorkers_RunDeliversEachMessageOnce(t *testing.T) {
	for name, open := range dialects() {
		t.Run(name, func(t *testing.T) {
			db := open(t)
			clock := clocktest.New(time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC))
			rcv := newCounter(t)
			svc := newTestService(t, db, clock)
			for _, app := range []string{"a", "b", "c"} {
				queue(t, svc, app, rcv.srv.URL, 10)
				subscribe(t, svc, app, rcv.srv.URL, 1)
				deleteUsers(t, svc, app, 5) // two messages each, through the outbox
			}
			const want = 3 * (10 + 2*5)
			runWorker(t, NewWorker(svc, WorkerOptions{Batch: 7, Concurrency: 3, PerApp: 2, Poll: 50 * time.Millisecond}))
			runWorker(t, NewWorker(newTestService(t, db, clock), WorkerOptions{Batch: 5, Concurrency: 2, PerApp: 1,
				Poll: 50 * time.Millisecond}))
			for start := time.Now(); len(rcv.counts()) < want && time.Since(start) < 20*time.Second; {
				time.Sleep(20 * time.Millisecond)
			}
			time.Sleep(200 * time.Millisecond) // a message sent twice would arrive meanwhile
			rcv.wantEachOnce(t, want)
		})
	}
}
