package tenants_test

import (
	"context"
	"strings"
	"testing"

	"gorm.io/gorm"

	"passwordless/events"
	"passwordless/problems"
	"passwordless/storage"
	"passwordless/storage/storagetest"
	"passwordless/tenants"
)

// auditedService is a Service recording into a real event log over db.
func auditedService(db *gorm.DB) (*tenants.Service, *events.Log) {
	var svc *tenants.Service
	settings := func(ctx context.Context, tenant string) (events.AppSettings, bool, error) {
		app, err := svc.App(ctx, tenant)
		if err != nil || app == nil {
			return events.AppSettings{}, false, err
		}
		return events.AppSettings{Enabled: app.Features.EventLoggingEnabled}, true, nil
	}
	log := events.NewLog(events.NewStore(&storage.DB{Gorm: db}), settings, nil, nil)
	svc = newService(db, tenants.Options{Events: log})
	return svc, log
}

// failEventInserts makes every insert into the events table fail, as a
// full disk or a lost connection would in the middle of a transaction.
func failEventInserts(t *testing.T, db *gorm.DB) {
	t.Helper()
	stmts := []string{`CREATE TRIGGER fail_events BEFORE INSERT ON events BEGIN SELECT RAISE(ABORT, 'injected'); END`}
	if db.Dialector.Name() == "postgres" {
		stmts = []string{
			`CREATE FUNCTION fail_events() RETURNS trigger AS $$ BEGIN RAISE EXCEPTION 'injected'; END $$ LANGUAGE plpgsql`,
			`CREATE TRIGGER fail_events BEFORE INSERT ON events FOR EACH ROW EXECUTE FUNCTION fail_events()`,
		}
	}
	for _, s := range stmts {
		if err := db.Exec(s).Error; err != nil {
			t.Fatal(err)
		}
	}
}

func eventCount(t *testing.T, log *events.Log, tenant string) int64 {
	t.Helper()
	p, err := log.List(context.Background(), tenant, 1, 100)
	if err != nil {
		t.Fatal(err)
	}
	return p.Total
}

// TestService_ChangeAndEventCommitTogether: a change whose event cannot be
// written is rolled back, and a change that fails writes no event.
func TestService_ChangeAndEventCommitTogether(t *testing.T) {
	storagetest.Each(t, func(t *testing.T, db *gorm.DB) {
		ctx := context.Background()
		svc, log := auditedService(db)
		created, err := svc.Create(ctx, "audited", tenants.CreateOptions{EventLoggingEnabled: true})
		if err != nil {
			t.Fatal(err)
		}
		keyID := tenants.KeyID(created.APIKey1)

		err = svc.DeleteKey(ctx, "audited", "none")
		if problems.From(err).Code != problems.APIKeyNotFound {
			t.Fatalf("delete unknown key = %v, want api_key_not_found", err)
		}
		if n := eventCount(t, log, "audited"); n != 1 {
			t.Errorf("events after a failed change = %d, want 1 (the creation only)", n)
		}

		failEventInserts(t, db)
		if err := svc.SetKeyLocked(ctx, "audited", keyID, true); err == nil || !strings.Contains(err.Error(), "injected") {
			t.Fatalf("lock with the event log failing = %v, want the injected event-insert failure", err)
		}
		if _, _, err := svc.Authenticate(ctx, tenants.Public, created.APIKey1); err != nil {
			t.Errorf("the key was locked although its event was not written: %v", err)
		}
	})
}
