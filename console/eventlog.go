package console

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"passwordless/events"
	"passwordless/problems"
	"passwordless/tenants"
)

// eventsPerPage is the length of an event log page.
const eventsPerPage = 50

type eventsData struct {
	App    *tenants.App
	AppID  string
	Events []events.Event
	Page   int
	// PrevURL and NextURL are the paging links, the filter kept.
	PrevURL, NextURL string
	// The filter form's values, and the query that keeps them across pages.
	Type     int
	From, To string
	User     string
	Filtered bool
	Types    []events.Type
}

var errEventFilter = problems.Validation("from", "Write the dates as yyyy-mm-dd, and choose an event type from the list.")

func (c *Console) eventsPage(w http.ResponseWriter, r *http.Request, s *signedIn) error {
	id := r.PathValue("app")
	app := c.loadApp(w, r)
	if app == nil {
		return nil
	}
	q := r.URL.Query()
	page, err := strconv.Atoi(q.Get("page"))
	if err != nil || page < 1 {
		page = 1
	}
	d := eventsData{App: app, AppID: id, Page: page, From: q.Get("from"), To: q.Get("to"),
		User: strings.TrimSpace(q.Get("user")), Types: events.Types()}
	f, keep, err := d.filter(q.Get("type"))
	var p events.Page
	if err == nil {
		p, err = c.o.EventLog.Find(r.Context(), id, f, page, eventsPerPage)
	}
	status, text := http.StatusOK, ""
	if err != nil {
		status, text = c.sentence(r, err)
	}
	d.Events, d.Filtered = p.Events, len(keep) > 0
	link := func(n int) string {
		keep.Set("page", strconv.Itoa(n))
		return "?" + keep.Encode()
	}
	if page > 1 {
		d.PrevURL = link(page - 1)
	}
	if int64(page*eventsPerPage) < p.Total {
		d.NextURL = link(page + 1)
	}
	c.render(w, r, status, "events", c.withSession(s, view{Title: "Events of " + id, Error: text, Data: d}))
	return nil
}

// filter reads the filter form: a type number, a day range (the to day
// included) and a user id; keep is the query that repeats it.
func (d *eventsData) filter(typ string) (f events.Filter, keep url.Values, err error) {
	f, keep = events.Filter{User: d.User}, url.Values{}
	if typ != "" {
		n, err := strconv.Atoi(typ)
		if err != nil || events.Type(n).String() == "" {
			return f, keep, errEventFilter
		}
		f.Type, d.Type = events.Type(n), n
		keep.Set("type", typ)
	}
	for _, b := range []struct {
		v    string
		name string
		to   *time.Time
		days int
	}{{d.From, "from", &f.From, 0}, {d.To, "to", &f.To, 1}} {
		if b.v == "" {
			continue
		}
		day, err := events.ParseDay(b.name, b.v)
		if err != nil {
			return f, keep, errEventFilter
		}
		*b.to = day.AddDate(0, 0, b.days)
		keep.Set(b.name, b.v)
	}
	if d.User != "" {
		keep.Set("user", d.User)
	}
	return f, keep, nil
}
