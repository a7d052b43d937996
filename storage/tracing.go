package storage

import (
	"github.com/redis/go-redis/extra/redisotel/v9"
	"go.opentelemetry.io/otel/trace"
	gormtracing "gorm.io/plugin/opentelemetry/tracing"
)

// Trace makes every SQL statement of db and every Redis command of rdb
// (nil: none) a child span of the request that runs it. Statements are
// recorded with their placeholders, never their values, and Redis commands
// by name only: a span must not carry a key hash, a token or a user id
// that the logs would not.
func Trace(db *DB, rdb Redis, tp trace.TracerProvider) error {
	err := db.Gorm.Use(gormtracing.NewPlugin(gormtracing.WithTracerProvider(tp), gormtracing.WithoutQueryVariables(),
		gormtracing.WithoutMetrics()))
	if err != nil {
		return err
	}
	if rdb == nil {
		return nil
	}
	return redisotel.InstrumentTracing(rdb, redisotel.WithTracerProvider(tp), redisotel.WithDBStatement(false))
}
