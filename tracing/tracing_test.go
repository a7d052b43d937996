package tracing

import (
	"context"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"strings"
	"testing"
	"time"

	collectortrace "go.opentelemetry.io/proto/otlp/collector/trace/v1"
	"google.golang.org/grpc"
	"google.golang.org/protobuf/proto"
)

func env(m map[string]string) func(string) string { return func(k string) string { return m[k] } }

func TestFromEnv(t *testing.T) {
	tests := []struct {
		name    string
		env     map[string]string
		want    string // protocol; "" = off
		wantErr string // substring naming the variable
	}{
		{"off by default", nil, "", ""},
		{"protocol alone is not enough", map[string]string{"OTEL_EXPORTER_OTLP_PROTOCOL": "grpc"}, "", ""},
		{"endpoint: OTLP/HTTP", map[string]string{"OTEL_EXPORTER_OTLP_ENDPOINT": "http://collector:4318"}, ProtocolHTTP, ""},
		{"endpoint and grpc", map[string]string{"OTEL_EXPORTER_OTLP_ENDPOINT": "https://collector:4317",
			"OTEL_EXPORTER_OTLP_PROTOCOL": "grpc"}, ProtocolGRPC, ""},
		{"traces variables win", map[string]string{"OTEL_EXPORTER_OTLP_TRACES_ENDPOINT": "http://c:4317/",
			"OTEL_EXPORTER_OTLP_PROTOCOL": "http/protobuf", "OTEL_EXPORTER_OTLP_TRACES_PROTOCOL": "grpc"}, ProtocolGRPC, ""},
		{"SDK disabled", map[string]string{"OTEL_EXPORTER_OTLP_ENDPOINT": "http://c:4318", "OTEL_SDK_DISABLED": "true"}, "", ""},
		{"http/json has no Go exporter", map[string]string{"OTEL_EXPORTER_OTLP_ENDPOINT": "http://c:4318",
			"OTEL_EXPORTER_OTLP_PROTOCOL": "http/json"}, "", "OTEL_EXPORTER_OTLP_PROTOCOL"},
		{"endpoint without scheme", map[string]string{"OTEL_EXPORTER_OTLP_ENDPOINT": "collector:4318"}, "", "OTEL_EXPORTER_OTLP_ENDPOINT"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s, err := FromEnv(env(tt.env))
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
					t.Fatalf("err = %v, want one naming %s", err, tt.wantErr)
				}
				return
			}
			if err != nil || s.Protocol != tt.want || s.Enabled() != (tt.want != "") {
				t.Errorf("FromEnv = %+v, %v; want protocol %q", s, err, tt.want)
			}
		})
	}
}

// received is what an in-process collector was sent.
type received chan *collectortrace.ExportTraceServiceRequest

// httpCollector is an OTLP/HTTP receiver on loopback decoding the protobuf
// export requests.
func httpCollector(t *testing.T, got received) string {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		var req collectortrace.ExportTraceServiceRequest
		if r.URL.Path != "/v1/traces" || r.Header.Get("Content-Type") != "application/x-protobuf" || proto.Unmarshal(body, &req) != nil {
			t.Errorf("collector got %s %s (%s), want a protobuf export to /v1/traces", r.Method, r.URL.Path, r.Header.Get("Content-Type"))
			w.WriteHeader(http.StatusBadRequest)
			return
		}
		got <- &req
		w.Header().Set("Content-Type", "application/x-protobuf")
		out, _ := proto.Marshal(&collectortrace.ExportTraceServiceResponse{})
		_, _ = w.Write(out)
	}))
	t.Cleanup(srv.Close)
	return srv.URL
}

type grpcReceiver struct {
	collectortrace.UnimplementedTraceServiceServer
	got received
}

func (g grpcReceiver) Export(_ context.Context, req *collectortrace.ExportTraceServiceRequest) (*collectortrace.ExportTraceServiceResponse, error) {
	g.got <- req
	return &collectortrace.ExportTraceServiceResponse{}, nil
}

// grpcCollector is an OTLP/gRPC receiver on loopback.
func grpcCollector(t *testing.T, got received) string {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	srv := grpc.NewServer()
	collectortrace.RegisterTraceServiceServer(srv, grpcReceiver{got: got})
	go func() { _ = srv.Serve(ln) }()
	t.Cleanup(srv.Stop)
	return "http://" + ln.Addr().String()
}

// TestNew_ExportsToTheCollector: a span ended under the provider reaches
// an in-process collector over each protocol, from service passwordless
// and the version given.
func TestNew_ExportsToTheCollector(t *testing.T) {
	for _, tt := range []struct {
		protocol string
		start    func(*testing.T, received) string
	}{{ProtocolHTTP, httpCollector}, {ProtocolGRPC, grpcCollector}} {
		t.Run(tt.protocol, func(t *testing.T) {
			got := make(received, 4)
			t.Setenv("OTEL_EXPORTER_OTLP_ENDPOINT", tt.start(t, got))
			t.Setenv("OTEL_EXPORTER_OTLP_PROTOCOL", tt.protocol)
			s, err := FromEnv(os.Getenv)
			if err != nil || s.Protocol != tt.protocol {
				t.Fatalf("FromEnv = %+v, %v", s, err)
			}
			ctx, cancel := context.WithTimeout(t.Context(), 10*time.Second)
			defer cancel()
			tp, err := New(ctx, s, "1.2.3")
			if err != nil {
				t.Fatal(err)
			}
			_, span := tp.Tracer("test").Start(ctx, "GET /users/list")
			span.End()
			if err := tp.Shutdown(ctx); err != nil { // flushes the batch
				t.Fatalf("shutdown: %v", err)
			}
			select {
			case req := <-got:
				rs := req.GetResourceSpans()
				if len(rs) != 1 || len(rs[0].GetScopeSpans()) != 1 || len(rs[0].GetScopeSpans()[0].GetSpans()) != 1 {
					t.Fatalf("export = %v, want one span", req)
				}
				if name := rs[0].GetScopeSpans()[0].GetSpans()[0].GetName(); name != "GET /users/list" {
					t.Errorf("span name %q", name)
				}
				attrs := map[string]string{}
				for _, a := range rs[0].GetResource().GetAttributes() {
					attrs[a.GetKey()] = a.GetValue().GetStringValue()
				}
				if attrs["service.name"] != ServiceName || attrs["service.version"] != "1.2.3" {
					t.Errorf("resource = %v, want service passwordless 1.2.3", attrs)
				}
			case <-ctx.Done():
				t.Fatal("the collector received nothing")
			}
		})
	}
}
