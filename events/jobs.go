package events

import (
	"context"
	"log/slog"
	"time"

	"passwordless/internal/ticker"
)

// Job is one periodic task.
type Job struct {
	Name string
	Run  func(ctx context.Context) (int64, error)
}

// RunJobs runs every job now and then once per interval until ctx ends.
// Jobs are idempotent (a purge deletes what is already due, a snapshot
// replaces the day's rows), so every instance may run them; the first
// run at start-up means a fresh or restarted server has today's rows.
func RunJobs(ctx context.Context, interval time.Duration, logger *slog.Logger, jobs ...Job) {
	if logger == nil {
		logger = slog.Default()
	}
	run := func() {
		for _, j := range jobs {
			n, err := j.Run(ctx)
			if err != nil {
				if ctx.Err() == nil {
					logger.ErrorContext(ctx, "periodic job failed", "job", j.Name, "err", err)
				}
				continue
			}
			logger.DebugContext(ctx, "periodic job done", "job", j.Name, "rows", n)
		}
	}
	run()
	ticker.Every(ctx, interval, run)
}
