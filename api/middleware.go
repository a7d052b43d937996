package api

import (
	"log/slog"
	"net/http"
	"strings"

	"github.com/gin-gonic/gin"

	"passwordless/internal/randtoken"
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
// its log lines and the Trace-Id response header: the OpenTelemetry trace
// id of its span when tracing is on, else a random one of the same form.
func (s *server) traceID(c *gin.Context) {
	id := spanTraceID(c)
	if id == "" {
		id = randtoken.Hex(16)
	}
	c.Set(ctxTraceID, id)
	c.Header("Trace-Id", id)
	// Services log with the request context; tracelog adds the id there.
	c.Request = c.Request.WithContext(tracelog.WithTraceID(c.Request.Context(), id))
	c.Next()
	annotateSpan(c)
}

func traceIDOf(c *gin.Context) string { return c.GetString(ctxTraceID) }

// logger is the server logger bound to the request's trace id.
func (s *server) logger(c *gin.Context) *slog.Logger {
	return s.log.With("traceId", traceIDOf(c))
}

// hstsMaxAge is a year, the value browsers' preload lists ask for; no
// includeSubDomains, since other hosts under PUBLIC_URL's domain are not
// ours to move to https.
const hstsMaxAge = "max-age=31536000"

// securityHeaders are upstream's (spec §1.4), plus Strict-Transport-Security
// when PUBLIC_URL is https: the server is then only meant to be reached
// over TLS (usually behind a proxy that ends it), and a browser that once
// saw it must never be downgraded to plain http, where the console's
// cookies and the API keys would travel in clear.
func (s *server) securityHeaders(c *gin.Context) {
	h := c.Writer.Header()
	h.Set("Content-Security-Policy", "default-src 'self';")
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("Referrer-Policy", "no-referrer")
	if len(s.publicURL) >= len("https://") && strings.EqualFold(s.publicURL[:len("https://")], "https://") {
		h.Set("Strict-Transport-Security", hstsMaxAge)
	}
	c.Next()
}

// retryAfterUnavailable is the Retry-After, in seconds, of a 503 that
// does not set its own: outages here are measured in seconds (a failed
// database ping is retried every 500 ms, a Redis reconnect within one).
const retryAfterUnavailable = "1"

// retryAfterOn503 makes every 503 carry Retry-After, whoever writes it: a
// problem from a service, a cut request, readiness while draining, or a
// console page. Clients and load balancers retry a 503 with it after the
// pause instead of at once or never.
func (s *server) retryAfterOn503(c *gin.Context) {
	c.Writer = retryAfterWriter{c.Writer}
	c.Next()
}

type retryAfterWriter struct{ gin.ResponseWriter }

func (w retryAfterWriter) WriteHeader(code int) {
	if code == http.StatusServiceUnavailable && !w.Written() && w.Header().Get("Retry-After") == "" {
		w.Header().Set("Retry-After", retryAfterUnavailable)
	}
	w.ResponseWriter.WriteHeader(code)
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
