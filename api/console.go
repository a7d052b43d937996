package api

import (
	"net/http"

	"github.com/gin-gonic/gin"

	"passwordless/problems"
)

// consoleRoutes mounts the admin console (its own net/http handler, HTML
// pages rather than API answers) under /console, and sends / there.
func (s *server) consoleRoutes() {
	if s.deps.Console == nil {
		return
	}
	h := func(c *gin.Context) { s.deps.Console(c.Writer, c.Request, c.ClientIP()) }
	s.engine.GET("/", func(c *gin.Context) { c.Redirect(http.StatusFound, "/console") })
	s.engine.Any("/console", h)
	s.engine.Any("/console/*path", h)
}

// protectConsoleApp refuses every change the management API would make to
// the console's own application (deleting it, its keys, freezing, its
// features): the console signs its admins in through it. Reads pass.
func (s *server) protectConsoleApp() gin.HandlerFunc {
	return func(c *gin.Context) {
		if s.deps.ConsoleAppID != "" && c.Param("appId") == s.deps.ConsoleAppID && c.Request.Method != http.MethodGet {
			s.fail(c, problems.New(problems.ConsoleAppProtected))
			return
		}
		c.Next()
	}
}
