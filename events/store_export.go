package events

import (
	"context"
	"fmt"
	"time"
)

// Cursor is where an export stopped: the last event written, by the
// (performed_at, id) order the export reads in. The zero Cursor is the
// start.
type Cursor struct {
	At time.Time
	ID string
}

// After returns up to limit events of tenant matching f that come after
// cursor, oldest first, and the cursor of the last one. A keyset rather
// than an offset: each page costs the same however deep the export is,
// and events written meanwhile never shift a page.
func (s *Store) After(ctx context.Context, tenant string, f Filter, cursor Cursor, limit int) ([]Event, Cursor, error) {
	db := s.filtered(ctx, tenant, f)
	if cursor.ID != "" {
		at := cursor.At.UTC()
		db = db.Where("(performed_at > ? OR (performed_at = ? AND id > ?))", at, at, cursor.ID)
	}
	var rows []eventRow
	if err := db.Order("performed_at, id").Limit(limit).Find(&rows).Error; err != nil {
		return nil, cursor, fmt.Errorf("export events: %w", err)
	}
	out := make([]Event, len(rows))
	for i, r := range rows {
		out[i] = r.toEvent()
	}
	if len(rows) > 0 {
		last := rows[len(rows)-1]
		cursor = Cursor{At: last.PerformedAt, ID: last.ID}
	}
	return out, cursor, nil
}
