package console

import (
	"context"
	"html/template"
	"net/http"
	netmail "net/mail"
	"strings"
	"time"

	"passwordless/events"
	"passwordless/mail"
	"passwordless/problems"
)

// Invitations: an owner invites an admin by e-mail. The link is signed
// (HMAC, like setup links), expires after InviteTTL and is single-use (its
// row is marked accepted in the transaction that adds the admin); an owner
// can revoke it while it is pending. Accepting registers the invitee's
// passkey (their e-mail address is its alias) and adds them to the
// organization as an admin. E-mail addresses are unique across the console:
// an admin belongs to one organization.

// InviteTTL is how long an invitation can be accepted.
const InviteTTL = 7 * 24 * time.Hour

var errInviteInvalid = problems.Titled(problems.InvalidArgument,
	"This invitation has expired, was revoked or was used already. Ask an owner of the organization for a new one.")

func (c *Console) sendInvite(w http.ResponseWriter, r *http.Request, s *signedIn) {
	email := strings.ToLower(strings.TrimSpace(r.PostFormValue("email")))
	if a, err := netmail.ParseAddress(email); err != nil || a.Address != email || len(email) > 254 {
		c.orgFailed(w, r, s, problems.Validation("email", "Enter a valid e-mail address."))
		return
	}
	if c.mail == nil {
		c.orgFailed(w, r, s, problems.New(problems.MailSendFailed))
		return
	}
	var mailID string
	err := c.store.inTx(r.Context(), func(ctx context.Context) (err error) {
		if a, err := c.store.adminByEmail(ctx, email); err != nil || a != nil {
			return orElse(err, errAdminExists)
		}
		now := c.o.Now().UTC()
		row := &inviteRow{ID: randomToken(16), OrgID: s.org.ID, Email: email, InvitedBy: s.admin.ID,
			ExpiresAt: now.Add(InviteTTL), CreatedAt: now}
		if err := c.store.insertInvite(ctx, row); err != nil {
			return err
		}
		if err := c.orgEvent(ctx, s.org.ID, events.ConsoleInviteSent, "Invitation sent to "+email+"."); err != nil {
			return err
		}
		// The mail is queued with the invitation and sent once both are
		// committed: never an SMTP exchange inside the transaction.
		mailID, err = c.mail.Enqueue(ctx, inviteMail, row.ID)
		return err
	})
	if err != nil {
		c.orgFailed(w, r, s, err)
		return
	}
	if err := c.mail.Deliver(r.Context(), mailID); err != nil {
		c.o.Logger.WarnContext(r.Context(), "console: invitation mail not sent yet; it will be retried", "err", err)
	}
	http.Redirect(w, r, "/console/org", http.StatusSeeOther)
}

var inviteHTML = template.Must(template.New("invite").Parse(`<!DOCTYPE html>
<html><body style="font-family:sans-serif;line-height:1.5">
<h1 style="font-size:20px">Join {{.Org}} on the Passwordless console</h1>
<p>{{.By}} invites you to administer {{.Org}}. Open this link within 7 days to register your passkey:</p>
<p><a href="{{.Link}}">{{.Link}}</a></p>
<p style="font-size:12px;color:#555">The link works once. If you did not expect this invitation, ignore this e-mail.</p>
</body></html>
`))

// inviteMail is the mail queue's kind of invitation e-mails; the
// reference is the invitation's id.
const inviteMail = "console-invite"

// renderInvite builds the e-mail of invitation id while it can still be
// accepted: the link is signed again from the row, so the queue never
// stores it.
func (c *Console) renderInvite(ctx context.Context, id string) (mail.Message, bool, error) {
	row, err := c.store.invite(ctx, id, c.o.Now().UTC())
	if err != nil || row == nil {
		return mail.Message{}, false, err
	}
	org, err := c.store.org(ctx, row.OrgID)
	if err != nil || org == nil {
		return mail.Message{}, false, err
	}
	by := "An owner"
	if a, err := c.store.admin(ctx, row.InvitedBy); err != nil {
		return mail.Message{}, false, err
	} else if a != nil {
		by = a.Email
	}
	link := c.origin + "/console/invite?token=" + c.signLink("invite", row.ID, row.ExpiresAt)
	var html strings.Builder
	if err := inviteHTML.Execute(&html, map[string]string{"Org": org.Name, "By": by, "Link": link}); err != nil {
		return mail.Message{}, false, err
	}
	text := by + " invites you to administer " + org.Name + " on the Passwordless console.\n\n" +
		"Open this link within 7 days to register your passkey:\n\n" + link +
		"\n\nThe link works once. If you did not expect this invitation, ignore this e-mail.\n"
	return mail.Message{To: row.Email, Subject: "Join " + org.Name + " on the Passwordless console",
		Text: text, HTML: html.String()}, true, nil
}

func (c *Console) revokeInvite(w http.ResponseWriter, r *http.Request, s *signedIn) {
	id := r.PathValue("invite")
	now := c.o.Now().UTC()
	pending, err := c.store.pendingInvites(r.Context(), s.org.ID, now)
	if err != nil {
		c.fail(w, r, err)
		return
	}
	email := ""
	for _, p := range pending {
		if p.ID == id {
			email = p.Email
		}
	}
	if email == "" {
		c.notFound(w, r)
		return
	}
	err = c.store.inTx(r.Context(), func(ctx context.Context) error {
		if ok, err := c.store.revokeInvite(ctx, s.org.ID, id, now); err != nil || !ok {
			return orElse(err, errInviteInvalid)
		}
		return c.orgEvent(ctx, s.org.ID, events.ConsoleInviteRevoked, "Invitation of "+email+" revoked.")
	})
	if err != nil {
		c.orgFailed(w, r, s, err)
		return
	}
	http.Redirect(w, r, "/console/org", http.StatusSeeOther)
}

// openInvite returns the invitation of token when it can be accepted.
func (c *Console) openInvite(ctx context.Context, token string) (*inviteRow, *Org, error) {
	id := c.linkID("invite", token)
	if id == "" {
		return nil, nil, errInviteInvalid
	}
	row, err := c.store.invite(ctx, id, c.o.Now().UTC())
	if err != nil || row == nil {
		return nil, nil, orElse(err, errInviteInvalid)
	}
	org, err := c.store.org(ctx, row.OrgID)
	if err != nil || org == nil {
		return nil, nil, orElse(err, errInviteInvalid)
	}
	return row, org, nil
}

type inviteData struct {
	Token, Email, Org string
}

func (c *Console) invitePage(w http.ResponseWriter, r *http.Request) {
	token := r.URL.Query().Get("token")
	row, org, err := c.openInvite(r.Context(), token)
	if err == errInviteInvalid {
		c.message(w, r, http.StatusGone, "Invitation not valid", humanTitle(problems.From(err)))
		return
	}
	if err != nil {
		c.fail(w, r, err)
		return
	}
	c.render(w, r, http.StatusOK, "invite", view{Title: "Join " + org.Name, CSRF: c.csrf("pre", c.preToken(w, r)),
		Data: inviteData{Token: token, Email: row.Email, Org: org.Name}})
}

func (c *Console) inviteBegin(w http.ResponseWriter, r *http.Request) {
	in, err := decode(r)
	var out *begun
	if err == nil {
		out, err = c.beginInvite(r.Context(), in)
	}
	if err != nil {
		c.jsonError(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, out)
}

func (c *Console) beginInvite(ctx context.Context, in ceremonyIn) (*begun, error) {
	row, _, err := c.openInvite(ctx, in.Token)
	if err != nil {
		return nil, err
	}
	return c.beginNewAdmin(ctx, row.Email, func(ctx context.Context, adminID string) error {
		return c.store.setInvitee(ctx, row.ID, adminID, c.o.Now().UTC())
	})
}

// inviteComplete stores the invitee's passkey, uses up the invitation and
// adds them to the organization, in one transaction, then signs them in.
func (c *Console) inviteComplete(w http.ResponseWriter, r *http.Request) {
	c.finishInTx(w, r, func(ctx context.Context, in ceremonyIn) (string, error) { return c.acceptInvite(ctx, r, in) })
}

func (c *Console) acceptInvite(ctx context.Context, r *http.Request, in ceremonyIn) (string, error) {
	row, _, err := c.openInvite(ctx, in.Token)
	if err != nil || row.PendingAdminID == "" {
		return "", orElse(err, errInviteInvalid)
	}
	now := c.o.Now().UTC()
	if ok, err := c.store.acceptInvite(ctx, row.ID, now); err != nil || !ok {
		return "", orElse(err, errInviteInvalid)
	}
	if err := c.completeNewAdmin(ctx, r, in, row.PendingAdminID, errInviteInvalid); err != nil {
		return "", err
	}
	admin := &Admin{ID: row.PendingAdminID, OrgID: row.OrgID, Email: row.Email, Role: roleAdmin, CreatedAt: now}
	if err := c.store.createAdmin(ctx, admin); err != nil {
		return "", err
	}
	ctx = events.WithActor(ctx, events.Actor{Name: admin.Email})
	if err := c.orgEvent(ctx, row.OrgID, events.ConsoleInviteAccepted, "Invitation of "+admin.Email+" accepted."); err != nil {
		return "", err
	}
	return admin.ID, c.orgEvent(ctx, row.OrgID, events.ConsoleAdminAdded, "Admin "+admin.Email+" added.")
}
