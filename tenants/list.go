package tenants

import (
	"context"
	"time"
)

// AppSummary is one application as an operator's listing shows it.
type AppSummary struct {
	ID          string     `json:"appId"`
	AdminEmails []string   `json:"adminEmails"`
	CreatedAt   time.Time  `json:"createdAt"`
	DeleteAt    *time.Time `json:"deleteAt"`
}

// List lists every application, in id order: the operator's view across
// tenants (`passwordless apps list`), which no API key can reach.
func (s *Service) List(ctx context.Context) ([]AppSummary, error) {
	return s.store.apps(ctx)
}
