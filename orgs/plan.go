package orgs

import (
	"context"
	"time"

	"passwordless/quota"
)

// An organization's plan is what it may use (Limits, and each
// application's plan features) and its usage is what it uses: the
// organization page shows both, side by side.

// EmailCount counts an application's e-mails in the quota's window
// (quota.Emails.Sent).
type EmailCount func(ctx context.Context, tenant string) (int64, error)

// UseEmailCount gives the service the e-mail counter the usage shows;
// without one, e-mails sent are not shown.
func (s *Service) UseEmailCount(count EmailCount) { s.emails = count }

// Plan is an organization's limits and its usage against them.
type Plan struct {
	// Apps is how many applications it owns, of AppsLimit.
	Apps, AppsLimit int
	// InvitesToday is how many invitations it sent in the last 24
	// hours, of InvitesPerDay.
	InvitesToday, InvitesPerDay int64
	// Applications are the usage of each of its applications.
	Applications []AppPlan
}

// AppPlan is one application's plan features and usage.
type AppPlan struct {
	ID string
	// Users have a passkey, of MaxUsers (nil: no limit).
	Users    int64
	MaxUsers *int64
	// EmailsSent are the magic-link e-mails of the last 30 days (-1:
	// not known), of EmailQuota, the monthly quota in force at the
	// application's age (MonthlyQuota, scaled down while it is young).
	EmailsSent   int64
	EmailQuota   int64
	MonthlyQuota int
}

// Plan returns orgID's limits and usage.
func (s *Service) Plan(ctx context.Context, orgID string) (*Plan, error) {
	ids, err := s.store.orgApps(ctx, orgID)
	if err != nil {
		return nil, err
	}
	now := s.now()
	invites, err := s.store.countInvitesSince(ctx, orgID, now.Add(-inviteWindow))
	if err != nil {
		return nil, err
	}
	p := &Plan{Apps: len(ids), AppsLimit: s.o.Limits.AppsPerOrg,
		InvitesToday: invites, InvitesPerDay: int64(s.o.Limits.InvitesPerDay)}
	for _, id := range ids {
		a, err := s.appPlan(ctx, id, now)
		if err != nil {
			return nil, err
		}
		if a != nil {
			p.Applications = append(p.Applications, *a)
		}
	}
	return p, nil
}

// appPlan is application id's plan and usage; nil when it is gone.
func (s *Service) appPlan(ctx context.Context, id string, now time.Time) (*AppPlan, error) {
	app, err := s.o.Tenants.App(ctx, id)
	if err != nil || app == nil {
		return nil, err
	}
	f := app.Features
	a := &AppPlan{ID: id, MaxUsers: f.MaxUsers, MonthlyQuota: f.MagicLinkEmailMonthlyQuota, EmailsSent: -1,
		EmailQuota: quota.EffectiveQuota(f.MagicLinkEmailMonthlyQuota, now.Sub(app.CreatedAt))}
	if a.Users, err = s.o.Users.CountUsers(ctx, id); err != nil {
		return nil, err
	}
	if s.emails != nil {
		if a.EmailsSent, err = s.emails(ctx, id); err != nil {
			return nil, err
		}
	}
	return a, nil
}
