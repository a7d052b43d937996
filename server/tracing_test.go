package server_test

import (
	"encoding/hex"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"strings"
	"testing"

	"go.opentelemetry.io/otel/attribute"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"
	"go.opentelemetry.io/otel/sdk/trace/tracetest"
	"go.opentelemetry.io/otel/trace"
	collectortrace "go.opentelemetry.io/proto/otlp/collector/trace/v1"
	"google.golang.org/protobuf/proto"

	"passwordless/api/apitest"
	"passwordless/server"
	"passwordless/storage/storagetest"
	"passwordless/tracing"
)

// tracedHarness is a server on SQLite and the test Redis whose spans go to
// the returned recorder.
func tracedHarness(t *testing.T) (*apitest.Harness, *tracetest.SpanRecorder) {
	t.Helper()
	rec := tracetest.NewSpanRecorder()
	tp := sdktrace.NewTracerProvider(sdktrace.WithSpanProcessor(rec))
	t.Cleanup(func() { _ = tp.Shutdown(t.Context()) })
	client, prefix := storagetest.Redis(t)
	h := apitest.New(t, apitest.Options{Redis: client, Configure: func(c *server.Config) {
		c.TracerProvider, c.RedisKeyPrefix = tp, prefix
	}})
	return h, rec
}

// traceOf is the ended spans of trace id, and its server span.
func traceOf(t *testing.T, rec *tracetest.SpanRecorder, id string) (root sdktrace.ReadOnlySpan, all []sdktrace.ReadOnlySpan) {
	t.Helper()
	for _, s := range rec.Ended() {
		if s.SpanContext().TraceID().String() != id {
			continue
		}
		all = append(all, s)
		if s.SpanKind() == trace.SpanKindServer {
			root = s
		}
	}
	if root == nil {
		t.Fatalf("no server span in trace %s (%d spans)", id, len(all))
	}
	return root, all
}

func attr(s sdktrace.ReadOnlySpan, key attribute.Key) string {
	for _, a := range s.Attributes() {
		if a.Key == key {
			return a.Value.String()
		}
	}
	return ""
}

// TestTracing_RequestSpanIsTheProblemsTrace: with tracing on, a request is
// one server span named after its route pattern, whose trace id is the
// traceId of the problem document and of the Trace-Id header, with the
// errorCode and the application on it, and the SQL statements and Redis
// commands it ran as its children (statements without their values).
func TestTracing_RequestSpanIsTheProblemsTrace(t *testing.T) {
	h, rec := tracedHarness(t)
	app := h.CreateApp(t, "traced", nil)
	resp := h.Do(t, http.MethodPost, "/webhooks/delete", app.Secret(), map[string]string{"id": "ep_AAAA"})
	problem := resp.Problem(t)
	id, _ := problem["traceId"].(string)
	if resp.Status < 400 || id == "" || resp.Header.Get("Trace-Id") != id {
		t.Fatalf("response %d %s, Trace-Id %q: want a problem carrying the trace id", resp.Status, resp.Body, resp.Header.Get("Trace-Id"))
	}
	root, spans := traceOf(t, rec, id)
	if root.Name() != "POST /webhooks/delete" || attr(root, "http.route") != "/webhooks/delete" {
		t.Errorf("server span %q, http.route %q; want the route pattern", root.Name(), attr(root, "http.route"))
	}
	if attr(root, "passwordless.error_code") != problem["errorCode"] || attr(root, "passwordless.tenant") != "traced" {
		t.Errorf("server span attributes %v, want errorCode %v and tenant traced", root.Attributes(), problem["errorCode"])
	}
	scopes := map[string]int{}
	for _, s := range spans {
		if s == root {
			continue
		}
		if s.Parent().SpanID() != root.SpanContext().SpanID() {
			t.Errorf("span %q is not a child of the request span", s.Name())
		}
		scopes[s.InstrumentationScope().Name]++
	}
	var sql, redis bool
	for scope := range scopes {
		sql = sql || strings.Contains(scope, "gorm")
		redis = redis || strings.Contains(scope, "redisotel")
	}
	if !sql || !redis {
		t.Errorf("child spans by scope = %v; want SQL (gorm) and Redis (redisotel) spans", scopes)
	}
}

// TestTracing_SpansCarryNoValues: the statements of a request that looks
// a user up name no user id and no key, only placeholders.
func TestTracing_SpansCarryNoValues(t *testing.T) {
	h, rec := tracedHarness(t)
	app := h.CreateApp(t, "traced", nil)
	resp := h.Do(t, http.MethodGet, "/credentials/list?userId=user-AAAA", app.Secret(), nil)
	if resp.Status != http.StatusOK {
		t.Fatalf("credentials/list: %d %s", resp.Status, resp.Body)
	}
	_, spans := traceOf(t, rec, resp.Header.Get("Trace-Id"))
	statements := 0
	for _, s := range spans {
		for _, a := range s.Attributes() {
			v := a.Value.String()
			if strings.Contains(v, "user-AAAA") || strings.Contains(v, app.APISecret1) {
				t.Errorf("span %q carries a value: %s=%s", s.Name(), a.Key, v)
			}
			if strings.HasPrefix(string(a.Key), "db.") && strings.Contains(v, "SELECT") {
				statements++
			}
		}
	}
	if statements == 0 {
		t.Errorf("no span names a SELECT statement; the check above saw none")
	}
}

// TestTracing_ContinuesTheCallersTrace: a request with a W3C traceparent
// joins that trace, and its problem documents name it.
func TestTracing_ContinuesTheCallersTrace(t *testing.T) {
	h, rec := tracedHarness(t)
	const caller = "4bf92f3577b34da6a3ce929d0e0e4736"
	resp := h.Do(t, http.MethodGet, "/users/list", apitest.H{"ApiSecret": "traced:secret:nope",
		"traceparent": "00-" + caller + "-00f067aa0ba902b7-01"}, nil)
	if resp.Status != http.StatusUnauthorized || resp.Problem(t)["traceId"] != caller {
		t.Fatalf("response %d %s, want a 401 problem with traceId %s", resp.Status, resp.Body, caller)
	}
	root, _ := traceOf(t, rec, caller)
	if root.Parent().SpanID().String() != "00f067aa0ba902b7" || !root.Parent().IsRemote() {
		t.Errorf("server span parent = %v, want the caller's span", root.Parent())
	}
}

// TestTracing_OffKeepsRandomTraceIDs: without a tracer, every request still
// gets its own trace id and an incoming traceparent is not believed.
func TestTracing_OffKeepsRandomTraceIDs(t *testing.T) {
	h := apitest.New(t, apitest.Options{})
	ids := map[string]bool{}
	for range 2 {
		resp := h.Do(t, http.MethodGet, "/users/list", apitest.H{"ApiSecret": "x:secret:nope",
			"traceparent": "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01"}, nil)
		id, _ := resp.Problem(t)["traceId"].(string)
		if len(id) != 32 || id == "4bf92f3577b34da6a3ce929d0e0e4736" {
			t.Errorf("traceId %q, want a fresh 32-hex id", id)
		}
		ids[id] = true
	}
	if len(ids) != 2 {
		t.Errorf("trace ids %v, want two different", ids)
	}
}

// TestTracing_ExportsOverOTLP: with OTEL_EXPORTER_OTLP_ENDPOINT naming a
// collector, the server exports its request spans there over OTLP/HTTP,
// SQL children included, and Close sends what is still buffered.
func TestTracing_ExportsOverOTLP(t *testing.T) {
	got := make(chan *collectortrace.ExportTraceServiceRequest, 16)
	collector := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		var req collectortrace.ExportTraceServiceRequest
		if err := proto.Unmarshal(body, &req); err != nil {
			t.Errorf("collector: %v", err)
		}
		got <- &req
		w.Header().Set("Content-Type", "application/x-protobuf")
	}))
	defer collector.Close()
	t.Setenv("OTEL_EXPORTER_OTLP_ENDPOINT", collector.URL)
	settings, err := tracing.FromEnv(os.Getenv)
	if err != nil {
		t.Fatal(err)
	}
	h := apitest.New(t, apitest.Options{Configure: func(c *server.Config) { c.Tracing = settings }})
	app := h.CreateApp(t, "exported", nil)
	resp := h.Do(t, http.MethodGet, "/users/list", app.Secret(), nil)
	_ = h.Server.Close()
	names := map[string]string{} // span name → trace id
	for len(got) > 0 {
		for _, rs := range (<-got).GetResourceSpans() {
			for _, ss := range rs.GetScopeSpans() {
				for _, s := range ss.GetSpans() {
					names[s.GetName()] = hex.EncodeToString(s.GetTraceId())
				}
			}
		}
	}
	if names["GET /users/list"] != resp.Header.Get("Trace-Id") {
		t.Errorf("exported spans %v, want GET /users/list in trace %s", names, resp.Header.Get("Trace-Id"))
	}
	sql := false
	for name, id := range names {
		sql = sql || (id == resp.Header.Get("Trace-Id") && strings.HasPrefix(name, "select "))
	}
	if !sql {
		t.Errorf("exported spans %v, want a SQL span in the request's trace", names)
	}
}
