package console

import (
	"bytes"
	"html/template"
	"io/fs"
	"net/http"
	"slices"
	"strings"
	"time"

	"passwordless/orgs"
	"passwordless/problems"
)

// pages are the parsed templates, one per page, each with the layout.
type pages struct{ t map[string]*template.Template }

var funcs = template.FuncMap{
	"date":    func(t time.Time) string { return t.UTC().Format("2006-01-02 15:04 UTC") },
	"userURL": userURL,
	"shown":   shown,
}

func loadPages() (*pages, error) {
	names, err := fs.Glob(files, "templates/*.html")
	if err != nil {
		return nil, err
	}
	p := &pages{t: map[string]*template.Template{}}
	for _, n := range names {
		if strings.HasSuffix(n, "/layout.html") || strings.HasSuffix(n, "/partials.html") {
			continue
		}
		t, err := template.New("").Funcs(funcs).ParseFS(files, "templates/layout.html", "templates/partials.html", n)
		if err != nil {
			return nil, err
		}
		p.t[strings.TrimSuffix(strings.TrimPrefix(n, "templates/"), ".html")] = t
	}
	return p, nil
}

// view is what every page gets: the signed-in admin (nil before sign-in),
// the CSRF token of its forms, a human error sentence and the page's data.
type view struct {
	Title string
	Admin *orgs.Admin
	Org   *orgs.Org
	CSRF  string
	Error string
	Data  any
}

// render writes page with status. A template error is a bug: it is
// logged and answered with a plain 500.
func (c *Console) render(w http.ResponseWriter, r *http.Request, status int, page string, v view) {
	var buf bytes.Buffer
	if err := c.pages.t[page].ExecuteTemplate(&buf, "layout", v); err != nil {
		c.o.Logger.ErrorContext(r.Context(), "console: render", "page", page, "err", err)
		http.Error(w, "The page could not be shown.", http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.WriteHeader(status)
	_, _ = w.Write(buf.Bytes())
}

// withSession fills the view's admin and CSRF token from s.
func (c *Console) withSession(s *signedIn, v view) view {
	v.Admin, v.Org, v.CSRF = s.admin, s.org, c.csrf("session", s.token)
	return v
}

// message shows a page that is only a sentence (not found, link expired).
func (c *Console) message(w http.ResponseWriter, r *http.Request, status int, title, text string) {
	c.render(w, r, status, "message", view{Title: title, Data: text})
}

func (c *Console) notFound(w http.ResponseWriter, r *http.Request) {
	c.message(w, r, http.StatusNotFound, "Not found", "There is no such page, or it is not yours to see.")
}

// sentence turns an error into what a page may say: a problem's own words
// (a validation message, or its title), or a generic sentence for a server
// failure, whose text is logged and never shown.
func (c *Console) sentence(r *http.Request, err error) (int, string) {
	p := problems.From(err)
	status := p.StatusCode()
	if status < 500 {
		return http.StatusBadRequest, humanTitle(p)
	}
	c.o.Logger.ErrorContext(r.Context(), "console: request failed", "path", r.URL.Path, "err", err)
	if status == http.StatusServiceUnavailable {
		return status, "The service is unavailable for a moment. Please try again."
	}
	return http.StatusInternalServerError, "Something went wrong on our side. Please try again."
}

func humanTitle(p *problems.Error) string {
	keys := make([]string, 0, len(p.Errors))
	for k := range p.Errors {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	for _, k := range keys {
		if len(p.Errors[k]) > 0 {
			return p.Errors[k][0]
		}
	}
	if p.Title != "" {
		return p.Title
	}
	entry, _ := problems.Lookup(p.Code)
	return entry.Title
}

// fail shows err as a page.
func (c *Console) fail(w http.ResponseWriter, r *http.Request, err error) {
	status, text := c.sentence(r, err)
	c.message(w, r, status, "Something went wrong", text)
}
