package magiclink

import (
	"context"
	"log/slog"
	"net/url"
	"strings"
	"time"

	"passwordless/events"
	"passwordless/mail"
	"passwordless/problems"
	"passwordless/quota"
	"passwordless/tokens"
)

// Issuer issues verify tokens; *tokens.Service implements it.
type Issuer interface {
	IssueVerify(ctx context.Context, tenant string, v tokens.Verified) (string, error)
}

// App is what sending needs to know about the calling application.
type App struct {
	quota.Sender
	// Enabled is the application's magic-links feature flag.
	Enabled bool
	// HostAllowed, when set, must accept the host of the link's URL
	// template (the application's allowed origins).
	HostAllowed func(host string) bool
	// Site is what the mail signs the recipient in to, in its subject and
	// heading ("the Passwordless console"); blank is the link's host, as
	// upstream's "Sign in to <host>".
	Site string
}

// Service sends magic links.
type Service struct {
	tokens Issuer
	quota  *quota.Emails
	mailer mail.Mailer
	now    func() time.Time
	logger *slog.Logger
	events events.Recorder
}

// NewService returns a Service; rec records every link sent (required).
func NewService(issuer Issuer, q *quota.Emails, mailer mail.Mailer, clock func() time.Time, logger *slog.Logger,
	rec events.Recorder) *Service {
	if rec == nil {
		panic("magiclink: a Recorder is required")
	}
	if logger == nil {
		logger = slog.Default()
	}
	return &Service{tokens: issuer, quota: q, mailer: mailer, now: clock, logger: logger, events: rec}
}

// Send validates r and, in upstream's order, checks the feature flag and
// the quota, issues a magic_link verify token for r.UserID and mails the
// link. A send the mail server refuses is 503 mail_send_failed and is not
// counted against the quota.
func (s *Service) Send(ctx context.Context, app App, r Request) error {
	if err := r.Validate(); err != nil {
		return err
	}
	if !app.Enabled {
		return problems.New(problems.MagicLinksDisabled)
	}
	if u, err := url.Parse(r.Link("token")); err == nil && app.HostAllowed != nil && !app.HostAllowed(u.Host) {
		return problems.New(problems.OriginNotAllowed).WithDetail(
			"The host '%s' of urlTemplate is not among the application's allowed origins.", u.Host)
	}
	to := strings.TrimSpace(r.EmailAddress)
	reservation, err := s.quota.Reserve(ctx, app.Sender, to)
	if err != nil {
		return err
	}
	if err := s.deliver(ctx, app, to, r); err != nil {
		if rerr := reservation.Release(ctx); rerr != nil {
			s.logger.ErrorContext(ctx, "release e-mail quota", "tenant", app.Tenant, "err", rerr)
		}
		return err
	}
	// The mail is out: a failure to record it must not turn into an error
	// the caller would retry, sending a second mail.
	if err := reservation.Commit(ctx); err != nil {
		s.logger.ErrorContext(ctx, "commit e-mail quota", "tenant", app.Tenant, "err", err)
	}
	e := events.About(app.Tenant, r.UserID, events.APIUserMagicLinkCreated, "Created magic link for user "+r.UserID+".")
	if err := s.events.Record(ctx, e); err != nil {
		s.logger.ErrorContext(ctx, "record magic link event", "tenant", app.Tenant, "err", err)
	}
	return nil
}

func (s *Service) deliver(ctx context.Context, app App, to string, r Request) error {
	token, err := s.tokens.IssueVerify(ctx, app.Tenant, tokens.Verified{
		UserID:    r.UserID,
		ExpiresAt: s.now().Add(r.TTL()),
		Type:      tokens.TypeMagicLink,
	})
	if err != nil {
		return err
	}
	msg, err := NewSiteMessage(to, r.Link(token), r.TTL(), app.Site)
	if err != nil {
		return problems.Internal(err)
	}
	if err := s.mailer.Send(ctx, msg); err != nil {
		return &problems.Error{Code: problems.MailSendFailed, Err: err}
	}
	return nil
}
