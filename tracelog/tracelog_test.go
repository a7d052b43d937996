package tracelog_test

import (
	"bytes"
	"context"
	"encoding/json"
	"log/slog"
	"strings"
	"testing"

	"passwordless/tracelog"
)

func lines(t *testing.T, buf *bytes.Buffer) []map[string]any {
	t.Helper()
	var out []map[string]any
	for _, l := range strings.Split(strings.TrimSpace(buf.String()), "\n") {
		var m map[string]any
		if err := json.Unmarshal([]byte(l), &m); err != nil {
			t.Fatalf("%q: %v", l, err)
		}
		out = append(out, m)
	}
	return out
}

func TestHandler_AddsTheTraceIDOfTheContext(t *testing.T) {
	var buf bytes.Buffer
	log := slog.New(tracelog.Handler(slog.NewJSONHandler(&buf, nil)))
	ctx := tracelog.WithTraceID(context.Background(), "abc123")

	log.InfoContext(ctx, "with context")
	log.Info("without context")
	log.With("traceId", "abc123").InfoContext(ctx, "already has one")
	log.With("tenant", "t1").ErrorContext(ctx, "derived logger")

	got := lines(t, &buf)
	tests := []struct {
		msg, want string
	}{
		{"with context", "abc123"},
		{"without context", ""},
		{"already has one", "abc123"},
		{"derived logger", "abc123"},
	}
	for i, tt := range tests {
		if got[i]["msg"] != tt.msg {
			t.Fatalf("line %d is %v", i, got[i])
		}
		id, _ := got[i]["traceId"].(string)
		if id != tt.want {
			t.Errorf("%s: traceId = %q, want %q", tt.msg, id, tt.want)
		}
	}
	if n := strings.Count(strings.Split(buf.String(), "\n")[2], "traceId"); n != 1 {
		t.Errorf("a logger that already has the id wrote it %d times", n)
	}
}

func TestHandler_WrapsOnce(t *testing.T) {
	h := tracelog.Handler(slog.NewTextHandler(&bytes.Buffer{}, nil))
	if tracelog.Handler(h) != h {
		t.Error("wrapping twice would write the id twice")
	}
}
