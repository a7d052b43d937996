package console

import (
	"context"
	"net/http"
	"strconv"
	"strings"
	"unicode/utf8"

	"passwordless/events"
	"passwordless/problems"
)

// The organization's page: its admins and pending invitations, renaming,
// removing an admin, deleting the organization, and its event log. Every
// change records an event in the organization's log: the console's own
// application's event log with "org:<id>" as the subject (orgEvent), in the
// change's transaction, naming the admin who acted.

// Roles of an admin: an owner manages the organization's admins and the
// organization itself; every admin manages its applications.
const (
	roleOwner = "owner"
	roleAdmin = "admin"
)

func (c *Console) adminRoutes(m *routeMux) {
	m.HandleFunc("POST /console/signin/email", c.signinEmail)
	m.HandleFunc("GET /console/signin/link", c.linkPage)
	m.HandleFunc("POST /console/signin/link", c.linkSignin)
	m.HandleFunc("POST /console/diagnostics", c.reportFailure)
	m.HandleFunc("GET /console/org", c.authed(c.orgPage))
	m.HandleFunc("GET /console/org/events", c.authed(c.orgEventsPage))
	m.HandleFunc("POST /console/org/rename", c.authed(c.owner(c.renameOrg)))
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
	return func(w http.ResponseWriter, r *http.Request, s *signedIn) {
		if s.admin.Role != roleOwner {
			c.message(w, r, http.StatusForbidden, "Owners only",
				"Only an owner of the organization can do this. Ask one of its owners.")
			return
		}
		h(w, r, s)
	}
}

// orgEvent records an event of organization orgID; it joins the
// transaction ctx carries.
func (c *Console) orgEvent(ctx context.Context, orgID string, typ events.Type, msg string) error {
	return c.o.EventLog.Record(ctx, events.About(c.appID, orgSubject(orgID), typ, msg))
}

func orgSubject(orgID string) string { return "org:" + orgID }

type orgData struct {
	Admins  []Admin
	Invites []inviteRow
	Apps    int
	Owner   bool
	Self    string
	Name    string
}

func (c *Console) orgPage(w http.ResponseWriter, r *http.Request, s *signedIn) {
	c.showOrg(w, r, s, http.StatusOK, "")
}

func (c *Console) showOrg(w http.ResponseWriter, r *http.Request, s *signedIn, status int, errText string) {
	ctx := r.Context()
	d := orgData{Owner: s.admin.Role == roleOwner, Self: s.admin.ID, Name: s.org.Name}
	var err error
	if d.Admins, err = c.store.admins(ctx, s.org.ID); err == nil {
		d.Invites, err = c.store.pendingInvites(ctx, s.org.ID, c.o.Now().UTC())
	}
	var apps []string
	if err == nil {
		apps, err = c.store.orgApps(ctx, s.org.ID)
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

func (c *Console) renameOrg(w http.ResponseWriter, r *http.Request, s *signedIn) {
	name := strings.TrimSpace(r.PostFormValue("name"))
	if name == "" || utf8.RuneCountInString(name) > 100 {
		c.orgFailed(w, r, s, problems.Validation("name", "Name the organization (at most 100 characters)."))
		return
	}
	err := c.store.inTx(r.Context(), func(ctx context.Context) error {
		if err := c.store.renameOrg(ctx, s.org.ID, name); err != nil {
			return err
		}
		return c.orgEvent(ctx, s.org.ID, events.ConsoleOrgRenamed, "Organization renamed from "+s.org.Name+" to "+name+".")
	})
	if err != nil {
		c.orgFailed(w, r, s, err)
		return
	}
	http.Redirect(w, r, "/console/org", http.StatusSeeOther)
}

var (
	errLastAdmin = problems.Titled(problems.InvalidArgument,
		"This is the organization's last admin (or last owner): invite another one before removing them.")
	errHasApps = problems.Titled(problems.InvalidArgument,
		"The organization still has applications. Delete them first.")
)

// removeAdmin removes an admin of the organization (never its last admin,
// nor its last owner) with their console passkeys and sessions.
func (c *Console) removeAdmin(w http.ResponseWriter, r *http.Request, s *signedIn) {
	ctx := r.Context()
	target, err := c.store.orgAdmin(ctx, s.org.ID, r.PathValue("admin"))
	if err != nil || target == nil {
		if err != nil {
			c.fail(w, r, err)
		} else {
			c.notFound(w, r)
		}
		return
	}
	err = c.store.inTx(ctx, func(ctx context.Context) error {
		if err := c.keepsAnAdmin(ctx, s.org.ID, target); err != nil {
			return err
		}
		if err := c.store.deleteAdmin(ctx, s.org.ID, target.ID); err != nil {
			return err
		}
		if err := c.o.Passkeys.DeleteUser(ctx, c.appID, target.ID); err != nil {
			return err
		}
		return c.orgEvent(ctx, s.org.ID, events.ConsoleAdminRemoved, "Admin "+target.Email+" removed.")
	})
	if err != nil {
		c.orgFailed(w, r, s, err)
		return
	}
	to := "/console/org"
	if target.ID == s.admin.ID {
		to = "/console/signin"
	}
	http.Redirect(w, r, to, http.StatusSeeOther)
}

// keepsAnAdmin refuses to remove target when the organization would be
// left without an admin, or without an owner.
func (c *Console) keepsAnAdmin(ctx context.Context, orgID string, target *Admin) error {
	n, err := c.store.countAdmins(ctx, orgID, "")
	if err == nil && n <= 1 {
		return errLastAdmin
	}
	if err == nil && target.Role == roleOwner {
		n, err = c.store.countAdmins(ctx, orgID, roleOwner)
		if err == nil && n <= 1 {
			return errLastAdmin
		}
	}
	return err
}

// deleteOrg deletes the organization, its admins (and their console
// passkeys), sessions and invitations: only with the box ticked and only
// when it owns no application.
func (c *Console) deleteOrg(w http.ResponseWriter, r *http.Request, s *signedIn) {
	if r.PostFormValue("confirm") != "yes" {
		c.orgFailed(w, r, s, errConfirm)
		return
	}
	err := c.store.inTx(r.Context(), func(ctx context.Context) error {
		apps, err := c.store.orgApps(ctx, s.org.ID)
		if err != nil || len(apps) > 0 {
			return orElse(err, errHasApps)
		}
		admins, err := c.store.admins(ctx, s.org.ID)
		if err != nil {
			return err
		}
		for _, a := range admins {
			if err := c.o.Passkeys.DeleteUser(ctx, c.appID, a.ID); err != nil {
				return err
			}
		}
		if err := c.orgEvent(ctx, s.org.ID, events.ConsoleOrgDeleted, "Organization "+s.org.Name+" deleted."); err != nil {
			return err
		}
		return c.store.deleteOrg(ctx, s.org.ID)
	})
	if err != nil {
		c.orgFailed(w, r, s, err)
		return
	}
	c.setCookie(w, sessionCookie, "", -1)
	c.message(w, r, http.StatusOK, "Organization deleted",
		"The organization "+s.org.Name+" and its admins are deleted.")
}

type orgEventsData struct {
	Events     []events.Event
	Prev, Next int
}

// orgEventsPage is the organization's event log, newest first: only the
// events about this organization.
func (c *Console) orgEventsPage(w http.ResponseWriter, r *http.Request, s *signedIn) {
	page, err := strconv.Atoi(r.URL.Query().Get("page"))
	if err != nil || page < 1 {
		page = 1
	}
	p, err := c.o.EventLog.Find(r.Context(), c.appID, events.Filter{Subject: orgSubject(s.org.ID)}, page, eventsPerPage)
	if err != nil {
		c.fail(w, r, err)
		return
	}
	d := orgEventsData{Events: p.Events, Prev: page - 1}
	if int64(page*eventsPerPage) < p.Total {
		d.Next = page + 1
	}
	c.render(w, r, http.StatusOK, "orgevents", c.withSession(s, view{Title: "Events of " + s.org.Name, Data: d}))
}
