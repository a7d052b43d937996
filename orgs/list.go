package orgs

import "context"

// List lists every console organization, oldest first: the operator's
// view across organizations (`passwordless orgs list`), which no console
// session can reach.
func (s *Service) List(ctx context.Context) ([]Org, error) { return s.store.orgs(ctx) }
