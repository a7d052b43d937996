package orgs

import "context"

// orgs lists every organization in creation order.
func (s *store) orgs(ctx context.Context) ([]Org, error) {
	var out []Org
	err := s.conn(ctx).Order("created_at, id").Find(&out).Error
	return out, err
}
