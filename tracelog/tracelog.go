// Package tracelog puts the request's trace id on every log line written
// while serving it, including lines that services deeper down write with
// the request context (logger.ErrorContext(ctx, …)) and gorm's own
// warnings. The api middleware stores the id in the context; the server's
// logger is wrapped once with Handler.
package tracelog

import (
	"context"
	"log/slog"
)

// Key is the attribute name, the same as the problem member.
const Key = "traceId"

type ctxKey struct{}

// WithTraceID returns ctx carrying id.
func WithTraceID(ctx context.Context, id string) context.Context {
	return context.WithValue(ctx, ctxKey{}, id)
}

// TraceID returns the id ctx carries, or "".
func TraceID(ctx context.Context) string {
	id, _ := ctx.Value(ctxKey{}).(string)
	return id
}

// Handler wraps h so that records logged with a context carrying a trace
// id get a traceId attribute, unless the logger already has one.
func Handler(h slog.Handler) slog.Handler {
	if th, ok := h.(*handler); ok {
		return th // already wrapped
	}
	return &handler{inner: h}
}

type handler struct {
	inner slog.Handler
	// hasTrace is set once With("traceId", …) was applied, so the id is
	// never written twice.
	hasTrace bool
}

func (h *handler) Enabled(ctx context.Context, level slog.Level) bool {
	return h.inner.Enabled(ctx, level)
}

func (h *handler) Handle(ctx context.Context, r slog.Record) error {
	if !h.hasTrace {
		if id := TraceID(ctx); id != "" {
			r = r.Clone()
			r.AddAttrs(slog.String(Key, id))
		}
	}
	return h.inner.Handle(ctx, r)
}

func (h *handler) WithAttrs(attrs []slog.Attr) slog.Handler {
	has := h.hasTrace
	for _, a := range attrs {
		has = has || a.Key == Key
	}
	return &handler{inner: h.inner.WithAttrs(attrs), hasTrace: has}
}

func (h *handler) WithGroup(name string) slog.Handler {
	// Records of a grouped logger carry the id inside the group; nobody
	// groups request logging today, and nesting beats losing it.
	return &handler{inner: h.inner.WithGroup(name), hasTrace: h.hasTrace}
}
