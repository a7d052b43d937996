package api

import (
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/gin-gonic/gin"

	"passwordless/problems"
)

type eventJSON struct {
	PerformedAt time.Time `json:"performedAt"`
	Message     string    `json:"message"`
	PerformedBy string    `json:"performedBy"`
	TenantID    string    `json:"tenantId"`
	EventType   string    `json:"eventType"`
	Severity    string    `json:"severity"`
	Subject     string    `json:"subject"`
	APIKeyID    string    `json:"apiKeyId"`
}

type eventPage struct {
	TenantID        string      `json:"tenantId"`
	TotalEventCount int64       `json:"totalEventCount"`
	Events          []eventJSON `json:"events"`
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
	out := eventPage{TenantID: app.ID, TotalEventCount: p.Total, Events: make([]eventJSON, len(p.Events))}
	for i, e := range p.Events {
		out.Events[i] = eventJSON{PerformedAt: e.PerformedAt, Message: e.Message, PerformedBy: e.PerformedBy,
			TenantID: e.Tenant, EventType: e.Type.String(), Severity: e.Severity.String(), Subject: e.Subject, APIKeyID: e.APIKeyID}
	}
	c.JSON(http.StatusOK, out)
	return nil
}

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
