package orgs

import (
	"context"

	"passwordless/events"
)

// SetPasskeyOnly turns the organization's admin magic links off (on) or
// back on; the change is in the organization's log. Only an owner may
// change it (the console's owner pages).
func (s *Service) SetPasskeyOnly(ctx context.Context, org *Org, on bool) error {
	if org.PasskeyOnly == on {
		return nil
	}
	msg := "Admin magic links turned back on."
	if on {
		msg = "Admin magic links turned off: admins sign in with their passkey only."
	}
	return s.store.inTx(ctx, func(ctx context.Context) error {
		if err := s.store.setPasskeyOnly(ctx, org.ID, on); err != nil {
			return err
		}
		return s.orgEvent(ctx, org.ID, events.ConsoleOrgSettingsChanged, msg)
	})
}

// MagicLinkAdmin is the admin with address email when a magic sign-in link
// may be mailed to them: nil when there is no such admin or their
// organization is passkey-only (the caller answers the same either way).
func (s *Service) MagicLinkAdmin(ctx context.Context, email string) (*Admin, error) {
	admin, err := s.AdminByEmail(ctx, email)
	if err != nil || admin == nil {
		return nil, err
	}
	if ok, err := s.MagicLinksAllowed(ctx, admin); !ok {
		return nil, err
	}
	return admin, nil
}

// MagicLinksAllowed is false when admin's organization is passkey-only: a
// link mailed before the switch was turned on no longer signs them in.
func (s *Service) MagicLinksAllowed(ctx context.Context, admin *Admin) (bool, error) {
	org, err := s.store.org(ctx, admin.OrgID)
	if err != nil || org == nil {
		return false, err
	}
	return !org.PasskeyOnly, nil
}
