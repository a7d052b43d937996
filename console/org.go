package console

import (
	"net/http"
	"strconv"
	"strings"

	"passwordless/events"
	"passwordless/orgs"
)

// The organization's page: its admins and pending invitations, renaming,
// removing an admin, deleting the organization, and its event log. The
// rules and the events of every change are orgs.Service's.

func (c *Console) adminRoutes(m *routeMux) {
	m.HandleFunc("POST /console/signin/email", c.signinEmail)
	m.HandleFunc("GET /console/signin/link", c.linkPage)
	m.HandleFunc("POST /console/signin/link", c.linkSignin)
	m.HandleFunc("POST /console/diagnostics", c.reportFailure)
	m.HandleFunc("GET /console/org", c.authed(c.orgPage))
	m.HandleFunc("GET /console/org/events", c.authed(c.orgEventsPage))
	m.HandleFunc("GET /console/org/plan", c.authed(c.planPage))
	m.HandleFunc("POST /console/org/rename", c.authed(c.owner(c.renameOrg)))
	m.HandleFunc("POST /console/org/settings", c.authed(c.owner(c.orgSettings)))
	m.HandleFunc("POST /console/org/delete", c.authed(c.owner(c.deleteOrg)))
	m.HandleFunc("POST /console/org/admins/{admin}/delete", c.authed(c.owner(c.removeAdmin)))
	m.HandleFunc("POST /console/org/invites", c.authed(c.owner(c.sendInvite)))
	m.HandleFunc("POST /console/org/invites/{invite}/revoke", c.authed(c.owner(c.revokeInvite)))
	m.HandleFunc("GET /console/invite", c.invitePage)
	m.HandleFunc("POST /console/invite/begin", c.pre(c.inviteBegin))
	m.HandleFunc("POST /console/invite/complete", c.pre(c.inviteComplete))
}

// owner runs h only for an owner of the organization.
func (c *Console) owner(h handler) handler {
	return func(w http.ResponseWriter, r *http.Request, s *signedIn) error {
		if s.admin.Role != orgs.RoleOwner {
			return errOwnersOnly
		}
		return h(w, r, s)
	}
}

type orgData struct {
	Admins  []orgs.Admin
	Invites []orgs.Invite
	Apps    int
	Owner   bool
	Self    string
	Name    string
	// PasskeyOnly: the organization's admins cannot sign in by magic link.
	PasskeyOnly bool
}

func (c *Console) orgPage(w http.ResponseWriter, r *http.Request, s *signedIn) error {
	c.showOrg(w, r, s, http.StatusOK, "")
	return nil
}

func (c *Console) showOrg(w http.ResponseWriter, r *http.Request, s *signedIn, status int, errText string) {
	ctx := r.Context()
	d := orgData{Owner: s.admin.Role == orgs.RoleOwner, Self: s.admin.ID, Name: s.org.Name,
		PasskeyOnly: s.org.PasskeyOnly}
	var err error
	if d.Admins, err = c.o.Orgs.Admins(ctx, s.org.ID); err == nil {
		d.Invites, err = c.o.Orgs.PendingInvites(ctx, s.org.ID)
	}
	var apps []string
	if err == nil {
		apps, err = c.o.Orgs.Apps(ctx, s.org.ID)
	}
	if err != nil {
		c.fail(w, r, err)
		return
	}
	d.Apps = len(apps)
	c.render(w, r, status, "org", c.withSession(s, view{Title: "Organization", Error: errText, Data: d}))
}

// orgFailed shows the organization's page with err's sentence.
func (c *Console) orgFailed(w http.ResponseWriter, r *http.Request, s *signedIn, err error) {
	status, text := c.sentence(r, err)
	c.showOrg(w, r, s, status, text)
}

func (c *Console) renameOrg(w http.ResponseWriter, r *http.Request, s *signedIn) error {
	if err := c.o.Orgs.Rename(r.Context(), s.org, r.PostFormValue("name")); err != nil {
		c.orgFailed(w, r, s, err)
		return nil
	}
	http.Redirect(w, r, "/console/org", http.StatusSeeOther)
	return nil
}

// orgSettings saves the organization's sign-in setting: the box ticked
// turns admin magic links off.
func (c *Console) orgSettings(w http.ResponseWriter, r *http.Request, s *signedIn) error {
	if err := c.o.Orgs.SetPasskeyOnly(r.Context(), s.org, r.PostFormValue("passkeyOnly") == "on"); err != nil {
		return err
	}
	return done(w, r, "/console/org", "saved")
}

// removeAdmin removes an admin of the organization (never its last admin,
// nor its last owner) with their console passkeys and sessions.
func (c *Console) removeAdmin(w http.ResponseWriter, r *http.Request, s *signedIn) error {
	ctx := r.Context()
	target, err := c.o.Orgs.OrgAdmin(ctx, s.org.ID, r.PathValue("admin"))
	if err != nil || target == nil {
		if err != nil {
			c.fail(w, r, err)
		} else {
			c.notFound(w, r)
		}
		return nil
	}
	self := target.ID == s.admin.ID
	losses := []string{target.Email + " (" + string(target.Role) + ") loses access to the organization and its applications"}
	if self {
		losses = append(losses, "that is you: you will be signed out")
	}
	if !c.confirmed(w, r, s, confirmData{Title: "Remove " + target.Email + "?", Back: "/console/org", Button: "Remove",
		Question: "Remove the admin " + target.Email + " from " + s.org.Name + "?", Losses: losses}) {
		return nil
	}
	if err := c.o.Orgs.RemoveAdmin(ctx, s.org.ID, target); err != nil {
		c.orgFailed(w, r, s, err)
		return nil
	}
	if self {
		return done(w, r, "/console/signin", "signed-out")
	}
	return done(w, r, "/console/org", "admin-removed")
}

// deleteOrg deletes the organization, its admins (and their console
// passkeys), sessions and invitations: only when it owns no application,
// and after the confirm step, which lists what goes with it.
func (c *Console) deleteOrg(w http.ResponseWriter, r *http.Request, s *signedIn) error {
	if r.PostFormValue("confirm") != "yes" {
		losses, err := c.orgLosses(r, s)
		if err != nil {
			return err
		}
		c.confirmed(w, r, s, confirmData{Title: "Delete " + s.org.Name + "?", Back: "/console/org",
			Button: "Delete the organization", Question: "Delete the organization " + s.org.Name + "?", Losses: losses})
		return nil
	}
	if err := c.o.Orgs.Delete(r.Context(), s.org); err != nil {
		c.orgFailed(w, r, s, err)
		return nil
	}
	c.setCookie(w, sessionCookie, "", -1)
	c.message(w, r, http.StatusOK, "Organization deleted",
		"The organization "+s.org.Name+" and its admins are deleted.")
	return nil
}

// orgLosses is what deleting the organization of s loses.
func (c *Console) orgLosses(r *http.Request, s *signedIn) ([]string, error) {
	ctx := r.Context()
	admins, err := c.o.Orgs.Admins(ctx, s.org.ID)
	if err != nil {
		return nil, err
	}
	invites, err := c.o.Orgs.PendingInvites(ctx, s.org.ID)
	if err != nil {
		return nil, err
	}
	emails := make([]string, 0, len(admins))
	for _, a := range admins {
		emails = append(emails, a.Email)
	}
	return []string{
		"the organization " + s.org.Name,
		plural(len(admins), "admin", "admins") + " (" + strings.Join(emails, ", ") +
			") and their console passkeys: they can no longer sign in",
		plural(len(invites), "pending invitation", "pending invitations") + ": their links stop working",
		"every session of its admins: you are signed out",
	}, nil
}

type orgEventsData struct {
	Events     []events.Event
	Prev, Next int
}

// orgEventsPage is the organization's event log, newest first: only the
// events about this organization.
func (c *Console) orgEventsPage(w http.ResponseWriter, r *http.Request, s *signedIn) error {
	page, err := strconv.Atoi(r.URL.Query().Get("page"))
	if err != nil || page < 1 {
		page = 1
	}
	p, err := c.o.EventLog.Find(r.Context(), c.appID, events.Filter{Subject: orgs.Subject(s.org.ID)}, page, eventsPerPage)
	if err != nil {
		return err
	}
	d := orgEventsData{Events: p.Events, Prev: page - 1}
	if int64(page*eventsPerPage) < p.Total {
		d.Next = page + 1
	}
	c.render(w, r, http.StatusOK, "orgevents", c.withSession(s, view{Title: "Events of " + s.org.Name, Data: d}))
	return nil
}
