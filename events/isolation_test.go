package events

import (
	"context"
	"testing"
	"time"

	"gorm.io/gorm"

	"passwordless/storage/storagetest"
)

var isolationAt = time.Date(2026, 2, 3, 4, 5, 6, 0, time.UTC)

// TestStore_DifferentTenantSeesNothing calls every Store method as tenant
// b after tenant a has logged one event, on SQLite and PostgreSQL; a Store
// method without a case fails it.
func TestStore_DifferentTenantSeesNothing(t *testing.T) {
	type call = func(ctx context.Context, s *Store, b string) (any, error)
	storagetest.Isolation[*Store]{
		Recv: "Store",
		Open: func(db *gorm.DB) *Store { return &Store{db: db} },
		Seed: func(t *testing.T, s *Store, a, _ string) {
			if err := s.Insert(t.Context(), Event{Tenant: a, Type: APIUserDeleted, Message: a, PerformedAt: isolationAt}); err != nil {
				t.Fatal(err)
			}
		},
		Expect: func(t *testing.T, s *Store, a string) {
			page, total, err := s.Page(t.Context(), a, Filter{}, 1, 10)
			if err != nil || total != 1 || len(page) != 1 || page[0].Message != a {
				t.Errorf("a's events afterwards = %+v (total %d) %v, want its one event", page, total, err)
			}
		},
		Cases: map[string]call{
			"Insert": func(ctx context.Context, s *Store, b string) (any, error) {
				return nil, s.Insert(ctx, Event{Tenant: b, Type: APIUserDeleted, Message: b, PerformedAt: isolationAt})
			},
			"Page": func(ctx context.Context, s *Store, b string) (any, error) {
				page, total, err := s.Page(ctx, b, Filter{}, 1, 10)
				return struct {
					page  []Event
					total int64
				}{page, total}, err
			},
			"After": func(ctx context.Context, s *Store, b string) (any, error) {
				events, next, err := s.After(ctx, b, Filter{}, Cursor{}, 10)
				return struct {
					events []Event
					next   Cursor
				}{events, next}, err
			},
			"Import": func(ctx context.Context, s *Store, b string) (any, error) {
				_, _, err := s.Import(ctx, []Imported{{ID: "import-" + b,
					Event: Event{Tenant: b, Type: APIUserDeleted, Message: b, PerformedAt: isolationAt}}})
				return nil, err // a's event (Expect) is untouched
			},
			"DeleteBefore": func(ctx context.Context, s *Store, b string) (any, error) {
				return s.DeleteBefore(ctx, b, isolationAt.Add(time.Hour))
			},
			"timeline": func(ctx context.Context, s *Store, b string) (any, error) {
				return s.timeline(ctx, b, "", []Type{APIUserDeleted}, 10) // a's event has the same (empty) subject
			},
		},
		Exempt: map[string]string{
			"Tenants":  "lists every tenant with events, for the retention job",
			"inTx":     "opens a transaction; reads and writes nothing",
			"filtered": "builds the tenant's query behind Page and After, which have cases",
		},
	}.Run(t)
}

// TestReportStore_DifferentTenantSeesNothing calls every reportStore
// method as tenant b after tenant a's reports of one day were saved.
func TestReportStore_DifferentTenantSeesNothing(t *testing.T) {
	const day = "2026-02-03"
	type call = func(ctx context.Context, s *reportStore, b string) (any, error)
	save := func(ctx context.Context, s *reportStore, tenant string, users int64) error {
		return s.save(ctx, []credentialReportRow{{Tenant: tenant, Day: day, Users: users, Credentials: users}},
			[]activeUserReportRow{{Tenant: tenant, Day: day, DailyActiveUsers: users, TotalUsers: users}})
	}
	storagetest.Isolation[*reportStore]{
		Recv: "reportStore",
		Open: func(db *gorm.DB) *reportStore { return &reportStore{db: db} },
		Seed: func(t *testing.T, s *reportStore, a, _ string) {
			if err := save(t.Context(), s, a, 3); err != nil {
				t.Fatal(err)
			}
		},
		Expect: func(t *testing.T, s *reportStore, a string) {
			creds, err := s.credentials(t.Context(), a, "", "")
			if err != nil || len(creds) != 1 || creds[0].Users != 3 {
				t.Errorf("a's credential reports afterwards = %+v %v, want 3 users", creds, err)
			}
			active, err := s.activeUsers(t.Context(), a, "", "")
			if err != nil || len(active) != 1 || active[0].DailyActiveUsers != 3 {
				t.Errorf("a's active user reports afterwards = %+v %v, want 3", active, err)
			}
		},
		Cases: map[string]call{
			// The same day's snapshot of b replaces nothing of a's.
			"save": func(ctx context.Context, s *reportStore, b string) (any, error) { return nil, save(ctx, s, b, 9) },
			"credentials": func(ctx context.Context, s *reportStore, b string) (any, error) {
				return s.credentials(ctx, b, "", "")
			},
			"activeUsers": func(ctx context.Context, s *reportStore, b string) (any, error) {
				return s.activeUsers(ctx, b, "", "")
			},
		},
		Exempt: map[string]string{"tenantsSince": "lists every tenant with reports, for the report job"},
	}.Run(t)
}
