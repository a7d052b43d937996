package console

import (
	"bytes"
	"errors"
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
	"date":    date,
	"userURL": userURL,
	"shown":   shown,
	// A refused form's message next to its field (fielderrors.go).
	"fieldError":   fieldError,
	"fieldInvalid": fieldInvalid,
	"int64":        func(n int) int64 { return int64(n) },
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
	// Path is the page's path (the navigation marks it).
	Path string
	// Notice is the result of the action that led here ("Saved.").
	Notice string
	// Fields are a refused form's messages by field name (fielderrors.go).
	Fields map[string]string
	Data   any
}

// render writes page with status. A template error is a bug: it is
// logged and answered with a plain 500.
func (c *Console) render(w http.ResponseWriter, r *http.Request, status int, page string, v view) {
	v.Path = r.URL.Path
	if v.Notice == "" && r.Method == http.MethodGet {
		v.Notice = resultOf(r)
	}
	if f := fieldErrorsOf(r.Context()); f != nil && v.Fields == nil && v.Error != "" {
		v.Fields = f.m
	}
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

func (c *Console) notFound(w http.ResponseWriter, r *http.Request) { c.fail(w, r, errNotFound) }

// pageError is a refusal of the console's own (no service said it): its
// status, the page's title and its sentence.
type pageError struct {
	status      int
	title, text string
}

func (e *pageError) Error() string { return e.title }

var (
	errNotFound    = &pageError{http.StatusNotFound, "Not found", "There is no such page, or it is not yours to see."}
	errOwnersOnly  = &pageError{http.StatusForbidden, "Owners only", "Only an owner of the organization can do this. Ask one of its owners."}
	errFormExpired = &pageError{http.StatusForbidden, "Form expired",
		"This form is out of date or did not come from the console. Go back, reload the page and try again."}
	errTooLarge = &pageError{http.StatusRequestEntityTooLarge, "Too much text",
		"What you sent is larger than the console accepts. Shorten it and try again."}
)

// formError is the refusal of a form that could not be read: too large,
// or malformed.
func formError(err error) error {
	var tooBig *http.MaxBytesError
	if errors.As(err, &tooBig) {
		return errTooLarge
	}
	return &pageError{http.StatusBadRequest, "Unreadable form", "The form could not be read. Reload the page and try again."}
}

// statusTitles name the page of a refusal by its status.
var statusTitles = map[int]string{
	http.StatusNotFound:              "Not found",
	http.StatusForbidden:             "Not allowed",
	http.StatusConflict:              "Conflict",
	http.StatusRequestEntityTooLarge: "Too much text",
	http.StatusTooManyRequests:       "Too many requests",
}

// sentence turns an error into what a page may say, with its real status:
// the console's own refusal, a problem's own words (a validation message,
// or its title), or a generic sentence for a server failure, whose text is
// logged and never shown.
func (c *Console) sentence(r *http.Request, err error) (int, string) {
	var pe *pageError
	if errors.As(err, &pe) {
		return pe.status, pe.text
	}
	var tooBig *http.MaxBytesError
	if errors.As(err, &tooBig) {
		return errTooLarge.status, errTooLarge.text
	}
	p := problems.From(err)
	status := p.StatusCode()
	if status < 500 {
		keepFieldErrors(r.Context(), err)
		return status, humanTitle(p)
	}
	c.o.Logger.ErrorContext(r.Context(), "console: request failed", "path", r.URL.Path, "err", err)
	if status == http.StatusServiceUnavailable {
		return status, "The service is unavailable for a moment. Please try again."
	}
	return http.StatusInternalServerError, "Something went wrong on our side. Please try again."
}

// consoleWords puts the API's member names of a validation message in the
// console's words (the forms' labels).
var consoleWords = strings.NewReplacer(
	"'AppId'", "The application id",
	"The TimeToLive", "The time to live",
	"The field TimeToLive", "The time to live",
	"The UserVerificationRequirement", "User verification",
	"Please select at least one scope.", "Tick at least one scope for the key.",
	"The url ", "The URL ",
	"The field Hints must be a string or array type with a maximum length of '3'.", "Tick at most three hints.",
)

func humanTitle(p *problems.Error) string { return consoleWords.Replace(problemText(p)) }

func problemText(p *problems.Error) string {
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

// fail shows err as a page with its real status: the console's one error
// flow (handlers return their error; authed calls fail).
func (c *Console) fail(w http.ResponseWriter, r *http.Request, err error) {
	status, text := c.sentence(r, err)
	title := "Something went wrong"
	var pe *pageError
	if errors.As(err, &pe) {
		title = pe.title
	} else if t, ok := statusTitles[status]; ok {
		title = t
	} else if status < 500 {
		title = "Not done"
	}
	c.message(w, r, status, title, text)
}

// date shows t in UTC inside a <time> element; console.js rewrites it in
// the viewer's time zone and keeps the UTC time as its title (hover).
// Without script the UTC time stays.
func date(t time.Time) template.HTML {
	utc := t.UTC()
	return template.HTML(`<time datetime="` + utc.Format(time.RFC3339) + `">` + utc.Format("2006-01-02 15:04 UTC") + `</time>`)
}
