package orgs

import (
	"context"
	"html/template"
	"strings"
	"time"

	"github.com/google/uuid"

	"passwordless/events"
	"passwordless/internal/randtoken"
	"passwordless/mail"
	"passwordless/problems"
)

// Self sign-up: a person creates an organization from the sign-in page.
// They give its name and their e-mail address; the service keeps both
// with a one-time link (a setup-link row, its token signed in the
// "signup" domain, so it is never valid as a setup or invitation link)
// and mails the link, queued in the transaction and sent after the
// commit. Opening the link proves the address: the POST it leads to uses
// the link up and creates the organization with that person as its
// owner, in one transaction. A known address gets no mail and no link,
// but the same answer (the caller shows one page either way).

// SignupLinkTTL is how long a sign-up link can be used.
const SignupLinkTTL = 30 * time.Minute

// signupMail is the mail queue's kind of sign-up e-mails; the reference
// is the link's id.
const signupMail = "console-signup"

// Refusals of a sign-up.
var (
	// ErrSignupClosed answers every sign-up call when the operator turned
	// self sign-up off: there is no such page.
	ErrSignupClosed = problems.New(problems.NotFound)
	// ErrSignupLinkInvalid refuses a sign-up link that expired, was used
	// or never was one.
	ErrSignupLinkInvalid = problems.Titled(problems.InvalidArgument,
		"This sign-up link has expired or was used already. Create the organization again from the sign-in page.")
)

// SignupOpen reports whether self sign-up is on.
func (s *Service) SignupOpen() bool { return !s.o.Limits.SignupDisabled }

// RequestSignup checks the organization's name and the address and, when
// no admin has the address, stores a sign-up link for them and queues its
// e-mail; it returns the mail's id for DeliverSignup ("" when nothing was
// queued). The answer does not tell whether the address is an admin's.
func (s *Service) RequestSignup(ctx context.Context, org, email string) (mailID string, err error) {
	if !s.SignupOpen() {
		return "", ErrSignupClosed
	}
	org, email = strings.TrimSpace(org), normalEmail(email)
	if err := ValidOwner(org, email); err != nil {
		return "", err
	}
	if s.mail == nil {
		return "", problems.New(problems.MailSendFailed)
	}
	err = s.store.inTx(ctx, func(ctx context.Context) error {
		if a, err := s.store.adminByEmail(ctx, email); err != nil || a != nil {
			return err
		}
		now := s.now()
		row := &setupLinkRow{ID: randtoken.URL(16), ExpiresAt: now.Add(SignupLinkTTL), CreatedAt: now,
			PendingAdminID: uuid.NewString(), PendingEmail: email, PendingOrg: org}
		if err := s.store.insertSetupLink(ctx, row); err != nil {
			return err
		}
		mailID, err = s.mail.Enqueue(ctx, signupMail, row.ID)
		return err
	})
	return mailID, err
}

// DeliverSignup sends the queued sign-up e-mail mailID now (after the
// commit); a failure is logged, and the queue's job retries it.
func (s *Service) DeliverSignup(ctx context.Context, mailID string) {
	if mailID == "" || s.mail == nil {
		return
	}
	if err := s.mail.Deliver(ctx, mailID); err != nil {
		s.o.Logger.WarnContext(ctx, "orgs: sign-up mail not sent yet; it will be retried", "err", err)
	}
}

// SignupLinkOpen reports whether token is a valid, unexpired, unused
// sign-up link (false when sign-up is off).
func (s *Service) SignupLinkOpen(ctx context.Context, token string) (bool, error) {
	link, err := s.openSignupLink(ctx, token)
	return link != nil, err
}

func (s *Service) openSignupLink(ctx context.Context, token string) (*setupLinkRow, error) {
	id := s.linkID("signup", token)
	if id == "" || !s.SignupOpen() {
		return nil, nil
	}
	return s.store.openSetupLink(ctx, id, s.now())
}

// CompleteSignup uses up the sign-up link and creates its organization
// with the address as owner, in one transaction; it returns the owner.
// The owner has no passkey yet: the console offers to add one.
func (s *Service) CompleteSignup(ctx context.Context, token string) (admin *Admin, err error) {
	if !s.SignupOpen() {
		return nil, ErrSignupClosed
	}
	err = s.store.inTx(ctx, func(ctx context.Context) error {
		link, err := s.openSignupLink(ctx, token)
		if err != nil || link == nil {
			return orElse(err, ErrSignupLinkInvalid)
		}
		now := s.now()
		if used, err := s.store.useSetupLink(ctx, link.ID, now); err != nil || !used {
			return orElse(err, ErrSignupLinkInvalid)
		}
		if a, err := s.store.adminByEmail(ctx, link.PendingEmail); err != nil || a != nil {
			return orElse(err, ErrAdminExists)
		}
		admin, err = s.createOrgOf(ctx, link, now)
		return err
	})
	return admin, err
}

// createOrgOf creates the organization a setup or sign-up link holds and
// its owner, with their events, in the transaction ctx carries.
func (s *Service) createOrgOf(ctx context.Context, link *setupLinkRow, now time.Time) (*Admin, error) {
	org := &Org{ID: uuid.NewString(), Name: link.PendingOrg, CreatedAt: now}
	admin := &Admin{ID: link.PendingAdminID, OrgID: org.ID, Email: link.PendingEmail, Role: RoleOwner, CreatedAt: now}
	if err := s.store.createOrgAndOwner(ctx, org, admin); err != nil {
		return nil, err
	}
	ctx = events.WithActor(ctx, events.Actor{Name: admin.Email})
	if err := s.orgEvent(ctx, org.ID, events.ConsoleOrgCreated, "Organization "+org.Name+" created."); err != nil {
		return nil, err
	}
	return admin, s.orgEvent(ctx, org.ID, events.ConsoleAdminAdded, "Admin "+admin.Email+" added as owner.")
}

// signupSubject is the subject of every sign-up e-mail: the service's
// words only, never the organization's name (a stranger's text).
const signupSubject = "Confirm your new Passwordless console organization"

var signupHTML = template.Must(template.New("signup").Parse(`<!DOCTYPE html>
<html><body style="font-family:sans-serif;line-height:1.5">
<h1 style="font-size:20px">Confirm your new organization</h1>
<p>Someone, hopefully you, asked to create an organization on the Passwordless console with this e-mail address as its owner.</p>
<p>The organization's name, as it was typed: <strong>{{.Org}}</strong></p>
<p>Open this link within 30 minutes to create it and sign in:</p>
<p><a href="{{.Link}}">{{.Link}}</a></p>
<p style="font-size:12px;color:#555">The link works once. If you did not ask for this, ignore this e-mail: nothing is created.</p>
</body></html>
`))

// renderSignup builds the e-mail of sign-up link id while it can still be
// used: the link is signed again from the row, so the queue never stores
// it.
func (s *Service) renderSignup(ctx context.Context, id string) (mail.Message, bool, error) {
	row, err := s.store.openSetupLink(ctx, id, s.now())
	if err != nil || row == nil {
		return mail.Message{}, false, err
	}
	link := s.origin + "/console/signup/verify?token=" + s.signLink("signup", row.ID, row.ExpiresAt)
	name := quotedName(row.PendingOrg)
	var html strings.Builder
	if err := signupHTML.Execute(&html, map[string]string{"Org": name, "Link": link}); err != nil {
		return mail.Message{}, false, err
	}
	text := "Someone, hopefully you, asked to create an organization on the Passwordless console with this " +
		"e-mail address as its owner.\n\nThe organization's name, as it was typed: " + name + "\n\n" +
		"Open this link within 30 minutes to create it and sign in:\n\n" + link +
		"\n\nThe link works once. If you did not ask for this, ignore this e-mail: nothing is created.\n"
	return mail.Message{To: row.PendingEmail, Subject: signupSubject, Text: text, HTML: html.String()}, true, nil
}
