package main

import (
	"context"
	"fmt"
	"time"
)

// withoutDelivery are the scenarios measured while no worker runs:
// register-outbox is register-hooks with the messages left in the outbox,
// so its difference with register is the outbox's own cost on a
// registration, and register-hooks' adds the worker on the same CPUs (the
// relay, the HTTP client, the signing, the receiver, which in production
// runs elsewhere).
var withoutDelivery = map[string]bool{"register-outbox": true}

// deliver starts (on) or stops the server's webhook worker; the tool runs
// it itself (the server is started without one) so that a scenario can be
// measured without it.
func (e *env) deliver(on bool) {
	switch {
	case on && e.stopWorker == nil:
		ctx, cancel := context.WithCancel(context.Background())
		done := make(chan struct{})
		go func() { e.srv.WebhookWorker.Run(ctx); close(done) }()
		e.stopWorker = func() { cancel(); <-done }
	case !on && e.stopWorker != nil:
		e.stopWorker()
		e.stopWorker = nil
	}
}

// drain delivers what a scenario left queued (all of it, without
// delivery), so that it does not weigh on the next scenario.
func (e *env) drain() error {
	e.deliver(true)
	deadline := time.Now().Add(2 * time.Minute)
	for {
		var pending int64
		// The outbox's rows not yet relayed, and the pending deliveries.
		if err := e.db.Gorm.Raw("SELECT (SELECT COUNT(*) FROM webhook_outbox) + " +
			"(SELECT COUNT(*) FROM webhook_deliveries WHERE status = 'pending')").Scan(&pending).Error; err != nil {
			return err
		}
		if pending == 0 {
			return nil
		}
		if time.Now().After(deadline) {
			return fmt.Errorf("%d webhook outbox rows and deliveries still pending after 2 minutes", pending)
		}
		time.Sleep(100 * time.Millisecond)
	}
}
