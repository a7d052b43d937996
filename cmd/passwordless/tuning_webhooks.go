package main

import (
	"fmt"
	"strconv"
	"time"

	"passwordless/server"
)

// webhookTuning are the webhook worker's delivery limits (docs/webhooks.md,
// "Delivery limits"); zero keeps the worker's default.
type webhookTuning struct {
	ConnectTimeout, HeaderTimeout time.Duration
	Concurrency, PerApp           int
}

// loadWebhookTuning reads WEBHOOKS_CONNECT_TIMEOUT, WEBHOOKS_HEADER_TIMEOUT,
// WEBHOOKS_CONCURRENCY and WEBHOOKS_APP_CONCURRENCY.
func loadWebhookTuning(getenv func(string) string, errs *[]error) webhookTuning {
	return webhookTuning{
		ConnectTimeout: duration(getenv, "WEBHOOKS_CONNECT_TIMEOUT", 0, errs),
		HeaderTimeout:  duration(getenv, "WEBHOOKS_HEADER_TIMEOUT", 0, errs),
		Concurrency:    positive(getenv, "WEBHOOKS_CONCURRENCY", errs),
		PerApp:         positive(getenv, "WEBHOOKS_APP_CONCURRENCY", errs),
	}
}

// apply copies the limits into the server's webhook configuration.
func (w webhookTuning) apply(c *server.WebhookConfig) {
	c.ConnectTimeout, c.HeaderTimeout, c.Concurrency, c.PerApp = w.ConnectTimeout, w.HeaderTimeout, w.Concurrency, w.PerApp
}

// positive reads a whole number above 0; 0 when unset.
func positive(getenv func(string) string, name string, errs *[]error) int {
	raw := getenv(name)
	if raw == "" {
		return 0
	}
	n, err := strconv.Atoi(raw)
	if err != nil || n <= 0 {
		*errs = append(*errs, fmt.Errorf("%s must be a whole number above 0", name))
		return 0
	}
	return n
}
