package webhooks

import (
	"context"
	"time"

	"github.com/prometheus/client_golang/prometheus"
)

// queueCollector reports the outbox at scrape time: pending deliveries and
// the age of the oldest.
type queueCollector struct {
	svc           *Service
	depth, oldest *prometheus.Desc
}

func (c *queueCollector) Describe(ch chan<- *prometheus.Desc) { ch <- c.depth; ch <- c.oldest }

func (c *queueCollector) Collect(ch chan<- prometheus.Metric) {
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
	defer cancel()
	n, oldest, err := c.svc.store.queue(ctx)
	if err != nil {
		c.svc.log.Warn("webhook queue metrics", "err", err)
		return
	}
	age := 0.0
	if !oldest.IsZero() {
		age = max(c.svc.now().Sub(oldest).Seconds(), 0)
	}
	ch <- prometheus.MustNewConstMetric(c.depth, prometheus.GaugeValue, float64(n))
	ch <- prometheus.MustNewConstMetric(c.oldest, prometheus.GaugeValue, age)
}

// RegisterMetrics registers the webhook metrics on reg: deliveries by
// outcome (a counter, fed by the returned function, which a Worker takes
// as Observe), queue depth and the age of the oldest pending delivery.
func (s *Service) RegisterMetrics(reg prometheus.Registerer) (observe func(outcome string), err error) {
	attempts := prometheus.NewCounterVec(prometheus.CounterOpts{
		Namespace: "passwordless", Name: "webhook_deliveries_total",
		Help: "Webhook deliveries by outcome: delivered, retry (failed, will retry), failed (gave up) or rate_limited (put off, not attempted).",
	}, []string{"outcome"})
	queue := &queueCollector{svc: s,
		depth: prometheus.NewDesc("passwordless_webhook_queue_depth",
			"Webhook deliveries pending (due or waiting for a retry).", nil, nil),
		oldest: prometheus.NewDesc("passwordless_webhook_oldest_pending_seconds",
			"Age of the oldest pending webhook delivery; 0 when none.", nil, nil)}
	for _, c := range []prometheus.Collector{attempts, queue} {
		if err := reg.Register(c); err != nil {
			return nil, err
		}
	}
	for _, o := range []string{OutcomeDelivered, OutcomeRetry, OutcomeFailed, OutcomeLimited} {
		attempts.WithLabelValues(o)
	}
	return func(outcome string) { attempts.WithLabelValues(outcome).Inc() }, nil
}
