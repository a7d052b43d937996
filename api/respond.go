package api

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"strings"

	"github.com/gin-gonic/gin"

	"passwordless/problems"
)

var errNotFound = problems.New(problems.NotFound)

// handle adapts an error-returning handler: a returned error becomes the
// response in fail, the one place that writes problems.
func (s *server) handle(h func(*gin.Context) error) gin.HandlerFunc {
	return func(c *gin.Context) {
		if err := h(c); err != nil {
			s.fail(c, err)
		}
	}
}

// fail writes err as a problem document. Internal causes are logged with
// the trace id and never sent; a response already started is left alone.
func (s *server) fail(c *gin.Context, err error) {
	c.Abort()
	p := problems.From(err)
	if p.Code == problems.InternalError && timedOut(c) {
		// The request's own deadline ran out while a backing service was
		// slow: that is an outage to retry, not a bug.
		p = problems.Unavailable(err).WithDetail("The request did not complete in time.")
		p.Header = http.Header{"Retry-After": {"1"}}
	}
	log := s.logger(c)
	if p.StatusCode() >= 500 {
		if errors.Is(err, context.Canceled) && c.Request.Context().Err() != nil && !cutByOutage(c) {
			log.Info("request cancelled by client", "path", c.FullPath())
			return
		}
		log.Error("request failed", "errorCode", p.Code, "cause", errText(p))
	}
	if c.Writer.Written() {
		log.Warn("error after response started", "errorCode", p.Code)
		return
	}
	c.Set(ctxErrorCode, string(p.Code))
	problems.Write(c.Writer, s.publicURL, traceIDOf(c), p)
}

func errText(p *problems.Error) string {
	if p.Err != nil {
		return p.Err.Error()
	}
	return p.Error()
}

// methodNotAllowed answers 405 with the Allow header listing the methods
// the path does accept.
func (s *server) methodNotAllowed(c *gin.Context) error {
	var allowed []string
	for _, r := range s.engine.Routes() {
		if r.Method != c.Request.Method && pathMatches(r.Path, c.Request.URL.Path) {
			allowed = append(allowed, r.Method)
		}
	}
	p := problems.New(problems.MethodNotAllowed)
	p.Header = http.Header{"Allow": {strings.Join(allowed, ", ")}}
	return p
}

// pathMatches compares a gin route pattern with a concrete path.
func pathMatches(pattern, path string) bool {
	ps, xs := strings.Split(pattern, "/"), strings.Split(path, "/")
	if len(ps) != len(xs) {
		return false
	}
	for i := range ps {
		if !strings.HasPrefix(ps[i], ":") && ps[i] != xs[i] {
			return false
		}
	}
	return true
}

// recoverPanics turns a panic into a 500 internal_error problem.
func (s *server) recoverPanics(c *gin.Context) {
	defer func() {
		if r := recover(); r != nil {
			if r == http.ErrAbortHandler {
				panic(r)
			}
			s.fail(c, problems.Internal(fmt.Errorf("panic: %v", r)))
		}
	}()
	c.Next()
}

// noContent answers 204 when err is nil, else returns err for fail.
func (s *server) noContent(c *gin.Context, err error) error {
	if err != nil {
		return err
	}
	c.Status(http.StatusNoContent)
	return nil
}
