package api

import (
	"crypto/rand"
	"encoding/hex"
	"log/slog"
	"net/http"
	"strings"

	"github.com/gin-gonic/gin"

	"passwordless/tracelog"
)

// Gin context keys.
const (
	ctxTraceID   = "traceId"
	ctxErrorCode = "errorCode"
	ctxPrincipal = "principal"
)

// maxBodyBytes caps request bodies; no legitimate call comes near it.
const maxBodyBytes = 1 << 20

// traceID gives every request an id that appears in its problem documents,
// its log lines and the Trace-Id response header.
func (s *server) traceID(c *gin.Context) {
	b := make([]byte, 16)
	_, _ = rand.Read(b)
	id := hex.EncodeToString(b)
	c.Set(ctxTraceID, id)
	c.Header("Trace-Id", id)
	// Services log with the request context; tracelog adds the id there.
	c.Request = c.Request.WithContext(tracelog.WithTraceID(c.Request.Context(), id))
	c.Next()
}

func traceIDOf(c *gin.Context) string { return c.GetString(ctxTraceID) }

// logger is the server logger bound to the request's trace id.
func (s *server) logger(c *gin.Context) *slog.Logger {
	return s.log.With("traceId", traceIDOf(c))
}

// securityHeaders are upstream's (spec §1.4).
func (s *server) securityHeaders(c *gin.Context) {
	h := c.Writer.Header()
	h.Set("Content-Security-Policy", "default-src 'self';")
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("Referrer-Policy", "no-referrer")
	c.Next()
}

// operatorPaths are the path prefixes of the operator surface: the
// management API, the console, metrics, pprof and health. Browsers of other
// origins have no business there, so they get no CORS headers.
var operatorPaths = []string{"/admin", "/console", "/metrics", "/debug", "/health",
	"/apps/list-pending-deletion", "/mds"}

// AllowsCORS reports whether responses on path carry CORS headers: the
// public and secret API does, the operator surface never.
func AllowsCORS(path string) bool {
	for _, p := range operatorPaths {
		if path == p || strings.HasPrefix(path, p+"/") {
			return false
		}
	}
	return true
}

// cors allows any origin, header and method on every response of the
// public and secret API, errors included: the browser client is always
// cross-origin and reads the body of error responses. Preflights are
// answered here, before routing.
func (s *server) cors(c *gin.Context) {
	if !AllowsCORS(c.Request.URL.Path) {
		c.Next()
		return
	}
	h := c.Writer.Header()
	h.Set("Access-Control-Allow-Origin", "*")
	h.Set("Access-Control-Expose-Headers", "Trace-Id, Retry-After, RateLimit-Limit, RateLimit-Remaining, RateLimit-Reset, WWW-Authenticate")
	if c.Request.Method == http.MethodOptions && c.GetHeader("Access-Control-Request-Method") != "" {
		h.Set("Access-Control-Allow-Methods", "GET, POST, PUT, PATCH, DELETE, OPTIONS")
		if req := c.GetHeader("Access-Control-Request-Headers"); req != "" {
			h.Set("Access-Control-Allow-Headers", req)
		} else {
			h.Set("Access-Control-Allow-Headers", "*")
		}
		h.Set("Access-Control-Max-Age", "86400")
		c.AbortWithStatus(http.StatusNoContent)
		return
	}
	c.Next()
}

// limitBody caps the body so an oversized one fails decoding with 413.
func (s *server) limitBody(c *gin.Context) {
	if c.Request.Body != nil {
		c.Request.Body = http.MaxBytesReader(c.Writer, c.Request.Body, maxBodyBytes)
	}
	c.Next()
}
