package api

import (
	"context"
	"errors"
	"net/http"
	"runtime"
	"time"

	"github.com/gin-gonic/gin"

	"passwordless/problems"
)

// healthHTTP handles GET /health/http: the server is up and routing.
func (s *server) healthHTTP(c *gin.Context) error {
	c.String(http.StatusOK, "Healthy")
	return nil
}

type healthEntry struct {
	Status              string         `json:"status"`
	ElapsedMilliseconds int64          `json:"elapsedMilliseconds"`
	Data                map[string]any `json:"data"`
}

type healthReport struct {
	Status              string                 `json:"status"`
	ElapsedMilliseconds int64                  `json:"elapsedMilliseconds"`
	Results             map[string]healthEntry `json:"results"`
}

// healthStorage handles GET /health/storage, the readiness probe: 200
// when every dependency (the database, and Redis when configured) answers
// within two seconds, else a 503 service_unavailable problem naming the
// one that did not. A server that is shutting down answers 503 too, so
// load balancers stop sending it requests while it drains.
func (s *server) healthStorage(c *gin.Context) error {
	if s.deps.Draining != nil && s.deps.Draining() {
		return problems.Unavailable(errors.New("shutting down")).WithDetail("The server is shutting down.")
	}
	if s.deps.PingStorage == nil {
		return problems.Unavailable(errors.New("no storage configured"))
	}
	start := time.Now()
	ctx, cancel := context.WithTimeout(c.Request.Context(), 2*time.Second)
	defer cancel()
	report := healthReport{Status: "Healthy", Results: map[string]healthEntry{}}
	for _, dep := range []struct {
		name, detail string
		ping         func(context.Context) error
	}{{"db", "The database did not answer.", s.deps.PingStorage}, {"redis", "Redis did not answer.", s.deps.PingRedis}} {
		if dep.ping == nil {
			continue
		}
		t := time.Now()
		err := dep.ping(ctx)
		s.deps.Metrics.DependencyUp(dep.name, err == nil)
		if err != nil {
			return problems.Unavailable(err).WithDetail("%s", dep.detail)
		}
		report.Results[dep.name] = healthEntry{Status: "Healthy", ElapsedMilliseconds: time.Since(t).Milliseconds(), Data: map[string]any{}}
	}
	report.ElapsedMilliseconds = time.Since(start).Milliseconds()
	c.JSON(http.StatusOK, report)
	return nil
}

// healthVersion handles GET /health/version.
func (s *server) healthVersion(c *gin.Context) error {
	c.JSON(http.StatusOK, healthReport{Status: "Healthy", Results: map[string]healthEntry{
		"version": {Status: "Healthy", Data: map[string]any{"version": s.deps.Version, "go-runtime-version": runtime.Version()}},
	}})
	return nil
}

// throwAPI handles GET /health/throw/api, so clients can test their
// handling of a domain error.
func (s *server) throwAPI(*gin.Context) error { return problems.New(problems.TestError) }

// throwException handles GET /health/throw/exception: an internal error.
func (s *server) throwException(*gin.Context) error {
	return problems.Internal(errors.New("test exception from /health/throw/exception"))
}

// errorsPage handles GET /errors: the catalogue as HTML, where problem
// `type` URIs point.
func (s *server) errorsPage(c *gin.Context) error {
	c.Header("Content-Security-Policy", "default-src 'self'; style-src 'unsafe-inline';")
	c.Data(http.StatusOK, "text/html; charset=utf-8", problems.HTML())
	return nil
}

// errorsJSON handles GET /errors.json: the catalogue as data.
func (s *server) errorsJSON(c *gin.Context) error {
	c.Data(http.StatusOK, "application/json; charset=utf-8", problems.JSON())
	return nil
}
