package api

import (
	"net/http"

	"github.com/gin-gonic/gin"

	"passwordless/problems"
)

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
