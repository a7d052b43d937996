package tenants

import (
	"context"

	"passwordless/events"
)

// keyEvent is an event about one API key of application id.
func keyEvent(id, keyID string, typ events.Type, msg string) events.Event {
	e := events.About(id, id, typ, msg)
	e.APIKeyID = keyID
	return e
}

// record writes evs (inside the transaction ctx carries, if any).
func (s *Service) record(ctx context.Context, evs ...events.Event) error {
	for _, e := range evs {
		if err := s.events.Record(ctx, e); err != nil {
			return err
		}
	}
	return nil
}

// rejectedKey records a rejected key against the application it names, as
// upstream does, with only the key's last four characters. A failure to
// record never changes the rejection itself.
func (s *Service) rejectedKey(ctx context.Context, app *App, kind KeyKind, value string, locked bool) {
	if !s.countRejected(app, kind, locked) {
		return
	}
	typ := map[[2]bool]events.Type{
		{false, false}: events.APIAuthInvalidPublicKeyUsed, {true, false}: events.APIAuthInvalidSecretKeyUsed,
		{false, true}: events.APIAuthDisabledPublicKeyUsed, {true, true}: events.APIAuthDisabledSecretKeyUsed,
	}[[2]bool{kind == Secret, locked}]
	e := events.Event{Tenant: app.ID, Type: typ, Severity: events.Alert, Message: "A rejected API key was used.",
		Subject: app.ID, APIKeyID: KeyID(value)}
	if err := s.events.Record(ctx, e); err != nil {
		s.log.WarnContext(ctx, "record rejected key", "err", err)
	}
}
