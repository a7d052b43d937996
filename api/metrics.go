package api

import (
	"net/http/pprof"
	"strings"
	"time"

	"github.com/gin-gonic/gin"
)

// ceremonyRoutes are the steps whose outcomes passwordless_ceremonies_total
// counts by errorCode: registration, sign-in and magic links.
var ceremonyRoutes = map[string]bool{
	"/register/token": true, "/register/begin": true, "/register/complete": true,
	"/signin/begin": true, "/signin/complete": true, "/signin/verify": true,
	"/signin/generate-token": true, "/magic-links/send": true,
}

// observe feeds the request metrics. It labels by route pattern, never
// the raw path, so user ids and tokens cannot blow up the series count.
func (s *server) observe(c *gin.Context) {
	if s.deps.Metrics == nil {
		c.Next()
		return
	}
	start, clientCtx := time.Now(), c.Request.Context()
	c.Next()
	route := c.FullPath()
	if route == "" {
		route = "unmatched"
	}
	s.deps.Metrics.ObserveRequest(c.Request.Method, route, statusOf(c, clientCtx), time.Since(start))
	if ceremonyRoutes[route] {
		outcome := c.GetString(ctxErrorCode)
		if outcome == "" {
			outcome = "ok"
		}
		s.deps.Metrics.ObserveCeremony(strings.TrimPrefix(route, "/"), outcome)
	}
}

// metricsRoutes registers /metrics and, only when asked for, the pprof
// handlers. pprof exposes internals (and can stall the process with a
// long profile), so it also needs the management key.
func (s *server) metricsRoutes() {
	if s.deps.Metrics != nil {
		s.engine.GET("/metrics", gin.WrapH(s.deps.Metrics.Handler()))
	}
	if !s.deps.Pprof {
		return
	}
	g := s.engine.Group("/debug/pprof", s.requireManagement())
	g.GET("/", gin.WrapF(pprof.Index))
	g.GET("/cmdline", gin.WrapF(pprof.Cmdline))
	g.GET("/profile", gin.WrapF(pprof.Profile))
	g.GET("/symbol", gin.WrapF(pprof.Symbol))
	g.GET("/trace", gin.WrapF(pprof.Trace))
	g.GET("/:profile", gin.WrapF(pprof.Index)) // heap, goroutine, allocs, block, mutex, threadcreate
}
