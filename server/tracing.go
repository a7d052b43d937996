package server

import (
	"context"
	"time"

	"passwordless/storage"
	"passwordless/tracing"
)

// startTracing sets srv.tracer: cfg.TracerProvider as given, else the
// exporter cfg.Tracing asks for (owned by srv, flushed by Close), else
// none. With a tracer, SQL statements and Redis commands become child
// spans of the request that runs them.
func (srv *Server) startTracing(ctx context.Context, cfg Config) error {
	srv.tracer = cfg.TracerProvider
	if srv.tracer == nil && cfg.Tracing.Enabled() {
		tp, err := tracing.New(ctx, cfg.Tracing, cfg.Version)
		if err != nil {
			return err
		}
		srv.tracer, srv.stopTracing = tp, tp.Shutdown
	}
	if srv.tracer == nil {
		return nil
	}
	return storage.Trace(srv.DB, cfg.Redis, srv.tracer)
}

// flushTracing sends the spans still buffered and stops the exporter
// srv started, waiting at most a few seconds for the collector.
func (srv *Server) flushTracing() {
	if srv.stopTracing == nil {
		return
	}
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	_ = srv.stopTracing(ctx)
}
