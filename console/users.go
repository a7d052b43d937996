package console

import (
	"context"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"passwordless/passkeys"
	"passwordless/tenants"
)

// usersPerPage is the length of a page of the users list (a variable so
// that a test can page through a few users).
var usersPerPage = 50

type usersData struct {
	App      *tenants.App
	AppID    string
	Query    string
	Users    []passkeys.User
	Count    int64
	MaxUsers *int64
	// After is this page's cursor; Next the next page's ("" on the last).
	After, Next string
}

// usersPage lists an application's users in user id order, 50 a page
// (keyset paging: ?after= the last userId shown), optionally only those
// whose userId or plaintext alias contains q (case-insensitive).
func (c *Console) usersPage(w http.ResponseWriter, r *http.Request, s *signedIn) error {
	id := r.PathValue("app")
	app := c.loadApp(w, r)
	if app == nil {
		return nil
	}
	var err error
	d := usersData{App: app, AppID: id, Query: strings.TrimSpace(r.URL.Query().Get("q")), MaxUsers: app.Features.MaxUsers,
		After: r.URL.Query().Get("after")}
	d.Count, err = c.o.Passkeys.CountUsers(r.Context(), id)
	if err == nil {
		d.Users, d.Next, err = c.findUsers(r.Context(), id, strings.ToLower(d.Query), d.After)
	}
	if err != nil {
		return err
	}
	c.render(w, r, http.StatusOK, "users", c.withSession(s, view{Title: "Users of " + id, Data: d}))
	return nil
}

// findUsers reads the users after the cursor, a thousand at a time, until
// a page of matches is full or the list ends; next is the cursor of the
// following page ("" when there is none).
func (c *Console) findUsers(ctx context.Context, tenant, q, after string) (found []passkeys.User, next string, err error) {
	for {
		batch, err := c.o.Passkeys.Users(ctx, tenant, after, passkeys.MaxListedUsers)
		if err != nil {
			return nil, "", err
		}
		for _, u := range batch {
			if !matches(u, q) {
				continue
			}
			if len(found) == usersPerPage {
				return found, found[len(found)-1].UserID, nil
			}
			found = append(found, u)
		}
		if len(batch) < passkeys.MaxListedUsers {
			return found, "", nil
		}
		after = batch[len(batch)-1].UserID
	}
}

func matches(u passkeys.User, q string) bool {
	if q == "" || strings.Contains(strings.ToLower(u.UserID), q) {
		return true
	}
	aliases, _ := u.Aliases.Plaintexts() // the database wrote it: a bad array matches nothing
	for _, a := range aliases {
		if a != nil && strings.Contains(strings.ToLower(*a), q) {
			return true
		}
	}
	return false
}

type userData struct {
	AppID, UserID string
	Passkeys      []passkeyView
	// Aliases are the plaintext aliases; Hashed counts those stored only
	// as a hash (set with hashing on: nobody can read them back).
	Aliases []string
	Hashed  int
	// Timeline is the user's latest ceremonies and changes, newest first.
	Timeline timelineData
}

func (c *Console) userCredentials(r *http.Request) ([]passkeyView, error) {
	return c.passkeysOf(r.Context(), r.PathValue("app"), r.PathValue("user"))
}

// userPage shows one user's aliases, passkeys and timeline (what support
// reads when a user cannot sign in).
func (c *Console) userPage(w http.ResponseWriter, r *http.Request, s *signedIn) error {
	d := userData{AppID: r.PathValue("app"), UserID: r.PathValue("user")}
	creds, err := c.userCredentials(r)
	var aliases []passkeys.Alias
	if err == nil {
		aliases, err = c.o.Passkeys.Aliases(r.Context(), d.AppID, d.UserID)
	}
	if err != nil {
		return err
	}
	if len(creds) == 0 && len(aliases) == 0 {
		return errNotFound // a user is its passkeys and aliases: none, no user
	}
	if d.Timeline, err = c.timelineOf(r.Context(), d.AppID, d.UserID); err != nil {
		return err
	}
	d.Passkeys = creds
	for _, a := range aliases {
		if a.Plaintext != nil {
			d.Aliases = append(d.Aliases, *a.Plaintext)
		} else {
			d.Hashed++
		}
	}
	c.render(w, r, http.StatusOK, "user", c.withSession(s, view{Title: "User " + d.UserID, Data: d}))
	return nil
}

// deleteUserCredential deletes one passkey of the user of the path, after
// the confirm step.
func (c *Console) deleteUserCredential(w http.ResponseWriter, r *http.Request, s *signedIn) error {
	creds, err := c.userCredentials(r)
	if err != nil {
		return err
	}
	id, app, user := r.PathValue("credential"), r.PathValue("app"), r.PathValue("user")
	if !hasPasskey(creds, id) {
		return errNotFound
	}
	if !c.confirmed(w, r, s, confirmData{Title: "Delete this passkey?", Back: userURL(app, user),
		Question: "Delete a passkey of the user " + user + "?",
		Losses: []string{"this passkey: the user can no longer sign in with it",
			passkeysLeft(len(creds) - 1)}}) {
		return nil
	}
	if _, err := c.o.Passkeys.DeleteCredential(r.Context(), app, id); err != nil {
		return err
	}
	to := userURL(app, user)
	if len(creds) == 1 {
		// A user is their passkeys and aliases: without either, the user
		// is gone and their page would be not found.
		aliases, err := c.o.Passkeys.Aliases(r.Context(), app, user)
		if err != nil {
			return err
		}
		if len(aliases) == 0 {
			to = "/console/apps/" + app + "/users"
		}
	}
	return done(w, r, to, "passkey-deleted")
}

// passkeysLeft says how many passkeys remain after a deletion.
func passkeysLeft(n int) string {
	switch n {
	case 0:
		return "it is their last passkey: none will be left to sign in with"
	case 1:
		return "1 passkey will be left"
	}
	return strconv.Itoa(n) + " passkeys will be left"
}

// deleteUser deletes the user's passkeys and aliases, after the confirm
// step that counts them.
func (c *Console) deleteUser(w http.ResponseWriter, r *http.Request, s *signedIn) error {
	app, user := r.PathValue("app"), r.PathValue("user")
	creds, err := c.userCredentials(r)
	if err != nil {
		return err
	}
	aliases, err := c.o.Passkeys.Aliases(r.Context(), app, user)
	if err != nil {
		return err
	}
	if len(creds) == 0 && len(aliases) == 0 {
		return errNotFound
	}
	if !c.confirmed(w, r, s, confirmData{Title: "Delete the user " + user + "?", Back: userURL(app, user),
		Question: "Delete the user " + user + " of " + app + "?",
		Losses: []string{plural(len(creds), "passkey", "passkeys") + " (the user can no longer sign in with them)",
			plural(len(aliases), "alias", "aliases")}}) {
		return nil
	}
	if err := c.o.Passkeys.DeleteUser(r.Context(), app, user); err != nil {
		return err
	}
	return done(w, r, "/console/apps/"+app+"/users", "user-deleted")
}

func plural(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return strconv.Itoa(n) + " " + many
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
