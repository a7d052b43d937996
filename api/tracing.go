package api

import (
	"github.com/gin-gonic/gin"
	"go.opentelemetry.io/contrib/instrumentation/github.com/gin-gonic/gin/otelgin"
	"go.opentelemetry.io/otel/attribute"
	metricnoop "go.opentelemetry.io/otel/metric/noop"
	"go.opentelemetry.io/otel/trace"

	"passwordless/tracing"
)

// tracingMiddleware is the request span, or nil when tracing is off. It
// runs first, so the span covers every other middleware, and traceID then
// takes the span's trace id as the request's: the traceId of a problem
// document and of the log lines is the one to look up in the tracing
// backend. The span is named after the route pattern (GET
// /users/:userId), never the path, which may hold ids.
func (s *server) tracingMiddleware() gin.HandlerFunc {
	if s.deps.TracerProvider == nil {
		return nil
	}
	return otelgin.Middleware(tracing.ServiceName, otelgin.WithTracerProvider(s.deps.TracerProvider),
		otelgin.WithPropagators(tracing.Propagator()),
		// Request metrics are Prometheus's (metrics/); OTel's would count
		// them twice.
		otelgin.WithMeterProvider(metricnoop.NewMeterProvider()))
}

// spanTraceID is the trace id of the request span in c, or "" without
// one.
func spanTraceID(c *gin.Context) string {
	if sc := trace.SpanContextFromContext(c.Request.Context()); sc.HasTraceID() {
		return sc.TraceID().String()
	}
	return ""
}

// annotateSpan adds what the access log knows to the request span: the
// errorCode of a failure and the application, to find a tenant's traces.
func annotateSpan(c *gin.Context) {
	span := trace.SpanFromContext(c.Request.Context())
	if !span.IsRecording() {
		return
	}
	if code := c.GetString(ctxErrorCode); code != "" {
		span.SetAttributes(attribute.String("passwordless.error_code", code))
	}
	if p := principalOf(c); p != nil {
		span.SetAttributes(attribute.String("passwordless.tenant", p.App.ID))
	}
}
