package orgs

import (
	"context"

	"passwordless/events"
	"passwordless/problems"
	"passwordless/tenants"
)

// ErrAppTaken refuses an application id in use.
var ErrAppTaken = problems.Validation("appId", "This application id is taken. Choose another one.")

// Apps are the ids of orgID's applications.
func (s *Service) Apps(ctx context.Context, orgID string) ([]string, error) {
	return s.store.orgApps(ctx, orgID)
}

// OwnsApp reports whether appID belongs to orgID.
func (s *Service) OwnsApp(ctx context.Context, orgID, appID string) (bool, error) {
	return s.store.orgOwnsApp(ctx, orgID, appID)
}

// CreateApp creates an application of by's organization (by is its
// admin e-mail) and returns it with its keys, the secrets for the only
// time. An organization owns at most Limits.AppsPerOrg applications; the
// count and the creation hold the organization's lock, so a burst of
// creations cannot pass the cap together.
func (s *Service) CreateApp(ctx context.Context, by *Admin, id string) (*tenants.CreatedApp, error) {
	ok, err := s.o.Tenants.Available(ctx, id)
	if err != nil || !ok {
		return nil, orElse(err, ErrAppTaken)
	}
	var created *tenants.CreatedApp
	err = s.store.inTx(ctx, func(ctx context.Context) (err error) {
		if err := s.store.lockOrg(ctx, by.OrgID); err != nil {
			return err
		}
		if apps, err := s.store.orgApps(ctx, by.OrgID); err != nil || len(apps) >= s.o.Limits.AppsPerOrg {
			return orElse(err, errAppLimit(s.o.Limits.AppsPerOrg))
		}
		created, err = s.o.Tenants.Create(ctx, id, tenants.CreateOptions{AdminEmail: by.Email,
			EventLoggingEnabled: true})
		if err != nil {
			return err
		}
		if err := s.store.addOrgApp(ctx, by.OrgID, id, s.now()); err != nil {
			return err
		}
		return s.orgEvent(ctx, by.OrgID, events.ConsoleAppCreated, "Application "+id+" created.")
	})
	return created, err
}

// AppDeleted is the tenants service's deletion hook: an application of
// an organization, deleted at once from the console or the management API,
// or by the scheduled deletion job, is in the organization's log, in the
// transaction that deletes it (before its row leaves the organization).
func (s *Service) AppDeleted(ctx context.Context, app *tenants.App) error {
	org, err := s.store.orgOfApp(ctx, app.ID)
	if err != nil || org == "" {
		return err
	}
	msg := "Application " + app.ID + " deleted."
	if app.DeleteAt != nil {
		msg = "Application " + app.ID + " deleted: its scheduled deletion was carried out."
	}
	return s.orgEvent(ctx, org, events.ConsoleAppDeleted, msg)
}
