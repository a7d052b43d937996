package authenticators

import (
	"context"
	"fmt"
	"net/http"
	"strings"
	"time"

	"github.com/google/uuid"

	"passwordless/events"
	"passwordless/problems"
	"passwordless/storage"
)

// Service manages the lists and applies them at registration.
type Service struct {
	store   *store
	catalog *Catalog
	now     func() time.Time
	events  events.Recorder
	plan    PlanLookup
}

// NewService returns a Service over db with the given metadata catalogue
// (nil: any well-formed AAGUID); rec records every change (required).
func NewService(db *storage.DB, catalog *Catalog, clock func() time.Time, rec events.Recorder) *Service {
	if rec == nil {
		panic("authenticators: a Recorder is required")
	}
	if catalog == nil {
		catalog = OpenCatalog()
	}
	return &Service{store: newStore(db), catalog: catalog, now: clock, events: rec}
}

// Catalog is the FIDO metadata the service checks against.
func (s *Service) Catalog() *Catalog { return s.catalog }

// RequirePlan refuses the list endpoints to an application whose plan has
// no attestation, with upstream's 403 and title.
func RequirePlan(allowAttestation bool) error {
	if allowAttestation {
		return nil
	}
	return problems.Titled(problems.AttestationNotSupportedOnPlan, "Attestation is not supported on your plan.").
		WithStatus(http.StatusForbidden)
}

// Listed is one entry of a list.
type Listed struct {
	AAGUID    uuid.UUID
	Name      string // the model's name (Catalog.ModelName); "" when unknown
	CreatedAt time.Time
}

// List returns the allow list (allowed) or the block list of tenant.
func (s *Service) List(ctx context.Context, tenant string, allowed bool) ([]Listed, error) {
	rows, err := s.store.list(ctx, tenant, allowed)
	if err != nil {
		return nil, err
	}
	out := make([]Listed, 0, len(rows))
	for _, r := range rows {
		id, err := uuid.Parse(r.AAGUID)
		if err != nil {
			return nil, fmt.Errorf("stored aaguid %q: %w", r.AAGUID, err)
		}
		out = append(out, Listed{AAGUID: id, Name: s.catalog.ModelName(id), CreatedAt: r.CreatedAt.UTC()})
	}
	return out, nil
}

// Add puts aaguids on the allow list (allowed) or the block list, when the
// plan allows it (UsePlan). Every
// one must be well formed and known to the metadata, or nothing changes.
func (s *Service) Add(ctx context.Context, tenant string, aaguids []string, allowed bool) error {
	if err := s.requirePlan(ctx, tenant); err != nil {
		return err
	}
	ids, err := parseIDs(aaguids)
	if err != nil {
		return err
	}
	for _, id := range ids {
		if !s.catalog.Known(id) {
			return problems.New(problems.UnknownAuthenticator)
		}
	}
	list := "block list"
	if allowed {
		list = "allow list"
	}
	// Upstream logs Allowlisted for both lists; Blacklisted is never written.
	e := events.About(tenant, tenant, events.APIAuthenticatorsAllowlisted, "Added "+strings.Join(aaguids, ", ")+" to the "+list+".")
	return s.events.Apply(ctx, e, func(ctx context.Context) error {
		return s.store.upsert(ctx, tenant, canonical(ids), allowed, s.now())
	})
}

// Remove takes aaguids off whichever list holds them, when the plan allows
// it (UsePlan).
func (s *Service) Remove(ctx context.Context, tenant string, aaguids []string) error {
	if err := s.requirePlan(ctx, tenant); err != nil {
		return err
	}
	ids, err := parseIDs(aaguids)
	if err != nil {
		return err
	}
	e := events.About(tenant, tenant, events.APIAuthenticatorsDelisted, "Removed "+strings.Join(aaguids, ", ")+" from the lists.")
	return s.events.Apply(ctx, e, func(ctx context.Context) error {
		return s.store.remove(ctx, tenant, canonical(ids))
	})
}

// parseIDs validates AAGUIDs in any form uuid.Parse reads, dropping
// duplicates.
func parseIDs(aaguids []string) ([]uuid.UUID, error) {
	if len(aaguids) == 0 {
		return nil, problems.Validation("aaGuids", "The field AaGuids must be a string or array type with a minimum length of '1'.")
	}
	seen := map[uuid.UUID]bool{}
	ids := make([]uuid.UUID, 0, len(aaguids))
	for _, a := range aaguids {
		id, err := uuid.Parse(a)
		if err != nil {
			return nil, problems.Validation("aaGuids", fmt.Sprintf("The value '%s' is not a valid AAGUID.", a))
		}
		if !seen[id] {
			seen[id] = true
			ids = append(ids, id)
		}
	}
	return ids, nil
}

// canonical is the stored form of ids: lowercase 8-4-4-4-12.
func canonical(ids []uuid.UUID) []string {
	out := make([]string, len(ids))
	for i, id := range ids {
		out[i] = id.String()
	}
	return out
}
