// Package metrics owns the server's Prometheus metrics: HTTP requests by
// route and status, ceremony outcomes by errorCode, database and Redis
// latency, plus the Go runtime and process. Each Metrics has its own
// registry, so servers built side by side in tests never share counters.
//
// Every method is safe on a nil *Metrics and does nothing, so code paths
// (and tests) that run without metrics need no checks.
package metrics

import (
	"net/http"
	"strconv"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"
)

const namespace = "passwordless"

// Metrics holds the collectors and the registry that exposes them.
type Metrics struct {
	registry   *prometheus.Registry
	requests   *prometheus.CounterVec
	duration   *prometheus.HistogramVec
	ceremonies *prometheus.CounterVec
	db         *prometheus.HistogramVec
	redis      *prometheus.HistogramVec
	// clientFailures counts failures reported by browsers and apps.
	clientFailures *prometheus.CounterVec
	// passkeyCeremonies counts ceremonies by segment (segments.go).
	passkeyCeremonies *prometheus.CounterVec
	degraded          degraded
}

// latencyBuckets span a cached lookup (sub-millisecond) to a slow backing
// service (seconds); the defaults start too high for SQLite and Redis.
var latencyBuckets = []float64{.0005, .001, .0025, .005, .01, .025, .05, .1, .25, .5, 1, 2.5, 5}

// New returns metrics registered on a fresh registry.
func New() *Metrics {
	m := &Metrics{
		registry: prometheus.NewRegistry(),
		requests: prometheus.NewCounterVec(prometheus.CounterOpts{
			Namespace: namespace, Name: "http_requests_total",
			Help: "HTTP requests by method, route pattern (never the raw path) and status.",
		}, []string{"method", "route", "status"}),
		duration: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Namespace: namespace, Name: "http_request_duration_seconds",
			Help: "HTTP request latency by method and route pattern.", Buckets: latencyBuckets,
		}, []string{"method", "route"}),
		ceremonies: prometheus.NewCounterVec(prometheus.CounterOpts{
			Namespace: namespace, Name: "ceremonies_total",
			Help: "Passkey, token and magic-link steps by outcome: ok, or the errorCode of the failure.",
		}, []string{"ceremony", "outcome"}),
		db: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Namespace: namespace, Name: "db_query_duration_seconds",
			Help: "Database statement latency by operation (create, query, update, delete, row, raw).", Buckets: latencyBuckets,
		}, []string{"operation"}),
		redis: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Namespace: namespace, Name: "redis_command_duration_seconds",
			Help: "Redis command latency by command (pipelines count as one).", Buckets: latencyBuckets,
		}, []string{"command"}),
		clientFailures: prometheus.NewCounterVec(prometheus.CounterOpts{
			Namespace: namespace, Name: "client_failures_total",
			Help: "Passkey failures reported by clients (POST /diagnostics/failures) by ceremony, platform and severity.",
		}, []string{"ceremony", "platform", "severity"}),
		passkeyCeremonies: newPasskeyCeremonies(),
	}
	m.registry.MustRegister(m.requests, m.duration, m.ceremonies, m.db, m.redis, m.clientFailures, m.passkeyCeremonies,
		collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))
	m.degraded = newDegraded(m.registry)
	return m
}

// Handler serves the metrics in the Prometheus text (or OpenMetrics)
// exposition format.
func (m *Metrics) Handler() http.Handler {
	if m == nil {
		return http.NotFoundHandler()
	}
	return promhttp.HandlerFor(m.registry, promhttp.HandlerOpts{Registry: m.registry, EnableOpenMetrics: true})
}

// Registry is where other packages may register collectors of their own.
func (m *Metrics) Registry() prometheus.Registerer {
	if m == nil {
		return prometheus.NewRegistry() // accepted and never exposed
	}
	return m.registry
}

// ObserveRequest counts one HTTP request. route must be the route pattern
// (bounded cardinality), "unmatched" for requests no route took.
func (m *Metrics) ObserveRequest(method, route string, status int, d time.Duration) {
	if m == nil {
		return
	}
	m.requests.WithLabelValues(method, route, strconv.Itoa(status)).Inc()
	m.duration.WithLabelValues(method, route).Observe(d.Seconds())
}

// ObserveCeremony counts one ceremony step; outcome is "ok" or the
// errorCode it failed with, so a tenant-independent view of why passkeys
// fail is one query away.
func (m *Metrics) ObserveCeremony(ceremony, outcome string) {
	if m == nil {
		return
	}
	m.ceremonies.WithLabelValues(ceremony, outcome).Inc()
}

// ObserveDB records the latency of one database statement.
func (m *Metrics) ObserveDB(operation string, d time.Duration) {
	if m == nil {
		return
	}
	m.db.WithLabelValues(operation).Observe(d.Seconds())
}

// ObserveRedis records the latency of one Redis command.
func (m *Metrics) ObserveRedis(command string, d time.Duration) {
	if m == nil {
		return
	}
	m.redis.WithLabelValues(command).Observe(d.Seconds())
}

// ObserveClientFailure counts one classified client-side failure. The
// labels are closed sets (2 ceremonies × 5 platforms × 6 severities).
func (m *Metrics) ObserveClientFailure(ceremony, platform, severity string) {
	if m == nil {
		return
	}
	m.clientFailures.WithLabelValues(ceremony, platform, severity).Inc()
}
