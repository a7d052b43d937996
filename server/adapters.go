package server

import (
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"path/filepath"

	"passwordless/events"
	"passwordless/magiclink"
	"passwordless/mail"
	"passwordless/problems"
	"passwordless/quota"
	"passwordless/storage"
	"passwordless/tokens"
)

// quotaBackend holds quota and rate-limit counters in Redis when there is
// one (shared by every instance); otherwise quota logs in the database and
// rate-limit windows in process.
func quotaBackend(rdb storage.Redis, prefix string, db *storage.DB) quota.Backend {
	if rdb == nil {
		// Without Redis the quota logs live in the database, so a restart
		// never hands an application its e-mail quota back.
		return quota.NewDatabase(db)
	}
	if prefix == "" {
		prefix = "passwordless:"
	}
	return quota.NewRedis(rdb, prefix+"quota:")
}

// newMailer is the server's mail sender (magic links, console
// invitations, webhook notices): SMTP when SMTP_URL is set, else the
// outbox directory in the data dir (the development default).
func newMailer(cfg Config) (mail.Mailer, error) {
	if cfg.SMTPURL != "" {
		return mail.NewSMTP(mail.SMTPConfig{URL: cfg.SMTPURL, From: cfg.MailFrom})
	}
	return mail.NewOutbox(filepath.Join(cfg.DataDir, "outbox"), cfg.MailFrom, cfg.Clock, cfg.Logger), nil
}

// magicLinks wires magic-link sending through mailer.
func magicLinks(cfg Config, tok *tokens.Service, backend quota.Backend, rec events.Recorder,
	mailer mail.Mailer) (*magiclink.Service, error) {
	timeout := quota.DefaultNewAppTimeout
	if cfg.MagicLinkNewAppTimeout != nil {
		timeout = *cfg.MagicLinkNewAppTimeout
	}
	emails := quota.NewEmails(backend, cfg.Clock, timeout)
	return magiclink.NewService(tok, emails, mailer, cfg.Clock, cfg.Logger, rec), nil
}

// eventSettings reads an application's event-log settings from the
// (cached) tenants service.
func (srv *Server) eventSettings(ctx context.Context, tenant string) (events.AppSettings, bool, error) {
	app, err := srv.Tenants.App(ctx, tenant)
	if err != nil || app == nil {
		return events.AppSettings{}, false, err
	}
	return events.AppSettings{Enabled: app.Features.EventLoggingEnabled,
		RetentionDays: app.Features.EventLoggingRetentionDays}, true, nil
}

// pingRedis checks Redis for readiness; nil without Redis.
func pingRedis(rdb storage.Redis) func(context.Context) error {
	if rdb == nil {
		return nil
	}
	return func(ctx context.Context) error { return storage.PingRedis(ctx, rdb) }
}

// DependencyError is a backing service (the database, Redis) that could
// not be reached or opened at start-up; cmd retries these for a while.
type DependencyError struct {
	Name string // e.g. "database (DATABASE_URL)"
	Err  error
}

func (e *DependencyError) Error() string { return e.Name + ": " + e.Err.Error() }
func (e *DependencyError) Unwrap() error { return e.Err }

// decoySecret is the key of /signin/begin's decoy credential ids, derived
// from TOKEN_SECRET so it is stable across restarts and instances.
func decoySecret(tokenSecret []byte) []byte {
	mac := hmac.New(sha256.New, tokenSecret)
	mac.Write([]byte("passwordless signin decoy credentials"))
	return mac.Sum(nil)
}

// attestationPlan is the authenticators service's plan gate: whether
// tenant's plan includes attestation; a missing application is not found.
func (srv *Server) attestationPlan(ctx context.Context, tenant string) (bool, error) {
	app, err := srv.Tenants.App(ctx, tenant)
	if err != nil {
		return false, err
	}
	if app == nil {
		return false, problems.New(problems.AppNotFound)
	}
	return app.Features.AllowAttestation, nil
}
