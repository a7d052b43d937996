package api

import (
	"context"
	"errors"
	"strings"
	"time"

	"github.com/gin-gonic/gin"
)

// DefaultRequestTimeout is the deadline of a request when Deps does not
// set one (REQUEST_TIMEOUT).
const DefaultRequestTimeout = 10 * time.Second

// statusClientClosed is what the access log and metrics record for a
// request whose client went away before it was answered (nginx's 499), so
// an abandoned request is never counted as a 200.
const statusClientClosed = 499

// deadline bounds the request: every query and Redis call runs with the
// request context, so a stalled backing service cannot hold a request
// longer than the deadline. pprof is left alone (a CPU profile runs for
// as long as it was asked to), and so is the event export, whose every
// page gets the deadline instead (a stream lasts as long as its reader).
func (s *server) deadline(c *gin.Context) {
	timeout := s.deps.RequestTimeout
	if timeout <= 0 || strings.HasPrefix(c.Request.URL.Path, "/debug/pprof") || c.FullPath() == exportPath {
		c.Next()
		return
	}
	var outage context.Context
	if s.deps.Outage != nil {
		outage = s.deps.Outage()
		if outage.Err() != nil {
			timeout = min(timeout, OutageTimeout)
		}
	}
	ctx, cancel := context.WithCancelCause(c.Request.Context())
	defer cancel(nil)
	ctx, cancelTimeout := context.WithTimeout(ctx, timeout)
	defer cancelTimeout()
	if outage != nil && outage.Err() == nil {
		// An outage that starts while the request waits cuts it.
		stop := context.AfterFunc(outage, func() { cancel(ErrDatabaseOutage) })
		defer stop()
	}
	c.Request = c.Request.WithContext(ctx)
	c.Next()
}

// exportPath is the route of the event export.
const exportPath = "/events/export"

// OutageTimeout is the deadline of a request that starts while the
// database is known not to answer.
const OutageTimeout = time.Second

// ErrDatabaseOutage is the cause of a request cut because the database
// stopped answering.
var ErrDatabaseOutage = errors.New("the database is not answering")

// cutByOutage reports whether the request was cut by a database outage
// (rather than abandoned by its client).
func cutByOutage(c *gin.Context) bool {
	return errors.Is(context.Cause(c.Request.Context()), ErrDatabaseOutage)
}

// statusOf is the status to log for a request whose context, as the
// server handed it over, was clientCtx: 499 when the client left before a
// successful answer was written.
func statusOf(c *gin.Context, clientCtx context.Context) int {
	status := c.Writer.Status()
	if errors.Is(clientCtx.Err(), context.Canceled) && (!c.Writer.Written() || status >= 500) {
		return statusClientClosed
	}
	return status
}

// timedOut reports whether the request's own deadline has passed or a
// database outage cut it.
func timedOut(c *gin.Context) bool {
	return errors.Is(c.Request.Context().Err(), context.DeadlineExceeded) || cutByOutage(c)
}

// closeWhenDraining asks the client to close its connection after this
// response once the server is shutting down, so that keep-alive
// connections end cleanly after an answer instead of being cut while a
// request may be on its way.
func (s *server) closeWhenDraining(c *gin.Context) {
	if s.deps.Draining != nil && s.deps.Draining() {
		c.Header("Connection", "close")
	}
	c.Next()
}
