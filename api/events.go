package api

import (
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/gin-gonic/gin"

	"passwordless/events"
	"passwordless/problems"
)

type eventPage struct {
	TenantID        string         `json:"tenantId"`
	TotalEventCount int64          `json:"totalEventCount"`
	Events          []events.Entry `json:"events"`
}

// listEvents handles GET /events?pageNumber=&numberOfResults=. With event
// logging off it answers 403 event_logging_disabled, where upstream's
// scheme-less Forbid() throws a 500.
func (s *server) listEvents(c *gin.Context) error {
	page, err := intQuery(c, "pageNumber", 0, 1, 1<<31-1)
	if err != nil {
		return err
	}
	size, err := intQuery(c, "numberOfResults", 100, 1, 1000)
	if err != nil {
		return err
	}
	app := appOf(c)
	if !app.Features.EventLoggingEnabled {
		return problems.New(problems.EventLoggingDisabled)
	}
	p, err := s.deps.EventLog.List(c.Request.Context(), app.ID, page, size)
	if err != nil {
		return err
	}
	out := eventPage{TenantID: app.ID, TotalEventCount: p.Total, Events: make([]events.Entry, len(p.Events))}
	for i, e := range p.Events {
		out.Events[i] = e.Entry()
	}
	c.JSON(http.StatusOK, out)
	return nil
}

// exportEvents handles GET /events/export?from=&to=: the application's
// events of the days from..to (both included, both optional), oldest
// first, as NDJSON streamed page by page for a SIEM. A bad range or a log
// that is off is a problem before the first line; a failure after it cuts
// the connection, so a reader never takes a truncated export for a whole
// one.
func (s *server) exportEvents(c *gin.Context) error {
	from, _ := query(c, "from")
	to, _ := query(c, "to")
	f, err := events.DayRange(from, to)
	if err != nil {
		return err
	}
	rc := http.NewResponseController(c.Writer)
	pageTimeout := max(s.deps.RequestTimeout, 0) // negative: no deadline
	c.Header("Content-Type", ndjson)
	c.Status(http.StatusOK)
	err = s.deps.EventLog.Export(c.Request.Context(), appOf(c).ID, c.Writer, events.ExportOptions{Filter: f,
		PageTimeout: pageTimeout, Flush: func() error {
			// The server's write timeout is for ordinary answers; each page
			// written earns the stream another one.
			_ = rc.SetWriteDeadline(time.Now().Add(exportWriteTimeout))
			return rc.Flush()
		}})
	if err != nil && c.Writer.Written() {
		s.logger(c).Error("event export failed", "cause", err.Error())
		panic(http.ErrAbortHandler)
	}
	return err
}

// ndjson is the export's media type: one JSON document a line.
const ndjson = "application/x-ndjson"

// exportWriteTimeout is how long one page of an export may take to reach
// its reader.
const exportWriteTimeout = 30 * time.Second

// intQuery reads an integer query parameter in [lo, hi]. An absent one is
// def, which upstream then range-checks too (a missing pageNumber is 0
// and fails).
func intQuery(c *gin.Context, name string, def, lo, hi int) (int, error) {
	field := strings.ToUpper(name[:1]) + name[1:]
	n := def
	if raw, ok := query(c, name); ok {
		v, err := strconv.Atoi(raw)
		if err != nil {
			return 0, problems.Validation(name, "The value '"+raw+"' is not valid for "+field+".")
		}
		n = v
	}
	if n < lo || n > hi {
		return 0, problems.Validation(name, "The field "+field+" must be between "+strconv.Itoa(lo)+" and "+strconv.Itoa(hi)+".")
	}
	return n, nil
}
