package server

import (
	"context"
	"log/slog"
	"sync"
	"time"

	"passwordless/events"
	"passwordless/internal/ticker"
)

// startJobs runs the hourly event-retention purge and report snapshot,
// the diagnostics counters' flush, the database monitor and the webhook
// worker, until Close.
func (srv *Server) startJobs(bg context.Context, log *slog.Logger) {
	srv.jobsDone = make(chan struct{})
	var jobs sync.WaitGroup
	jobs.Go(func() { srv.Diagnostics.RunFlush(bg) })
	jobs.Go(func() { srv.Segments.RunFlush(bg) })
	jobs.Go(func() { srv.monitor.run(bg) })
	jobs.Go(func() { srv.runMailQueue(bg, log) })
	jobs.Go(func() {
		events.RunJobs(bg, time.Hour, log,
			events.Job{Name: "event retention", Run: srv.EventLog.Purge},
			events.Job{Name: "report snapshot", Run: srv.Reports.Snapshot},
			events.Job{Name: "diagnostics retention", Run: srv.Diagnostics.Purge},
			events.Job{Name: "passkey segments retention", Run: srv.Segments.Purge},
			events.Job{Name: "webhook deliveries retention", Run: srv.Webhooks.Purge},
			events.Job{Name: "console sessions and links retention", Run: srv.Orgs.Purge},
			events.Job{Name: "webhook failure spikes", Run: srv.CheckWebhookSpikes},
			events.Job{Name: "webhook disabled-endpoint notices", Run: srv.Webhooks.SendNotices})
	})
	if srv.runWorker {
		jobs.Go(func() { srv.WebhookWorker.Run(bg) })
	}
	go func() { jobs.Wait(); close(srv.jobsDone) }()
}

// mailRetryEvery is how often the queued mail still due is retried (a
// send refused after its transaction, or never tried: the process died).
const mailRetryEvery = 30 * time.Second

func (srv *Server) runMailQueue(bg context.Context, log *slog.Logger) {
	ticker.Every(bg, mailRetryEvery, func() {
		if _, err := srv.MailQueue.RunOnce(bg); err != nil {
			log.WarnContext(bg, "mail queue", "err", err)
		}
	})
}
