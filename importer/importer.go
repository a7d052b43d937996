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

// importApp imports one application and everything of it.
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
	creds, err := src.credentials(ctx, app.ID)
	if err != nil {
		return err
	}
	n, err := im.Passkeys.ImportCredentials(ctx, creds)
	if err != nil {
		return err
	}
	rep.add(TableCredentials, len(creds), n.Created)
	aliases, err := src.aliases(ctx, app.ID)
	if err != nil {
		return err
	}
	if n, err = im.Passkeys.ImportAliases(ctx, app.ID, aliases, im.Now()); err != nil {
		return err
	}
	rep.add(TableAliases, len(aliases), n.Created)
	configs, err := src.configs(ctx, app.ID)
	if err != nil {
		return err
	}
	if n, err = im.Passkeys.ImportConfigs(ctx, app.ID, configs); err != nil {
		return err
	}
	rep.add(TableConfigs, len(configs), n.Created)
	evs, unknown, err := src.events(ctx, app.ID)
	if err != nil {
		return err
	}
	created, _, err := im.Events.Import(ctx, evs)
	if err != nil {
		return err
	}
	rep.add(TableEvents, len(evs), created)
	rep.Unknown += unknown
	lists, err := src.authenticators(ctx, app.ID)
	if err != nil {
		return err
	}
	if created, _, err = im.Authenticators.Import(ctx, app.ID, lists); err != nil {
		return err
	}
	rep.add(TableAllowLists, len(lists), created)
	return nil
}

func b2i(b bool) int {
	if b {
		return 1
	}
	return 0
}
