package api

import (
	"sync"

	"github.com/gin-gonic/gin"

	"passwordless"
	"passwordless/apidocs"
)

// docs is built once per process: it hashes the 1.7 MB Swagger UI bundle,
// which every router of a test run would otherwise redo.
var docs = sync.OnceValue(func() *apidocs.Docs { return apidocs.New(passwordless.OpenAPI) })

// openAPI handles GET /openapi.yaml.
func (s *server) openAPI(c *gin.Context) error {
	docs().Spec(c.Writer, c.Request)
	return nil
}

// docsPage handles GET /docs, the interactive reference page.
func (s *server) docsPage(c *gin.Context) error {
	docs().Page(c.Writer, c.Request)
	return nil
}

// docsAsset handles GET /docs/:asset, the page's script and style files.
func (s *server) docsAsset(c *gin.Context) error {
	if !docs().Asset(c.Writer, c.Request, c.Param("asset")) {
		return errNotFound
	}
	return nil
}
