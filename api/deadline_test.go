package api_test

import (
	"bytes"
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"log/slog"

	"passwordless/api/apitest"
	"passwordless/server"
	"passwordless/storage"
	"passwordless/storage/storagetest"
)

// TestDeadline_StalledDatabaseAnswers503 is issue 16 repro 3: a stalled
// PostgreSQL held requests for 40 s and more. A table locked by another
// session stalls the query; the request deadline turns it into 503
// service_unavailable with Retry-After, and the request succeeds once the
// lock is gone.
func TestDeadline_StalledDatabaseAnswers503(t *testing.T) {
	h, withLock := stallable(t, 2*time.Second)
	app := h.CreateApp(t, "stalled", nil)
	list := func() *apitest.Response {
		return h.Do(t, http.MethodGet, "/credentials/list?userId=u", app.Secret(), nil)
	}
	if resp := list(); resp.Status != http.StatusOK {
		t.Fatalf("before the stall: %d %s", resp.Status, resp.Body)
	}
	withLock(func() {
		resp := list()
		wantProblem(t, resp, http.StatusServiceUnavailable, "service_unavailable")
		if resp.Header.Get("Retry-After") == "" {
			t.Error("503 without Retry-After")
		}
	})
	if resp := list(); resp.Status != http.StatusOK {
		t.Errorf("after the stall: %d %s", resp.Status, resp.Body)
	}
}

// stallable is a server on a fresh PostgreSQL schema with the given
// request deadline, and a function that runs fn while another session
// holds the credentials table locked, so that queries on it stall. The
// deadline must leave room for the requests that should succeed on a
// loaded CI machine (2 s: with 300-500 ms a whole ceremony sometimes ran
// out of time before the lock was even taken).
func stallable(t *testing.T, timeout time.Duration) (*apitest.Harness, func(fn func())) {
	t.Helper()
	u := storagetest.PostgresURL(t)
	h := apitest.New(t, apitest.Options{DB: storagetest.MustOpen(t, u), Configure: func(c *server.Config) {
		c.RequestTimeout = timeout
	}})
	locker, err := storage.Connect(u, nil)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = locker.Close() })
	return h, func(fn func()) {
		tx := locker.Gorm.Begin()
		defer tx.Rollback() // also when fn fails: locker.Close waits for it
		if err := tx.Exec("LOCK TABLE credentials IN ACCESS EXCLUSIVE MODE").Error; err != nil {
			t.Fatal(err)
		}
		fn()
	}
}

// syncBuffer is a log sink safe for concurrent writers.
type syncBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *syncBuffer) lines() []map[string]any {
	b.mu.Lock()
	defer b.mu.Unlock()
	var out []map[string]any
	for _, l := range strings.Split(strings.TrimSpace(b.buf.String()), "\n") {
		var m map[string]any
		if json.Unmarshal([]byte(l), &m) == nil {
			out = append(out, m)
		}
	}
	return out
}

// TestAccessLog_AbandonedRequestIs499 is issue 16 repro 3's second half:
// the access log recorded 200 for requests the client had abandoned.
func TestAccessLog_AbandonedRequestIs499(t *testing.T) {
	logs := &syncBuffer{}
	h := apitest.New(t, apitest.Options{Configure: func(c *server.Config) {
		c.Logger = slog.New(slog.NewJSONHandler(logs, nil))
	}})
	app := h.CreateApp(t, "abandoned", nil)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	req := apitest.NewRequest(t, http.MethodGet, "/users/count", app.Secret(), nil).WithContext(ctx)
	h.Handler.ServeHTTP(httptest.NewRecorder(), req)
	var status any
	for _, l := range logs.lines() {
		if l["msg"] == "request" && l["route"] == "/users/count" {
			status = l["status"]
		}
	}
	if status != float64(499) {
		t.Errorf("access log status of an abandoned request = %v, want 499", status)
	}
	metrics := h.Do(t, http.MethodGet, "/metrics", nil, nil)
	if !strings.Contains(string(metrics.Body), `passwordless_http_requests_total{method="GET",route="/users/count",status="499"} 1`) {
		t.Error("metrics do not count the abandoned request as 499")
	}
}
