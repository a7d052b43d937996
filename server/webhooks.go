package server

import (
	"context"
	"slices"
	"time"

	"passwordless/orgs"
	"passwordless/quota"
	"passwordless/webhooks"
)

// WebhookConfig configures webhook delivery.
type WebhookConfig struct {
	// AllowPrivate permits http URLs and loopback/private targets
	// (WEBHOOKS_ALLOW_PRIVATE=1): development and tests only.
	AllowPrivate bool
	// Poll is how often the worker looks for due deliveries (default 1 s);
	// negative starts no worker (tests drive WebhookWorker.RunOnce).
	Poll time.Duration
	// Timeout bounds one delivery attempt; default 10 s. ConnectTimeout
	// (default 3 s) and HeaderTimeout (default 5 s) bound connecting and
	// the wait for the answer's headers within it.
	Timeout, ConnectTimeout, HeaderTimeout time.Duration
	// Concurrency is how many attempts the worker runs at once (default
	// 32), PerApp how many of them one application may hold (default 8).
	Concurrency, PerApp int
	// Jitter, when set, replaces the random jitter of retries (tests).
	Jitter func() float64
	// RatePerMinute caps deliveries per application (across instances
	// with Redis); 0 is webhooks.DefaultRatePerMinute, negative unlimited.
	RatePerMinute int64
}

// wireWebhooks builds the webhook service, the recorder every service
// writes its audit events through (the event log, plus the outbox) and the
// delivery worker.
func (srv *Server) wireWebhooks(cfg Config) error {
	mailer, err := newMailer(cfg)
	if err != nil {
		return err
	}
	srv.mailer = mailer
	svc, err := webhooks.New(webhooks.Options{DB: srv.DB, TokenSecret: cfg.TokenSecret,
		AllowPrivate: cfg.Webhooks.AllowPrivate, Now: cfg.Clock, Logger: cfg.Logger, Events: srv.EventLog,
		Mailer: mailer, Admins: srv.appAdmins, ConsoleURL: consoleURL(cfg)})
	if err != nil {
		return err
	}
	observe, err := svc.RegisterMetrics(srv.Metrics.Registry())
	if err != nil {
		return err
	}
	srv.Webhooks = svc
	srv.recorder = svc.Recorder(srv.EventLog)
	wc := cfg.Webhooks
	srv.WebhookWorker = webhooks.NewWorker(svc, webhooks.WorkerOptions{Timeout: wc.Timeout,
		ConnectTimeout: wc.ConnectTimeout, HeaderTimeout: wc.HeaderTimeout, Concurrency: wc.Concurrency,
		PerApp: wc.PerApp, Poll: wc.Poll, Observe: observe, Jitter: wc.Jitter})
	srv.runWorker = cfg.Webhooks.Poll >= 0
	return nil
}

// limitWebhooks caps deliveries per application in the quota backend
// (Redis when configured, so the cap holds across instances).
func (srv *Server) limitWebhooks(cfg Config, backend quota.Backend) {
	rate := cfg.Webhooks.RatePerMinute
	if rate == 0 {
		rate = webhooks.DefaultRatePerMinute
	}
	srv.WebhookWorker.SetRateLimit(backend, rate)
}

// spikeCounts reads one day of the passkey-intelligence counters for the
// passkey.failure_spike check: ceremonies begun and failures by errorCode
// (all platforms together), by ceremony. Failures count distinct clients,
// not reports, so one client's burst is not a spike (issue 24 item 5).
func (srv *Server) spikeCounts(ctx context.Context, tenant, day string) (map[string]webhooks.CeremonyDay, error) {
	days, err := srv.Diagnostics.Summary(ctx, tenant, day, day)
	if err != nil {
		return nil, err
	}
	out := map[string]webhooks.CeremonyDay{}
	for _, d := range days {
		c := webhooks.CeremonyDay{Begun: d.Begun, Failures: map[string]int64{}}
		for _, f := range d.Failures {
			c.Failures[f.ErrorCode] += f.Clients
		}
		out[d.Ceremony] = c
	}
	return out, nil
}

// CheckWebhookSpikes queues passkey.failure_spike for yesterday's spikes
// in the passkey-intelligence counters (an hourly job; idempotent).
func (srv *Server) CheckWebhookSpikes(ctx context.Context) (int64, error) {
	return srv.Webhooks.CheckSpikes(ctx, srv.spikeCounts)
}

// appAdmins are who is told about an application's webhook endpoints: its
// admin e-mails and the admins of the console organization that owns it.
func (srv *Server) appAdmins(ctx context.Context, tenant string) ([]string, error) {
	app, err := srv.Tenants.App(ctx, tenant)
	if err != nil || app == nil {
		return nil, err
	}
	org, err := srv.Orgs.AppAdminEmails(ctx, tenant)
	return append(slices.Clone(app.AdminEmails), org...), err
}

// consoleURL is the admin console's address, which the webhooks notice
// links.
func consoleURL(cfg Config) string { return orgs.PublicURL(cfg.PublicURL) + "/console" }
