package console

import (
	"io/fs"
	"net/http"

	"passwordless/events"
)

// maxForm caps a form or JSON body.
const maxForm = 64 << 10

// routes registers every page. GETs never change anything; every POST
// carries a CSRF token (a form field, or the X-CSRF-Token header of the
// ceremony calls).
func (c *Console) routes() {
	m := &routeMux{ServeMux: http.NewServeMux()}
	assets, _ := fs.Sub(files, "assets")
	m.Handle("GET /console/assets/", http.StripPrefix("/console/assets/", http.FileServerFS(assets)))
	m.HandleFunc("GET /console", c.home)
	m.HandleFunc("GET /console/{$}", c.home)

	m.HandleFunc("GET /console/setup", c.setupPage)
	m.HandleFunc("POST /console/setup/begin", c.pre(c.setupBegin))
	m.HandleFunc("POST /console/setup/complete", c.pre(c.setupComplete))
	m.HandleFunc("GET /console/signin", c.signinPage)
	m.HandleFunc("POST /console/signin/begin", c.pre(c.signinBegin))
	m.HandleFunc("POST /console/signin/complete", c.pre(c.signinComplete))

	m.HandleFunc("POST /console/signout", c.authed(c.signout))
	m.HandleFunc("GET /console/profile", c.authed(c.profilePage))
	m.HandleFunc("POST /console/profile/passkeys/begin", c.sessionCall(c.addPasskeyBegin))
	m.HandleFunc("POST /console/profile/passkeys/complete", c.sessionCall(c.addPasskeyComplete))
	m.HandleFunc("POST /console/profile/passkeys/{credential}/delete", c.authed(c.deletePasskey))
	m.HandleFunc("GET /console/apps", c.authed(c.appsPage))
	m.HandleFunc("POST /console/apps", c.authed(c.createApp))
	m.HandleFunc("GET /console/apps/{app}", c.authed(c.owned(c.appPage)))
	m.HandleFunc("POST /console/apps/{app}/keys", c.authed(c.owned(c.createKey)))
	m.HandleFunc("POST /console/apps/{app}/keys/{key}/delete", c.authed(c.owned(c.deleteKey)))
	m.HandleFunc("POST /console/apps/{app}/keys/{key}/lock", c.authed(c.owned(c.lockKey)))
	m.HandleFunc("POST /console/apps/{app}/keys/{key}/unlock", c.authed(c.owned(c.unlockKey)))
	m.HandleFunc("GET /console/apps/{app}/users", c.authed(c.owned(c.usersPage)))
	m.HandleFunc("GET /console/apps/{app}/users/{user}", c.authed(c.owned(c.userPage)))
	m.HandleFunc("POST /console/apps/{app}/users/{user}/delete", c.authed(c.owned(c.deleteUser)))
	m.HandleFunc("POST /console/apps/{app}/users/{user}/credentials/{credential}/delete", c.authed(c.owned(c.deleteUserCredential)))
	m.HandleFunc("GET /console/apps/{app}/events", c.authed(c.owned(c.eventsPage)))
	c.appRoutes(m)
	c.adminRoutes(m)
	c.signupRoutes(m)
	m.HandleFunc("/console/", c.notFound)
	c.mux, c.patterns = m.ServeMux, m.patterns
}

// routeMux is the console's ServeMux that keeps the patterns it was given,
// so that a test walks every route (routes_test.go: a route added without
// its sign-in, CSRF and other-organization checks fails it).
type routeMux struct {
	*http.ServeMux
	patterns []string
}

// HandleFunc registers h for pattern and remembers the pattern.
func (m *routeMux) HandleFunc(pattern string, h func(http.ResponseWriter, *http.Request)) {
	m.Handle(pattern, http.HandlerFunc(h))
}

// Handle registers h for pattern and remembers the pattern.
func (m *routeMux) Handle(pattern string, h http.Handler) {
	m.patterns = append(m.patterns, pattern)
	m.ServeMux.Handle(pattern, h)
}

// handler is a page handler of a signed-in admin. An error it returns is
// shown by fail, the console's one error flow, with its real status.
type handler func(w http.ResponseWriter, r *http.Request, s *signedIn) error

// authed sends a browser without a session to the sign-in page, refuses a
// POST without the session's CSRF token, and runs h with the admin as the
// actor of every service call (so the event logs name them).
func (c *Console) authed(h handler) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		s, err := c.current(r)
		if err != nil {
			c.fail(w, r, err)
			return
		}
		if s == nil {
			http.Redirect(w, r, "/console/signin", http.StatusSeeOther)
			return
		}
		if r.Method == http.MethodPost {
			r.Body = http.MaxBytesReader(w, r.Body, maxForm)
			if err := r.ParseForm(); err != nil {
				c.fail(w, r, formError(err))
				return
			}
			if !c.csrfValid("session", s.token, r.PostFormValue("csrf")) {
				c.fail(w, r, errFormExpired)
				return
			}
		}
		ctx := withFieldErrors(events.WithActor(r.Context(), events.Actor{Name: s.admin.Email}))
		r = r.WithContext(ctx)
		if err := h(w, r, s); err != nil {
			c.fail(w, r, err)
		}
	}
}

// owned runs h only when the {app} of the path belongs to the admin's
// organization; any other application, existing or not, is not found.
func (c *Console) owned(h handler) handler {
	return func(w http.ResponseWriter, r *http.Request, s *signedIn) error {
		ok, err := c.o.Orgs.OwnsApp(r.Context(), s.org.ID, r.PathValue("app"))
		if err != nil {
			return err
		}
		if !ok {
			return errNotFound
		}
		return h(w, r, s)
	}
}

// home sends the browser to its applications, or to sign in.
func (c *Console) home(w http.ResponseWriter, r *http.Request) {
	s, err := c.current(r)
	if err != nil {
		c.fail(w, r, err)
		return
	}
	to := "/console/signin"
	if s != nil {
		to = "/console/apps"
	}
	http.Redirect(w, r, to, http.StatusSeeOther)
}

func (c *Console) signout(w http.ResponseWriter, r *http.Request, _ *signedIn) error {
	if err := c.endSession(r.Context(), w, r); err != nil {
		return err
	}
	return done(w, r, "/console/signin", "signed-out")
}
