package metrics

import "github.com/prometheus/client_golang/prometheus"

// newPasskeyCeremonies counts ceremonies by segment (issue 21 §3). Every
// label is a closed set: 4 kinds × 7 platform families × 10 browser
// families × 3 outcomes; the provider, bounded too but long, stays in
// GET /diagnostics/summary.
func newPasskeyCeremonies() *prometheus.CounterVec {
	return prometheus.NewCounterVec(prometheus.CounterOpts{
		Namespace: namespace, Name: "passkey_ceremonies_total",
		Help: "Passkey ceremonies by kind (register, signin, discoverable, conditional), platform family, browser family and outcome (begun, completed, failed as reported by the client).",
	}, []string{"kind", "platform", "browser", "outcome"})
}

// ObservePasskeyCeremony counts one ceremony step of a segment; outcome
// is begun, completed or failed.
func (m *Metrics) ObservePasskeyCeremony(kind, platform, browser, outcome string) {
	if m == nil {
		return
	}
	m.passkeyCeremonies.WithLabelValues(kind, platform, browser, outcome).Inc()
}
