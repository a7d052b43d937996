package tenants

import (
	"context"
	"encoding/json"

	"passwordless/storage"
)

// apps lists every application in id order, without features or keys.
func (s *store) apps(ctx context.Context) ([]AppSummary, error) {
	var rows []appRow
	if err := storage.Conn(ctx, s.db).Order("id").Find(&rows).Error; err != nil {
		return nil, err
	}
	out := make([]AppSummary, 0, len(rows))
	for _, r := range rows {
		a := AppSummary{ID: r.ID, CreatedAt: r.CreatedAt.UTC(), DeleteAt: r.DeleteAt}
		_ = json.Unmarshal([]byte(r.AdminEmails), &a.AdminEmails)
		out = append(out, a)
	}
	return out, nil
}
