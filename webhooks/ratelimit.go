package webhooks

import (
	"context"
	"time"

	"passwordless/quota"
)

// DefaultRatePerMinute is how many deliveries per minute an application
// gets by default, across every instance when the quota backend is Redis.
const DefaultRatePerMinute = 600

// deliveryRate limits deliveries per application with the quota backend's
// fixed windows (Redis across instances, else in process).
type deliveryRate struct {
	backend   quota.Backend
	perMinute int64
}

// SetRateLimit limits deliveries to perMinute per application, counted in
// backend; 0 or less is unlimited. Call it before Run.
func (w *Worker) SetRateLimit(backend quota.Backend, perMinute int64) {
	if backend == nil || perMinute <= 0 {
		w.rate = nil
		return
	}
	w.rate = &deliveryRate{backend: backend, perMinute: perMinute}
}

// admit reports whether tenant may be sent one more delivery now; when not,
// until is when its window resets.
func (w *Worker) admit(ctx context.Context, tenant string, now time.Time) (ok bool, until time.Time, err error) {
	if w.rate == nil {
		return true, time.Time{}, nil
	}
	win, err := w.rate.backend.Hit(ctx, "webhooks:"+tenant, w.rate.perMinute, time.Minute, now)
	if err != nil {
		return false, time.Time{}, err
	}
	return win.Allowed(), win.Reset, nil
}
