package api

import (
	"log/slog"
	"sort"
	"sync"
	"time"

	"github.com/gin-gonic/gin"
)

// Access log modes (ACCESS_LOG).
const (
	// AccessLogSummary, the default, writes every failed request (status
	// 400 or more) as its own line and sums the successes per method, route
	// and status into one "requests" line per interval, so a busy instance
	// writes a few lines a minute instead of one per request.
	AccessLogSummary = "summary"
	// AccessLogAll writes one line per request.
	AccessLogAll = "all"
)

// DefaultAccessLogInterval is how often success summaries are written.
const DefaultAccessLogInterval = time.Minute

// accessLog writes the access log. It names the route pattern, never the
// path or query string, so user ids and tokens stay out of logs. A request
// gets its own line when it failed, when ACCESS_LOG=all, or when the logger
// is at debug level; other successes are summed (see AccessLogSummary).
func (s *server) accessLog(c *gin.Context) {
	start, clientCtx := time.Now(), c.Request.Context()
	c.Next()
	route := c.FullPath()
	if route == "" {
		route = "unmatched"
	}
	status, took := statusOf(c, clientCtx), time.Since(start)
	ctx := c.Request.Context()
	if !s.log.Enabled(ctx, slog.LevelInfo) {
		return
	}
	if status < 400 && s.summary != nil && !s.log.Enabled(ctx, slog.LevelDebug) {
		s.summary.add(s.log, s.deps.Now(), summaryKey{c.Request.Method, route, status}, took)
		return
	}
	attrs := []any{"method", c.Request.Method, "route", route, "status", status,
		"durationMs", float64(took.Microseconds()) / 1000, "clientIp", c.ClientIP()}
	if code := c.GetString(ctxErrorCode); code != "" {
		attrs = append(attrs, "errorCode", code)
	}
	if p := principalOf(c); p != nil {
		attrs = append(attrs, "tenant", p.App.ID)
	}
	s.logger(c).Info("request", attrs...)
}

type summaryKey struct {
	method, route string
	status        int
}

type summaryCount struct {
	count      int64
	total, max time.Duration
}

// accessSummary sums successful requests over an interval. The first
// request after the interval ends writes the sums, so an idle instance
// writes nothing and no goroutine is needed.
type accessSummary struct {
	interval time.Duration
	mu       sync.Mutex
	since    time.Time
	counts   map[summaryKey]*summaryCount
}

func newAccessSummary(interval time.Duration) *accessSummary {
	if interval <= 0 {
		interval = DefaultAccessLogInterval
	}
	return &accessSummary{interval: interval, counts: map[summaryKey]*summaryCount{}}
}

func (a *accessSummary) add(log *slog.Logger, now time.Time, k summaryKey, took time.Duration) {
	a.mu.Lock()
	if a.since.IsZero() {
		a.since = now
	}
	n := a.counts[k]
	if n == nil {
		n = &summaryCount{}
		a.counts[k] = n
	}
	n.count++
	n.total += took
	n.max = max(n.max, took)
	var done map[summaryKey]*summaryCount
	since := a.since
	if now.Sub(a.since) >= a.interval {
		done, a.counts, a.since = a.counts, map[summaryKey]*summaryCount{}, now
	}
	a.mu.Unlock()
	if done != nil {
		writeSummary(log, done, now.Sub(since))
	}
}

// writeSummary logs one "requests" line per method, route and status, in a
// stable order, without the trace id of the request that wrote it.
func writeSummary(log *slog.Logger, counts map[summaryKey]*summaryCount, over time.Duration) {
	keys := make([]summaryKey, 0, len(counts))
	for k := range counts {
		keys = append(keys, k)
	}
	sort.Slice(keys, func(i, j int) bool {
		if keys[i].route != keys[j].route {
			return keys[i].route < keys[j].route
		}
		if keys[i].method != keys[j].method {
			return keys[i].method < keys[j].method
		}
		return keys[i].status < keys[j].status
	})
	for _, k := range keys {
		n := counts[k]
		log.Info("requests", "method", k.method, "route", k.route, "status", k.status,
			"count", n.count, "overSeconds", int64(over.Seconds()),
			"meanMs", float64((n.total/time.Duration(n.count)).Microseconds())/1000,
			"maxMs", float64(n.max.Microseconds())/1000)
	}
}
