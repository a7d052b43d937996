package console

import (
	"net/http"
)

// The organization's plan and usage page: what it may use (applications,
// invitations a day, each application's users and e-mail quota) and what
// it uses, from orgs.Service.Plan. Every admin of the organization sees
// it; it changes nothing.

func (c *Console) planPage(w http.ResponseWriter, r *http.Request, s *signedIn) error {
	p, err := c.o.Orgs.Plan(r.Context(), s.org.ID)
	if err != nil {
		return err
	}
	c.render(w, r, http.StatusOK, "plan", c.withSession(s, view{Title: "Plan and usage", Data: p}))
	return nil
}
