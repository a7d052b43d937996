package console

import (
	"context"
	"net/http"

	"passwordless/orgs"
	"passwordless/problems"
)

// Invitations (orgs.Service owns their rules): an owner invites an admin
// by e-mail from the organization's page; the invitee opens the mailed
// link, registers a passkey and is signed in as a new admin.

func (c *Console) sendInvite(w http.ResponseWriter, r *http.Request, s *signedIn) error {
	if err := c.o.Orgs.SendInvite(r.Context(), s.org, s.admin, r.PostFormValue("email")); err != nil {
		c.orgFailed(w, r, s, err)
		return nil
	}
	http.Redirect(w, r, "/console/org", http.StatusSeeOther)
	return nil
}

func (c *Console) revokeInvite(w http.ResponseWriter, r *http.Request, s *signedIn) error {
	found, err := c.o.Orgs.RevokeInvite(r.Context(), s.org.ID, r.PathValue("invite"))
	switch {
	case err == nil && !found:
		c.notFound(w, r)
	case err != nil && !found:
		c.fail(w, r, err)
	case err != nil:
		c.orgFailed(w, r, s, err)
	default:
		http.Redirect(w, r, "/console/org", http.StatusSeeOther)
	}
	return nil
}

type inviteData struct {
	Token, Email, Org string
}

func (c *Console) invitePage(w http.ResponseWriter, r *http.Request) {
	token := r.URL.Query().Get("token")
	row, org, err := c.o.Orgs.OpenInvite(r.Context(), token)
	if err == orgs.ErrInviteInvalid {
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
	email, adminID, err := c.o.Orgs.BeginInvite(ctx, in.Token)
	if err != nil {
		return nil, err
	}
	return c.beginNewAdmin(ctx, email, adminID)
}

// inviteComplete stores the invitee's passkey, uses up the invitation and
// adds them to the organization, in one transaction, then signs them in.
func (c *Console) inviteComplete(w http.ResponseWriter, r *http.Request) {
	c.finish(w, r, func(ctx context.Context, in ceremonyIn) (string, error) {
		admin, err := c.o.Orgs.AcceptInvite(ctx, in.Token, c.registration(r, in))
		if err != nil {
			return "", err
		}
		return admin.ID, nil
	})
}
