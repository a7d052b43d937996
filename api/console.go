package api

import (
	"net/http"

	"github.com/gin-gonic/gin"

	"passwordless/console"
)

// consoleRoutes mounts the admin console (its own net/http handler, HTML
// pages rather than API answers) under /console, and sends / there.
func (s *server) consoleRoutes() {
	if s.deps.Console == nil {
		return
	}
	// The console learns the client address as the router worked it out
	// (trusted proxies), for its per-address limit of ceremony calls.
	h := func(c *gin.Context) {
		s.deps.Console.ServeHTTP(c.Writer, c.Request.WithContext(console.WithClientIP(c.Request.Context(), c.ClientIP())))
	}
	s.engine.GET("/", func(c *gin.Context) { c.Redirect(http.StatusFound, "/console") })
	s.engine.Any("/console", h)
	s.engine.Any("/console/*path", h)
}
