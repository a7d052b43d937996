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

// healthStorage handles GET /health/storage: 200 when the database
// answers within two seconds, else a 503 service_unavailable problem.
func (s *server) healthStorage(c *gin.Context) error {
	start := time.Now()
	ctx, cancel := context.WithTimeout(c.Request.Context(), 2*time.Second)
	defer cancel()
	if s.deps.PingStorage == nil {
		return problems.Unavailable(errors.New("no storage configured"))
	}
	if err := s.deps.PingStorage(ctx); err != nil {
		return problems.Unavailable(err).WithDetail("The database did not answer.")
	}
	ms := time.Since(start).Milliseconds()
	c.JSON(http.StatusOK, healthReport{Status: "Healthy", ElapsedMilliseconds: ms,
		Results: map[string]healthEntry{"db": {Status: "Healthy", ElapsedMilliseconds: ms, Data: map[string]any{}}}})
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
