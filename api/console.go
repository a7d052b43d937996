package api

import (
	"net/http"

	"github.com/gin-gonic/gin"
)

// protectConsoleApp asks the tenants service's protection rule
// (tenants.Service.CheckChangeable: the console's own application) before
// a management change is decoded, so every change route refuses it alike
// whatever its body; the service applies the same rule to every change,
// from the CLI and the console too. Reads pass.
func (s *server) protectConsoleApp() gin.HandlerFunc {
	return func(c *gin.Context) {
		if c.Request.Method != http.MethodGet {
			if err := s.deps.Tenants.CheckChangeable(c.Request.Context(), c.Param("appId")); err != nil {
				s.fail(c, err)
				return
			}
		}
		c.Next()
	}
}
