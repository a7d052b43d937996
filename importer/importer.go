package importer

import (
	"context"
	"errors"
	"fmt"
	"time"

	"passwordless/authenticators"
	"passwordless/events"
	"passwordless/passkeys"
	"passwordless/storage"
	"passwordless/tenants"
)

// Importer writes a Source into this server's database through the
// domain services.
type Importer struct {
	DB       *storage.DB
	Tenants  *tenants.Service
	Passkeys *passkeys.Service
	Events   *events.Store
	// Authenticators keeps the AAGUID allow and block lists.
	Authenticators *authenticators.Service
	// Now stamps the imported aliases (upstream keeps no date for them).
	Now func() time.Time
}

// errDryRun rolls back the transaction of a dry run.
var errDryRun = errors.New("importer: dry run")

// Run imports every application of src, each in one transaction (rolled
// back when dryRun), and reports what was, or would be, created and
// skipped.
func (im *Importer) Run(ctx context.Context, src *Source, dryRun bool) (*Report, error) {
	if im.Now == nil {
		im.Now = time.Now
	}
	rep := newReport(dryRun)
	if err := rep.countIgnored(ctx, src); err != nil {
		return nil, err
	}
	apps, err := src.apps(ctx)
	if err != nil {
		return nil, err
	}
	for _, app := range apps {
		var appRep Report
		err := storage.InTx(ctx, im.DB.Gorm, func(ctx context.Context) error {
			appRep = *newReport(dryRun)
			if err := im.importApp(ctx, src, app, &appRep); err != nil {
				return err
			}
			if dryRun {
				return errDryRun
			}
			return nil
		})
		if err != nil && !errors.Is(err, errDryRun) {
			return nil, fmt.Errorf("application %s: %w", app.ID, err)
		}
		rep.merge(&appRep)
	}
	return rep, nil
}

// importApp imports one application and everything of it, unless an
// application of the same id that is not this one exists here.
func (im *Importer) importApp(ctx context.Context, src *Source, app *tenants.App, rep *Report) error {
	keys, err := src.keys(ctx, app.ID)
	if err != nil {
		return err
	}
	got, err := im.Tenants.Import(ctx, app, keys)
	if err != nil {
		return err
	}
	if got.Foreign {
		rep.Foreign = append(rep.Foreign, app.ID)
		return nil
	}
	rep.add(TableApplications, 1, b2i(got.AppCreated))
	rep.add(TableAPIKeys, len(keys), got.KeysCreated)
	for _, step := range im.steps(src, app.ID, rep) {
		source, created, err := step.run(ctx)
		if err != nil {
			return err
		}
		rep.add(step.table, source, created)
	}
	return nil
}

// step reads one table of an application and imports its rows, returning
// how many it read and created.
type step struct {
	table string
	run   func(ctx context.Context) (source, created int, err error)
}

func (im *Importer) steps(src *Source, tenant string, rep *Report) []step {
	return []step{
		{TableCredentials, func(ctx context.Context) (int, int, error) {
			rows, err := src.credentials(ctx, tenant)
			if err != nil {
				return 0, 0, err
			}
			n, err := im.Passkeys.ImportCredentials(ctx, rows)
			return len(rows), n.Created, err
		}},
		{TableAliases, func(ctx context.Context) (int, int, error) {
			rows, err := src.aliases(ctx, tenant)
			if err != nil {
				return 0, 0, err
			}
			n, err := im.Passkeys.ImportAliases(ctx, tenant, rows, im.Now())
			return len(rows), n.Created, err
		}},
		{TableConfigs, func(ctx context.Context) (int, int, error) {
			rows, err := src.configs(ctx, tenant)
			if err != nil {
				return 0, 0, err
			}
			n, err := im.Passkeys.ImportConfigs(ctx, tenant, rows)
			return len(rows), n.Created, err
		}},
		{TableEvents, func(ctx context.Context) (int, int, error) {
			rows, unknown, err := src.events(ctx, tenant)
			if err != nil {
				return 0, 0, err
			}
			rep.Unknown += unknown
			created, _, err := im.Events.Import(ctx, rows)
			return len(rows), created, err
		}},
		{TableAllowLists, func(ctx context.Context) (int, int, error) {
			rows, err := src.authenticators(ctx, tenant)
			if err != nil {
				return 0, 0, err
			}
			created, _, err := im.Authenticators.Import(ctx, tenant, rows)
			return len(rows), created, err
		}},
	}
}

func b2i(b bool) int {
	if b {
		return 1
	}
	return 0
}
