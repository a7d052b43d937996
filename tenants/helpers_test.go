package tenants_test

import (
	"context"

	"gorm.io/gorm"

	"passwordless/events"
	"passwordless/storage"
	"passwordless/tenants"
)

// hasCredentials is a fixed answer to "does the app have passkeys".
type hasCredentials bool

func (h hasCredentials) HasCredentials(context.Context, string) (bool, error) { return bool(h), nil }

// newService is a Service over db; o's DB is set, and a nil Events or
// Credentials becomes events.Discard / "no passkeys".
func newService(db *gorm.DB, o tenants.Options) *tenants.Service {
	o.DB = &storage.DB{Gorm: db}
	if o.Events == nil {
		o.Events = events.Discard{}
	}
	if o.Credentials == nil {
		o.Credentials = hasCredentials(false)
	}
	return tenants.NewService(o)
}
