package orgs

import (
	"context"
	"net/url"
	"strings"
	"time"

	"github.com/google/uuid"

	"passwordless/events"
	"passwordless/tokens"
)

// An operator creates an organization from the command line (`passwordless
// orgs create`) under the console's rules: a valid name and owner address,
// an address belonging to no admin yet, the organization and its owner
// created together with their audit events. The owner has no passkey yet:
// OwnerSigninLink gives them a one-time console sign-in link (a magic link
// of the console's application, as the sign-in page mails), after which
// they add a passkey on their profile page.

// OwnerLinkTTL is how long the owner's sign-in link works (as a setup
// link).
const OwnerLinkTTL = SetupLinkTTL

// signinLinkPath is the console page a magic sign-in link opens.
const signinLinkPath = "/console/signin/link"

// VerifyIssuer issues verify tokens; *tokens.Service implements it.
type VerifyIssuer interface {
	IssueVerify(ctx context.Context, tenant string, v tokens.Verified) (string, error)
}

// CreateOrg creates organization name with email as its owner, in one
// transaction with its audit events (performed by the actor ctx carries).
// A bad name or address is a validation problem saying why; an address an
// admin has already is ErrAdminExists.
func (s *Service) CreateOrg(ctx context.Context, name, email string) (*Org, *Admin, error) {
	name, email = strings.TrimSpace(name), normalEmail(email)
	if err := ValidOwner(name, email); err != nil {
		return nil, nil, err
	}
	// The audit events go to the console's application's log.
	if _, err := s.EnsureApp(ctx); err != nil {
		return nil, nil, err
	}
	now := s.now()
	org := &Org{ID: uuid.NewString(), Name: name, CreatedAt: now}
	admin := &Admin{ID: uuid.NewString(), OrgID: org.ID, Email: email, Role: RoleOwner, CreatedAt: now}
	err := s.store.inTx(ctx, func(ctx context.Context) error {
		if a, err := s.store.adminByEmail(ctx, email); err != nil || a != nil {
			return orElse(err, ErrAdminExists)
		}
		if err := s.store.createOrgAndOwner(ctx, org, admin); err != nil {
			return err
		}
		if err := s.orgEvent(ctx, org.ID, events.ConsoleOrgCreated, "Organization "+org.Name+" created."); err != nil {
			return err
		}
		return s.orgEvent(ctx, org.ID, events.ConsoleAdminAdded, "Admin "+admin.Email+" added as owner.")
	})
	if err != nil {
		return nil, nil, err
	}
	return org, admin, nil
}

// OwnerSigninLink returns a one-time console sign-in link for admin
// adminID, valid OwnerLinkTTL, and when it expires. The console's sign-in
// page accepts it once (UseSigninLink), like a mailed one.
func (s *Service) OwnerSigninLink(ctx context.Context, issuer VerifyIssuer, adminID string) (string, time.Time, error) {
	app, err := s.EnsureApp(ctx)
	if err != nil {
		return "", time.Time{}, err
	}
	exp := s.now().Add(OwnerLinkTTL)
	token, err := issuer.IssueVerify(ctx, app, tokens.Verified{UserID: adminID, ExpiresAt: exp, Type: tokens.TypeMagicLink})
	if err != nil {
		return "", time.Time{}, err
	}
	return s.o.PublicURL + signinLinkPath + "?token=" + url.QueryEscape(token), exp, nil
}
