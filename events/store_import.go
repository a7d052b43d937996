package events

import (
	"context"
	"fmt"

	"gorm.io/gorm/clause"

	"passwordless/storage"
)

// Imported is an event brought from another server's log, with its id
// there, so that importing it again finds it.
type Imported struct {
	ID string
	Event
}

// Import stores events as they were, whatever the application's logging
// setting today; an id already stored is skipped. It returns how many it
// created and skipped, and joins the transaction of ctx.
func (s *Store) Import(ctx context.Context, evs []Imported) (created, skipped int, err error) {
	db := storage.Conn(ctx, s.db)
	for _, e := range evs {
		row := eventRow{ID: e.ID, Tenant: e.Tenant, PerformedAt: e.PerformedAt.UTC(), EventType: int(e.Type),
			Severity: int(e.Severity), Message: e.Message, PerformedBy: e.PerformedBy, Subject: e.Subject, APIKeyID: e.APIKeyID,
			Device: e.Device}
		res := db.Clauses(clause.OnConflict{DoNothing: true}).Create(&row)
		if res.Error != nil {
			return created, skipped, fmt.Errorf("import event: %w", res.Error)
		}
		if res.RowsAffected == 1 {
			created++
		} else {
			skipped++
		}
	}
	return created, skipped, nil
}

// Known reports whether t is an event type this server names.
func Known(t Type) bool { _, ok := typeNames[t]; return ok }
