package orgs

import (
	"context"
	"strings"

	"passwordless/events"
	"passwordless/problems"
)

// Refusals of the organization's page.
var (
	ErrLastAdmin = problems.Titled(problems.InvalidArgument,
		"This is the organization's last admin (or last owner): invite another one before removing them.")
	ErrHasApps = problems.Titled(problems.InvalidArgument,
		"The organization still has applications. Delete them first.")
)

// Admin is the admin id, nil when there is none.
func (s *Service) Admin(ctx context.Context, id string) (*Admin, error) {
	return s.store.admin(ctx, id)
}

// AdminByEmail is the admin with address email, nil when there is none.
func (s *Service) AdminByEmail(ctx context.Context, email string) (*Admin, error) {
	return s.store.adminByEmail(ctx, normalEmail(email))
}

// Admins are orgID's admins, oldest first.
func (s *Service) Admins(ctx context.Context, orgID string) ([]Admin, error) {
	return s.store.admins(ctx, orgID)
}

// OrgAdmin is orgID's admin adminID, nil when orgID has no such admin.
func (s *Service) OrgAdmin(ctx context.Context, orgID, adminID string) (*Admin, error) {
	return s.store.orgAdmin(ctx, orgID, adminID)
}

// Rename renames the organization.
func (s *Service) Rename(ctx context.Context, org *Org, name string) error {
	name = strings.TrimSpace(name)
	if err := validName("name", name); err != nil {
		return err
	}
	return s.store.inTx(ctx, func(ctx context.Context) error {
		if err := s.store.renameOrg(ctx, org.ID, name); err != nil {
			return err
		}
		return s.orgEvent(ctx, org.ID, events.ConsoleOrgRenamed, "Organization renamed from "+org.Name+" to "+name+".")
	})
}

// RemoveAdmin removes orgID's admin target (never the organization's last
// admin, nor its last owner) with their console passkeys and sessions.
// The check and the removal hold the organization's lock, so two owners
// removing each other at once leave one of them.
func (s *Service) RemoveAdmin(ctx context.Context, orgID string, target *Admin) error {
	app, err := s.consoleApp(ctx)
	if err != nil {
		return err
	}
	return s.store.inTx(ctx, func(ctx context.Context) error {
		if err := s.store.lockOrg(ctx, orgID); err != nil {
			return err
		}
		if err := s.keepsAnAdmin(ctx, orgID, target); err != nil {
			return err
		}
		if err := s.store.deleteAdmin(ctx, orgID, target.ID); err != nil {
			return err
		}
		if err := s.o.Users.DeleteUser(ctx, app, target.ID); err != nil {
			return err
		}
		return s.orgEvent(ctx, orgID, events.ConsoleAdminRemoved, "Admin "+target.Email+" removed.")
	})
}

// keepsAnAdmin refuses to remove target when the organization would be
// left without an admin, or without an owner; target must still be one
// of its admins (a concurrent removal may have taken them already).
func (s *Service) keepsAnAdmin(ctx context.Context, orgID string, target *Admin) error {
	if a, err := s.store.orgAdmin(ctx, orgID, target.ID); err != nil || a == nil {
		return orElse(err, problems.New(problems.NotFound))
	}
	n, err := s.store.countAdmins(ctx, orgID, "")
	if err == nil && n <= 1 {
		return ErrLastAdmin
	}
	if err == nil && target.Role == RoleOwner {
		n, err = s.store.countAdmins(ctx, orgID, RoleOwner)
		if err == nil && n <= 1 {
			return ErrLastAdmin
		}
	}
	return err
}

// Delete deletes the organization, its admins (and their console
// passkeys), sessions and invitations; only when it owns no application.
func (s *Service) Delete(ctx context.Context, org *Org) error {
	app, err := s.consoleApp(ctx)
	if err != nil {
		return err
	}
	return s.store.inTx(ctx, func(ctx context.Context) error {
		if err := s.store.lockOrg(ctx, org.ID); err != nil {
			return err
		}
		apps, err := s.store.orgApps(ctx, org.ID)
		if err != nil || len(apps) > 0 {
			return orElse(err, ErrHasApps)
		}
		admins, err := s.store.admins(ctx, org.ID)
		if err != nil {
			return err
		}
		for _, a := range admins {
			if err := s.o.Users.DeleteUser(ctx, app, a.ID); err != nil {
				return err
			}
		}
		if err := s.orgEvent(ctx, org.ID, events.ConsoleOrgDeleted, "Organization "+org.Name+" deleted."); err != nil {
			return err
		}
		return s.store.deleteOrg(ctx, org.ID)
	})
}

// AppAdminEmails returns the e-mail addresses of the admins of the
// organization that owns appID, none when no organization does (the
// server hands them to webhooks, which mails them when an endpoint of the
// application is disabled).
func (s *Service) AppAdminEmails(ctx context.Context, appID string) ([]string, error) {
	return s.store.appAdminEmails(ctx, appID)
}
