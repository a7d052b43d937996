// Package tracing sets up OpenTelemetry tracing from the standard OTEL_*
// environment: off unless an OTLP endpoint is named, then spans are
// batched to it over OTLP/HTTP (the default) or gRPC. The instrumentation
// itself lives where each library is allowed: the request span in api
// (gin), SQL and Redis spans in storage (gorm, go-redis); they all take
// the provider built here, never the process-global one, so tests can give
// each server its own.
package tracing

import (
	"context"
	"errors"
	"fmt"
	"net/url"
	"strings"

	"go.opentelemetry.io/otel/exporters/otlp/otlptrace/otlptracegrpc"
	"go.opentelemetry.io/otel/exporters/otlp/otlptrace/otlptracehttp"
	"go.opentelemetry.io/otel/propagation"
	"go.opentelemetry.io/otel/sdk/resource"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"
	semconv "go.opentelemetry.io/otel/semconv/v1.39.0"
)

// The OTLP protocols of OTEL_EXPORTER_OTLP_PROTOCOL this server speaks.
// http/json, the third standard value, has no Go exporter.
const (
	ProtocolHTTP = "http/protobuf"
	ProtocolGRPC = "grpc"
)

// ServiceName is the service.name of the spans unless OTEL_SERVICE_NAME
// says otherwise.
const ServiceName = "passwordless"

// Settings say whether and how to export spans. The zero Settings are off.
type Settings struct {
	// Protocol is ProtocolHTTP or ProtocolGRPC; "" is off.
	Protocol string
}

// Enabled reports whether spans are exported.
func (s Settings) Enabled() bool { return s.Protocol != "" }

// FromEnv reads the standard variables: tracing is on when
// OTEL_EXPORTER_OTLP_ENDPOINT (or its _TRACES_ variant) is set and
// OTEL_SDK_DISABLED is not true, with OTEL_EXPORTER_OTLP_[TRACES_]PROTOCOL
// choosing the protocol. A bad value is an error naming its variable. The
// exporter reads the rest (headers, certificates, timeout, compression)
// itself, and the SDK the sampler (OTEL_TRACES_SAMPLER).
func FromEnv(getenv func(string) string) (Settings, error) {
	if strings.EqualFold(getenv("OTEL_SDK_DISABLED"), "true") {
		return Settings{}, nil
	}
	var errs []error
	named := false
	for _, name := range []string{"OTEL_EXPORTER_OTLP_ENDPOINT", "OTEL_EXPORTER_OTLP_TRACES_ENDPOINT"} {
		raw := getenv(name)
		if raw == "" {
			continue
		}
		named = true
		if u, err := url.Parse(raw); err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
			errs = append(errs, fmt.Errorf("%s must be an http:// or https:// URL such as http://collector:4318", name))
		}
	}
	if !named {
		return Settings{}, nil
	}
	s := Settings{Protocol: ProtocolHTTP}
	for _, name := range []string{"OTEL_EXPORTER_OTLP_PROTOCOL", "OTEL_EXPORTER_OTLP_TRACES_PROTOCOL"} {
		switch raw := getenv(name); raw {
		case "":
		case ProtocolHTTP, ProtocolGRPC:
			s.Protocol = raw
		default:
			errs = append(errs, fmt.Errorf("%s must be %s or %s", name, ProtocolHTTP, ProtocolGRPC))
		}
	}
	return s, errors.Join(errs...)
}

// New starts the tracer provider of s: spans are batched and exported in
// the background. The caller shuts it down at exit, which sends what is
// still buffered.
func New(ctx context.Context, s Settings, version string) (*sdktrace.TracerProvider, error) {
	var exp sdktrace.SpanExporter
	var err error
	switch s.Protocol {
	case ProtocolHTTP:
		exp, err = otlptracehttp.New(ctx)
	case ProtocolGRPC:
		exp, err = otlptracegrpc.New(ctx)
	default:
		return nil, fmt.Errorf("tracing: unknown protocol %q", s.Protocol)
	}
	if err != nil {
		return nil, fmt.Errorf("OTLP exporter: %w", err)
	}
	// Later options win: OTEL_SERVICE_NAME and OTEL_RESOURCE_ATTRIBUTES
	// override the defaults.
	res, err := resource.New(ctx, resource.WithTelemetrySDK(),
		resource.WithAttributes(semconv.ServiceName(ServiceName), semconv.ServiceVersion(version)),
		resource.WithFromEnv())
	if err != nil {
		_ = exp.Shutdown(ctx)
		return nil, fmt.Errorf("OTEL_RESOURCE_ATTRIBUTES: %w", err)
	}
	return sdktrace.NewTracerProvider(sdktrace.WithBatcher(exp), sdktrace.WithResource(res)), nil
}

// Propagator reads and writes the W3C traceparent and baggage headers, so
// a request that arrives inside a caller's trace continues it.
func Propagator() propagation.TextMapPropagator {
	return propagation.NewCompositeTextMapPropagator(propagation.TraceContext{}, propagation.Baggage{})
}
