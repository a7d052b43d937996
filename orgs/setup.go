package orgs

import (
	"context"
	"net/mail"
	"strings"

	"github.com/google/uuid"

	"passwordless/problems"
)

// A new admin (the owner a setup link creates, or an invitee) registers a
// passkey in two calls: Begin… checks the link and keeps the new admin's
// id with it; Complete…/Accept… runs the registration's completion, given
// as a Registration, in the transaction that uses up the link and adds the
// admin, so a failed registration leaves the link usable.

// Registration completes a new admin's passkey registration inside the
// transaction and returns the user id the registration verified.
type Registration func(ctx context.Context) (userID string, err error)

// Refusals a person setting up or joining meets.
var (
	ErrSetupLinkInvalid = problems.Titled(problems.InvalidArgument,
		"This setup link has expired or was used already. Ask whoever runs this service for a new one, or create an organization from the sign-in page.")
	ErrAdminExists = problems.Validation("email",
		"An admin with this e-mail address exists already (an admin belongs to one organization).")
	ErrNotAdmin = problems.Titled(problems.InvalidArgument, "This passkey does not belong to a console admin.")
)

// SetupLinkOpen reports whether token is a valid, unexpired, unused setup
// link.
func (s *Service) SetupLinkOpen(ctx context.Context, token string) (bool, error) {
	link, err := s.openSetupLink(ctx, token)
	return link != nil, err
}

func (s *Service) openSetupLink(ctx context.Context, token string) (*setupLinkRow, error) {
	id := s.linkID("setup", token)
	if id == "" {
		return nil, nil
	}
	return s.store.openSetupLink(ctx, id, s.now())
}

// ValidOwner checks the organization name and owner address of a setup.
func ValidOwner(org, email string) error {
	if err := validName("org", org); err != nil {
		return err
	}
	return validEmail(email)
}

func validEmail(email string) error {
	if !problems.CleanText(email) {
		return problems.BadText("email")
	}
	if a, err := mail.ParseAddress(email); err != nil || a.Address != email || len(email) > 254 {
		return problems.Validation("email", "Enter a valid e-mail address.")
	}
	return nil
}

// BeginSetup checks the setup link token and the new organization and
// owner, and returns the id the owner's passkey registration is for.
func (s *Service) BeginSetup(ctx context.Context, token, org, email string) (string, error) {
	org, email = strings.TrimSpace(org), normalEmail(email)
	if err := ValidOwner(org, email); err != nil {
		return "", err
	}
	link, err := s.openSetupLink(ctx, token)
	if err != nil || link == nil {
		return "", orElse(err, ErrSetupLinkInvalid)
	}
	return s.newAdminID(ctx, email, func(ctx context.Context, adminID string) error {
		return s.store.setPending(ctx, link.ID, adminID, email, org)
	})
}

// newAdminID refuses an address an admin has, else keeps a fresh admin id
// with the link (pending) and returns it.
func (s *Service) newAdminID(ctx context.Context, email string, pending func(ctx context.Context, adminID string) error) (string, error) {
	if a, err := s.store.adminByEmail(ctx, email); err != nil || a != nil {
		return "", orElse(err, ErrAdminExists)
	}
	adminID := uuid.NewString()
	return adminID, pending(ctx, adminID)
}

// CompleteSetup uses up the setup link, completes the owner's passkey
// registration and creates the organization and its owner, in one
// transaction; it returns the owner.
func (s *Service) CompleteSetup(ctx context.Context, token string, register Registration) (admin *Admin, err error) {
	err = s.store.inTx(ctx, func(ctx context.Context) error {
		link, err := s.openSetupLink(ctx, token)
		if err != nil || link == nil || link.PendingAdminID == "" {
			return orElse(err, ErrSetupLinkInvalid)
		}
		now := s.now()
		if used, err := s.store.useSetupLink(ctx, link.ID, now); err != nil || !used {
			return orElse(err, ErrSetupLinkInvalid)
		}
		if err := registered(ctx, register, link.PendingAdminID, ErrSetupLinkInvalid); err != nil {
			return err
		}
		admin, err = s.createOrgOf(ctx, link, now)
		return err
	})
	return admin, err
}

// registered runs register and checks, as a backend would with the verify
// token, that it registered pendingID; refused is the error when not.
func registered(ctx context.Context, register Registration, pendingID string, refused error) error {
	userID, err := register(ctx)
	if err != nil {
		return err
	}
	if userID != pendingID {
		return refused
	}
	return nil
}

func normalEmail(email string) string { return strings.ToLower(strings.TrimSpace(email)) }
