package orgs

import (
	"context"
	"html/template"
	"strings"
	"time"

	"passwordless/events"
	"passwordless/internal/randtoken"
	"passwordless/mail"
	"passwordless/problems"
)

// Invitations: an owner invites an admin by e-mail. The link is signed
// (like setup links), expires after InviteTTL and is single-use (its row is
// marked accepted in the transaction that adds the admin); an owner can
// revoke it while it is pending. Accepting registers the invitee's passkey
// (their e-mail address is its alias) and adds them to the organization as
// an admin. E-mail addresses are unique across the console: an admin
// belongs to one organization. The e-mail is queued with the invitation
// and sent once both are committed (package mail's queue), never inside
// the transaction.

// InviteTTL is how long an invitation can be accepted.
const InviteTTL = 7 * 24 * time.Hour

// ErrInviteInvalid refuses an invitation that cannot be accepted.
var ErrInviteInvalid = problems.Titled(problems.InvalidArgument,
	"This invitation has expired, was revoked or was used already. Ask an owner of the organization for a new one.")

// inviteMail is the mail queue's kind of invitation e-mails; the
// reference is the invitation's id.
const inviteMail = "console-invite"

// SendInvite records an invitation of email to by's organization, and
// queues its e-mail; the e-mail is sent after the commit (and retried
// until it is out).
func (s *Service) SendInvite(ctx context.Context, org *Org, by *Admin, email string) error {
	email = normalEmail(email)
	if err := validEmail(email); err != nil {
		return err
	}
	if s.mail == nil {
		return problems.New(problems.MailSendFailed)
	}
	var mailID string
	err := s.store.inTx(ctx, func(ctx context.Context) (err error) {
		if a, err := s.store.adminByEmail(ctx, email); err != nil || a != nil {
			return orElse(err, ErrAdminExists)
		}
		now := s.now()
		if err := s.inviteAllowed(ctx, org.ID, now); err != nil {
			return err
		}
		row := &Invite{ID: randtoken.URL(16), OrgID: org.ID, Email: email, InvitedBy: by.ID,
			ExpiresAt: now.Add(InviteTTL), CreatedAt: now}
		if err := s.store.insertInvite(ctx, row); err != nil {
			return err
		}
		if err := s.orgEvent(ctx, org.ID, events.ConsoleInviteSent, "Invitation sent to "+email+"."); err != nil {
			return err
		}
		mailID, err = s.mail.Enqueue(ctx, inviteMail, row.ID)
		return err
	})
	if err != nil {
		return err
	}
	if err := s.mail.Deliver(ctx, mailID); err != nil {
		s.o.Logger.WarnContext(ctx, "orgs: invitation mail not sent yet; it will be retried", "err", err)
	}
	return nil
}

// inviteAllowed refuses an invitation past the organization's daily cap.
// The count and the insert hold the organization's lock, so a burst of
// invitations cannot pass the cap together.
func (s *Service) inviteAllowed(ctx context.Context, orgID string, now time.Time) error {
	if err := s.store.lockOrg(ctx, orgID); err != nil {
		return err
	}
	n, err := s.store.countInvitesSince(ctx, orgID, now.Add(-inviteWindow))
	if err == nil && n >= int64(s.o.Limits.InvitesPerDay) {
		return errInviteLimit(s.o.Limits.InvitesPerDay)
	}
	return err
}

// inviteSubject is the subject of every invitation: the service's words
// only. An organization's name is the tenant's text; in a subject (and the
// sender's display name, which the mailer takes from it) it could be a
// phishing line, and a quote or a line break in it broke the header.
const inviteSubject = "Invitation to the Passwordless console"

// The bodies show the organization's name quoted and marked as the
// organization's own, never as the service's words.
var inviteHTML = template.Must(template.New("invite").Parse(`<!DOCTYPE html>
<html><body style="font-family:sans-serif;line-height:1.5">
<h1 style="font-size:20px">Invitation to the Passwordless console</h1>
<p>{{.By}} invites you to administer an organization on the Passwordless console.</p>
<p>The organization's name, as it chose it: <strong>{{.Org}}</strong></p>
<p>Open this link within 7 days to register your passkey:</p>
<p><a href="{{.Link}}">{{.Link}}</a></p>
<p style="font-size:12px;color:#555">The link works once. If you did not expect this invitation, ignore this e-mail.</p>
</body></html>
`))

// renderInvite builds the e-mail of invitation id while it can still be
// accepted: the link is signed again from the row, so the queue never
// stores it.
func (s *Service) renderInvite(ctx context.Context, id string) (mail.Message, bool, error) {
	row, err := s.store.invite(ctx, id, s.now())
	if err != nil || row == nil {
		return mail.Message{}, false, err
	}
	org, err := s.store.org(ctx, row.OrgID)
	if err != nil || org == nil {
		return mail.Message{}, false, err
	}
	by := "An owner"
	if a, err := s.store.admin(ctx, row.InvitedBy); err != nil {
		return mail.Message{}, false, err
	} else if a != nil {
		by = a.Email
	}
	link := s.origin + "/console/invite?token=" + s.signLink("invite", row.ID, row.ExpiresAt)
	var html strings.Builder
	name := quotedName(org.Name)
	if err := inviteHTML.Execute(&html, map[string]string{"Org": name, "By": by, "Link": link}); err != nil {
		return mail.Message{}, false, err
	}
	text := by + " invites you to administer an organization on the Passwordless console.\n\n" +
		"The organization's name, as it chose it: " + name + "\n\n" +
		"Open this link within 7 days to register your passkey:\n\n" + link +
		"\n\nThe link works once. If you did not expect this invitation, ignore this e-mail.\n"
	return mail.Message{To: row.Email, Subject: inviteSubject, Text: text, HTML: html.String()}, true, nil
}

// PendingInvites are orgID's invitations that can still be accepted.
func (s *Service) PendingInvites(ctx context.Context, orgID string) ([]Invite, error) {
	return s.store.pendingInvites(ctx, orgID, s.now())
}

// RevokeInvite revokes orgID's pending invitation id; found is false when
// the organization has no such pending invitation.
func (s *Service) RevokeInvite(ctx context.Context, orgID, id string) (found bool, err error) {
	now := s.now()
	pending, err := s.store.pendingInvites(ctx, orgID, now)
	if err != nil {
		return false, err
	}
	email := ""
	for _, p := range pending {
		if p.ID == id {
			email = p.Email
		}
	}
	if email == "" {
		return false, nil
	}
	return true, s.store.inTx(ctx, func(ctx context.Context) error {
		if ok, err := s.store.revokeInvite(ctx, orgID, id, now); err != nil || !ok {
			return orElse(err, ErrInviteInvalid)
		}
		return s.orgEvent(ctx, orgID, events.ConsoleInviteRevoked, "Invitation of "+email+" revoked.")
	})
}

// OpenInvite returns the invitation of token and its organization when it
// can be accepted, else ErrInviteInvalid.
func (s *Service) OpenInvite(ctx context.Context, token string) (*Invite, *Org, error) {
	id := s.linkID("invite", token)
	if id == "" {
		return nil, nil, ErrInviteInvalid
	}
	row, err := s.store.invite(ctx, id, s.now())
	if err != nil || row == nil {
		return nil, nil, orElse(err, ErrInviteInvalid)
	}
	org, err := s.store.org(ctx, row.OrgID)
	if err != nil || org == nil {
		return nil, nil, orElse(err, ErrInviteInvalid)
	}
	return row, org, nil
}

// BeginInvite checks the invitation token and returns the invitee's
// address and the id their passkey registration is for.
func (s *Service) BeginInvite(ctx context.Context, token string) (email, adminID string, err error) {
	row, _, err := s.OpenInvite(ctx, token)
	if err != nil {
		return "", "", err
	}
	adminID, err = s.newAdminID(ctx, row.Email, func(ctx context.Context, adminID string) error {
		return s.store.setInvitee(ctx, row.ID, adminID, s.now())
	})
	return row.Email, adminID, err
}

// AcceptInvite uses up the invitation, completes the invitee's passkey
// registration and adds them to the organization, in one transaction; it
// returns the new admin.
func (s *Service) AcceptInvite(ctx context.Context, token string, register Registration) (admin *Admin, err error) {
	err = s.store.inTx(ctx, func(ctx context.Context) error {
		row, _, err := s.OpenInvite(ctx, token)
		if err != nil || row.PendingAdminID == "" {
			return orElse(err, ErrInviteInvalid)
		}
		now := s.now()
		if ok, err := s.store.acceptInvite(ctx, row.ID, now); err != nil || !ok {
			return orElse(err, ErrInviteInvalid)
		}
		if err := registered(ctx, register, row.PendingAdminID, ErrInviteInvalid); err != nil {
			return err
		}
		admin = &Admin{ID: row.PendingAdminID, OrgID: row.OrgID, Email: row.Email, Role: RoleAdmin, CreatedAt: now}
		if err := s.store.createAdmin(ctx, admin); err != nil {
			return err
		}
		ctx = events.WithActor(ctx, events.Actor{Name: admin.Email})
		if err := s.orgEvent(ctx, row.OrgID, events.ConsoleInviteAccepted, "Invitation of "+admin.Email+" accepted."); err != nil {
			return err
		}
		return s.orgEvent(ctx, row.OrgID, events.ConsoleAdminAdded, "Admin "+admin.Email+" added.")
	})
	return admin, err
}
