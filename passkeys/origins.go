package passkeys

import (
	"context"

	"passwordless/events"
	"passwordless/problems"
	"passwordless/tenants"
)

// originAllowed checks a ceremony's origin: it is required, and when the
// application pins its origins (allowedOrigins) it must be one of them,
// with rpID its host or a parent domain (issue 16 repro 12: a stolen
// public key let any site run ceremonies for the app).
func originAllowed(app *tenants.App, origin, rpID string) error {
	if err := originRequired(origin); err != nil {
		return err
	}
	if !app.Features.OriginAllowed(origin, rpID) {
		return problems.New(problems.OriginNotAllowed).WithDetail(
			"The origin '%s' (relying party '%s') is not among the application's allowed origins.", origin, rpID)
	}
	return nil
}

// warnUnpinned writes, at most once a day per application and instance, a
// warning event that the application accepts ceremonies from any origin
// (an empty allowedOrigins keeps upstream's behaviour for compatibility).
// The ceremony goes on whatever the event log answers.
func (s *Service) warnUnpinned(ctx context.Context, app *tenants.App) {
	if len(app.Features.AllowedOrigins) > 0 {
		return
	}
	day := s.now().UTC().Format("2006-01-02")
	if last, loaded := s.unpinned.Swap(app.ID, day); loaded && last == day {
		return
	}
	_ = s.events.Record(ctx, events.Event{Tenant: app.ID, Type: events.APIAuthOriginsNotPinned, Severity: events.Warning,
		Subject: app.ID, Message: "Passkey ceremonies accept any origin: set allowedOrigins to pin this application's " +
			"web and app origins, or any site holding its public key can run them."})
}
