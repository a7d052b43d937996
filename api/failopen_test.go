package api_test

import (
	"io"
	"net"
	"net/http"
	"strings"
	"testing"

	"github.com/redis/go-redis/v9"

	"passwordless/api/apitest"
	"passwordless/storage"
	"passwordless/storage/storagetest"
)

// hungRedis is a TCP server that accepts connections and never answers,
// as a SIGSTOPped Redis does.
func hungRedis(t *testing.T) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = ln.Close() })
	go func() {
		for {
			conn, err := ln.Accept()
			if err != nil {
				return
			}
			go func() { _, _ = io.Copy(io.Discard, conn) }()
		}
	}()
	return ln.Addr().String()
}

// closedPort is an address nothing listens on, as a stopped Redis.
func closedPort(t *testing.T) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	_ = ln.Close()
	return addr
}

// TestRateLimit_FailsOpenWhenRedisIsDownOrHung is issue 16 repro 2: with
// Redis stopped or hung every rate-limited request waited 1.7 to 15 s. The
// limiter now gives Redis a 100 ms budget, then lets requests through
// unchecked for a second before trying again, and says so in the log and
// in passwordless_fail_open_total.
func TestRateLimit_FailsOpenWhenRedisIsDownOrHung(t *testing.T) {
	for name, addr := range map[string]func(*testing.T) string{"stopped": closedPort, "hung": hungRedis} {
		t.Run(name, func(t *testing.T) {
			client := redis.NewClient(storage.WithRedisTimeouts(&redis.Options{Addr: addr(t)}))
			t.Cleanup(func() { _ = client.Close() })
			h := apitest.New(t, apitest.Options{Redis: client})
			app := h.CreateApp(t, "failopen", nil)
			for i := range 3 {
				if resp := h.Do(t, http.MethodGet, "/users/count", app.Secret(), nil); resp.Status != http.StatusOK {
					t.Fatalf("request %d: %d %s, want 200 (fail open)", i+1, resp.Status, resp.Body)
				}
			}
			metrics := string(h.Do(t, http.MethodGet, "/metrics", nil, nil).Body)
			if !strings.Contains(metrics, `passwordless_fail_open_total{component="ratelimit"}`) {
				t.Error("passwordless_fail_open_total does not count the requests let through")
			}
			ready := h.Do(t, http.MethodGet, "/health/storage", nil, nil)
			wantProblem(t, ready, http.StatusServiceUnavailable, "service_unavailable")
			if !strings.Contains(string(ready.Body), "Redis did not answer") {
				t.Errorf("readiness does not name Redis: %s", ready.Body)
			}
		})
	}
}

// TestHealth_ReadinessReportsEachDependency: /health/storage names the
// database and, when configured, Redis.
func TestHealth_ReadinessReportsEachDependency(t *testing.T) {
	client, _ := storagetest.Redis(t)
	h := apitest.New(t, apitest.Options{Redis: client})
	resp := h.Do(t, http.MethodGet, "/health/storage", nil, nil)
	var report struct {
		Results map[string]struct{ Status string }
	}
	resp.JSON(t, &report)
	if resp.Status != http.StatusOK || report.Results["db"].Status != "Healthy" || report.Results["redis"].Status != "Healthy" {
		t.Errorf("readiness = %d %s, want db and redis healthy", resp.Status, resp.Body)
	}
}
