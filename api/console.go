package api

import (
	"net/http"

	"github.com/gin-gonic/gin"
)

// consoleRoutes mounts the admin console (its own net/http handler, HTML
// pages rather than API answers) under /console, and sends / there.
func (s *server) consoleRoutes() {
	if s.deps.Console == nil {
		return
	}
	h := gin.WrapH(s.deps.Console)
	s.engine.GET("/", func(c *gin.Context) { c.Redirect(http.StatusFound, "/console") })
	s.engine.Any("/console", h)
	s.engine.Any("/console/*path", h)
}
