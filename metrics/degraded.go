package metrics

import "github.com/prometheus/client_golang/prometheus"

// degraded are the collectors of running without a dependency: requests
// let through because a counter store was unreachable, the state of each
// dependency, and rejected API keys (counted exactly, while the event log
// gets at most one aggregated event per application and key kind a minute).
type degraded struct {
	failOpen     *prometheus.CounterVec
	dependencyUp *prometheus.GaugeVec
	rejectedKeys *prometheus.CounterVec
}

func newDegraded(r *prometheus.Registry) degraded {
	d := degraded{
		failOpen: prometheus.NewCounterVec(prometheus.CounterOpts{
			Namespace: namespace, Name: "fail_open_total",
			Help: "Requests let through unchecked because a Redis-backed limiter or cache was unavailable, by component.",
		}, []string{"component"}),
		dependencyUp: prometheus.NewGaugeVec(prometheus.GaugeOpts{
			Namespace: namespace, Name: "dependency_up",
			Help: "1 when the dependency answered its last check, 0 when it did not.",
		}, []string{"dependency"}),
		rejectedKeys: prometheus.NewCounterVec(prometheus.CounterOpts{
			Namespace: namespace, Name: "rejected_api_keys_total",
			Help: "Requests with an API key that did not authenticate, by key kind and reason (invalid, locked).",
		}, []string{"kind", "reason"}),
	}
	r.MustRegister(d.failOpen, d.dependencyUp, d.rejectedKeys)
	return d
}

// FailOpen counts a request let through because component's store was
// unavailable.
func (m *Metrics) FailOpen(component string) {
	if m == nil {
		return
	}
	m.degraded.failOpen.WithLabelValues(component).Inc()
}

// DependencyUp records whether dependency answered its last check.
func (m *Metrics) DependencyUp(dependency string, up bool) {
	if m == nil {
		return
	}
	v := 0.0
	if up {
		v = 1
	}
	m.degraded.dependencyUp.WithLabelValues(dependency).Set(v)
}

// RejectedKey counts one request whose API key of kind did not
// authenticate for reason.
func (m *Metrics) RejectedKey(kind, reason string) {
	if m == nil {
		return
	}
	m.degraded.rejectedKeys.WithLabelValues(kind, reason).Inc()
}
