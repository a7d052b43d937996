package authenticators

import "context"

// PlanLookup reports whether tenant's plan includes attestation (and so
// the allow and deny lists); an error when the application cannot be read
// or is gone.
type PlanLookup func(ctx context.Context, tenant string) (allowAttestation bool, err error)

// UsePlan makes Add and Remove enforce the plan gate themselves
// (RequirePlan, before anything else), so every caller — the API, the
// console — meets the same rule; the server sets it. Without one the lists
// change for any application (tests, tools).
func (s *Service) UsePlan(p PlanLookup) { s.plan = p }

// requirePlan is the plan gate of tenant, nil when no lookup is set.
func (s *Service) requirePlan(ctx context.Context, tenant string) error {
	if s.plan == nil {
		return nil
	}
	allowed, err := s.plan(ctx, tenant)
	if err != nil {
		return err
	}
	return RequirePlan(allowed)
}
