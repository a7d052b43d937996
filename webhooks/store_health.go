package webhooks

import (
	"context"
	"time"

	"gorm.io/gorm"

	"passwordless/storage"
)

// Endpoint health: failing_since is the first failed attempt since the
// last success, disabled_at is set once an endpoint has failed for
// disableAfter. Each update is conditional in the database, so workers
// racing on one endpoint agree.

func oneEndpoint(ctx context.Context, db *gorm.DB, tenant, id string) *gorm.DB {
	return storage.Conn(ctx, db).Model(&endpointRow{}).Where("tenant = ? AND id = ?", tenant, id)
}

// markFailing starts an endpoint's failing streak at now, if none is running.
func (s *store) markFailing(ctx context.Context, tenant, id string, now time.Time) error {
	return oneEndpoint(ctx, s.db, tenant, id).Where("failing_since IS NULL").Update("failing_since", now).Error
}

// markHealthy ends an endpoint's failing streak.
func (s *store) markHealthy(ctx context.Context, tenant, id string) error {
	return oneEndpoint(ctx, s.db, tenant, id).Where("failing_since IS NOT NULL").Update("failing_since", nil).Error
}

// disable disables the endpoint at now when it has been failing since
// cutoff or earlier, its admins' notice due at once; it reports whether
// this call disabled it.
func (s *store) disable(ctx context.Context, tenant, id string, cutoff, now time.Time) (bool, error) {
	res := oneEndpoint(ctx, s.db, tenant, id).Where("disabled_at IS NULL AND failing_since <= ?", cutoff).
		Updates(map[string]any{"disabled_at": now, "notice_due_at": now})
	return res.RowsAffected > 0, res.Error
}

// enable clears an endpoint's disabled state, failing streak and any
// notice not sent yet; false when there is no such endpoint.
func (s *store) enable(ctx context.Context, tenant, id string) (bool, error) {
	res := oneEndpoint(ctx, s.db, tenant, id).
		Updates(map[string]any{"disabled_at": nil, "failing_since": nil, "notice_due_at": nil})
	return res.RowsAffected > 0, res.Error
}

// claimNotice takes the endpoint's notice, when due at now, for this
// instance: it moves it to retry, conditionally, so that of instances
// racing for it one sends it, and a send that fails (or an instance that
// dies) is tried again then.
func (s *store) claimNotice(ctx context.Context, tenant, id string, now, retry time.Time) (bool, error) {
	res := oneEndpoint(ctx, s.db, tenant, id).Where("notice_due_at <= ?", now).Update("notice_due_at", retry)
	return res.RowsAffected > 0, res.Error
}

// noticeSent clears the endpoint's notice.
func (s *store) noticeSent(ctx context.Context, tenant, id string) error {
	return oneEndpoint(ctx, s.db, tenant, id).Update("notice_due_at", nil).Error
}

// dueNotices lists the endpoints of every tenant whose notice is due.
func (s *store) dueNotices(ctx context.Context, now time.Time, limit int) ([]endpointRow, error) {
	var rows []endpointRow
	err := storage.Conn(ctx, s.db).Where("notice_due_at <= ?", now).Order("notice_due_at").Limit(limit).
		Find(&rows).Error
	return rows, err
}
