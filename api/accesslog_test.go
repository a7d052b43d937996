package api_test

import (
	"bytes"
	"encoding/json"
	"log/slog"
	"strings"
	"sync"
	"testing"
	"time"

	"passwordless/api"
	"passwordless/api/apitest"
	"passwordless/server"
)

// logBuffer collects JSON log lines; safe for the server's goroutines.
type logBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *logBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

// lines returns the decoded lines whose msg is msg.
func (b *logBuffer) lines(t *testing.T, msg string) []map[string]any {
	t.Helper()
	b.mu.Lock()
	defer b.mu.Unlock()
	var out []map[string]any
	for _, l := range strings.Split(strings.TrimSpace(b.buf.String()), "\n") {
		var m map[string]any
		if l == "" {
			continue
		}
		if err := json.Unmarshal([]byte(l), &m); err != nil {
			t.Fatalf("log line %q: %v", l, err)
		}
		if m["msg"] == msg {
			out = append(out, m)
		}
	}
	return out
}

func (b *logBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

// loggedHarness is a server logging JSON at level into the returned buffer.
func loggedHarness(t *testing.T, level slog.Level, mode string) (*apitest.Harness, *logBuffer) {
	logs := &logBuffer{}
	h := apitest.New(t, apitest.Options{Configure: func(c *server.Config) {
		c.Logger = slog.New(slog.NewJSONHandler(logs, &slog.HandlerOptions{Level: level}))
		c.AccessLog = mode
	}})
	return h, logs
}

// TestAccessLog_SummarisesSuccessesAndKeepsEveryFailure: at info, failed
// requests keep a line each while successes become one "requests" line per
// route and status per interval, written by the first request after it.
func TestAccessLog_SummarisesSuccessesAndKeepsEveryFailure(t *testing.T) {
	h, logs := loggedHarness(t, slog.LevelInfo, "")
	for range 5 {
		h.Do(t, "GET", "/health/http", nil, nil)
	}
	for range 3 {
		h.Do(t, "GET", "/users/count", nil, nil) // 401
	}
	if got := logs.lines(t, "request"); len(got) != 3 {
		t.Fatalf("got %d request lines, want one per failure (3):\n%s", len(got), logs)
	}
	if got := logs.lines(t, "requests"); len(got) != 0 {
		t.Fatalf("summary written before the interval ended:\n%s", logs)
	}
	h.Clock.Advance(api.DefaultAccessLogInterval)
	h.Do(t, "GET", "/health/http", nil, nil)
	sums := logs.lines(t, "requests")
	if len(sums) != 1 {
		t.Fatalf("got %d summary lines, want 1:\n%s", len(sums), logs)
	}
	s := sums[0]
	if s["route"] != "/health/http" || s["status"] != float64(200) || s["count"] != float64(6) || s["method"] != "GET" {
		t.Errorf("summary = %v, want 6 GET /health/http 200", s)
	}
	if _, ok := s["traceId"]; ok {
		t.Errorf("summary carries one request's trace id: %v", s)
	}
	for _, l := range logs.lines(t, "request") {
		if l["status"] != float64(401) || l["errorCode"] != "missing_api_secret" || l["traceId"] == "" {
			t.Errorf("failure line = %v", l)
		}
	}
}

// TestAccessLog_EveryRequestWhenAskedFor: ACCESS_LOG=all, or debug level,
// writes a line per request and no summary.
func TestAccessLog_EveryRequestWhenAskedFor(t *testing.T) {
	tests := []struct {
		name  string
		level slog.Level
		mode  string
	}{
		{"ACCESS_LOG=all", slog.LevelInfo, api.AccessLogAll},
		{"LOG_LEVEL=debug", slog.LevelDebug, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h, logs := loggedHarness(t, tt.level, tt.mode)
			for range 4 {
				h.Do(t, "GET", "/health/http", nil, nil)
				h.Clock.Advance(time.Minute)
			}
			if n := len(logs.lines(t, "request")); n != 4 {
				t.Errorf("got %d request lines, want 4:\n%s", n, logs)
			}
			if n := len(logs.lines(t, "requests")); n != 0 {
				t.Errorf("got %d summary lines, want none", n)
			}
		})
	}
}

// TestAccessLog_NothingAtWarn: above info there is no access log at all.
func TestAccessLog_NothingAtWarn(t *testing.T) {
	h, logs := loggedHarness(t, slog.LevelWarn, api.AccessLogAll)
	h.Do(t, "GET", "/users/count", nil, nil)
	if s := logs.String(); strings.Contains(s, `"request"`) {
		t.Errorf("access line at warn level:\n%s", s)
	}
}
