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
		})
	}
}
