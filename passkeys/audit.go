package passkeys

import (
	"passwordless/events"
)

// userEvent is the informational event about one user (or credential,
// or purpose: subject) of tenant that each ceremony and change records.
// The API key comes from the actor in the context.
func userEvent(tenant string, typ events.Type, msg, subject string) events.Event {
	return events.Event{Tenant: tenant, Type: typ, Severity: events.Informational, Message: msg, Subject: subject}
}
