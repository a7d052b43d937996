package console

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"passwordless/passkeys"
)

// usersPerPage is the length of a page of the users list.
const usersPerPage = 50

type usersData struct {
	AppID      string
	Query      string
	Users      []passkeys.User
	Total      int
	MaxUsers   *int64
	Page       int
	Prev, Next int
}

// usersPage lists an application's users, searched by userId or plaintext
// alias (case-insensitive substring), 50 a page.
func (c *Console) usersPage(w http.ResponseWriter, r *http.Request, s *signedIn) {
	id := r.PathValue("app")
	app, err := c.o.Tenants.App(r.Context(), id)
	var all []passkeys.User
	if err == nil && app != nil {
		all, err = c.o.Passkeys.Users(r.Context(), id)
	}
	if err != nil || app == nil {
		c.fail(w, r, orElse(err, errGone))
		return
	}
	q := strings.TrimSpace(r.URL.Query().Get("q"))
	found := matching(all, strings.ToLower(q))
	page, err := strconv.Atoi(r.URL.Query().Get("page"))
	if err != nil || page < 1 {
		page = 1
	}
	d := usersData{AppID: id, Query: q, Total: len(all), MaxUsers: app.Features.MaxUsers, Page: page, Prev: page - 1}
	if from := (page - 1) * usersPerPage; from < len(found) {
		d.Users = found[from:min(from+usersPerPage, len(found))]
	}
	if page*usersPerPage < len(found) {
		d.Next = page + 1
	}
	c.render(w, r, http.StatusOK, "users", c.withSession(s, view{Title: "Users of " + id, Data: d}))
}

func matching(users []passkeys.User, q string) []passkeys.User {
	if q == "" {
		return users
	}
	var out []passkeys.User
	for _, u := range users {
		hit := strings.Contains(strings.ToLower(u.UserID), q)
		for _, a := range u.Aliases {
			hit = hit || (a != nil && strings.Contains(strings.ToLower(*a), q))
		}
		if hit {
			out = append(out, u)
		}
	}
	return out
}

type userData struct {
	AppID, UserID string
	Passkeys      []passkeyView
}

func (c *Console) userCredentials(r *http.Request) ([]passkeyView, error) {
	return c.passkeysOf(r.Context(), r.PathValue("app"), r.PathValue("user"))
}

// userPage shows one user's passkeys.
func (c *Console) userPage(w http.ResponseWriter, r *http.Request, s *signedIn) {
	creds, err := c.userCredentials(r)
	if err != nil {
		c.fail(w, r, err)
		return
	}
	user := r.PathValue("user")
	c.render(w, r, http.StatusOK, "user", c.withSession(s, view{Title: "User " + user,
		Data: userData{AppID: r.PathValue("app"), UserID: user, Passkeys: creds}}))
}

// deleteUserCredential deletes one passkey of the user of the path.
func (c *Console) deleteUserCredential(w http.ResponseWriter, r *http.Request, _ *signedIn) {
	creds, err := c.userCredentials(r)
	if err != nil {
		c.fail(w, r, err)
		return
	}
	id := r.PathValue("credential")
	if !hasPasskey(creds, id) {
		c.notFound(w, r)
		return
	}
	if _, err := c.o.Passkeys.DeleteCredential(r.Context(), r.PathValue("app"), id); err != nil {
		c.fail(w, r, err)
		return
	}
	http.Redirect(w, r, userURL(r.PathValue("app"), r.PathValue("user")), http.StatusSeeOther)
}

// deleteUser deletes the user's passkeys and aliases.
func (c *Console) deleteUser(w http.ResponseWriter, r *http.Request, _ *signedIn) {
	app := r.PathValue("app")
	if err := c.o.Passkeys.DeleteUser(r.Context(), app, r.PathValue("user")); err != nil {
		c.fail(w, r, err)
		return
	}
	http.Redirect(w, r, "/console/apps/"+app+"/users", http.StatusSeeOther)
}

func hasPasskey(list []passkeyView, id string) bool {
	for _, p := range list {
		if p.IDString == id {
			return true
		}
	}
	return false
}

func userURL(app, user string) string {
	return "/console/apps/" + app + "/users/" + url.PathEscape(user)
}
