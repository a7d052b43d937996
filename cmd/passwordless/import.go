package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"io"
	"log/slog"

	"passwordless/events"
	"passwordless/importer"

	"github.com/spf13/cobra"
)

// passwordless import passwordless-dev --from URL [--dry-run] [--json]
// reads a Passwordless.dev self-hosted database and writes its
// applications, keys, passkeys, aliases, authentication configurations
// and event logs into DATABASE_URL (docs/import.md).
func (c *cli) importCommand() *cobra.Command {
	var o importOptions
	cmd := c.configCommand("passwordless-dev --from URL [--dry-run] [--json]",
		"Import a Passwordless.dev self-hosted database (its SQLite file): apps, keys, passkeys, aliases, "+
			"authentication configurations, events. Idempotent; --dry-run only reports.",
		envNamed("DATABASE_URL", "TOKEN_SECRET", "DATA_DIR", "LOG_LEVEL"), func(fs *flag.FlagSet) { importFlags(fs, &o) },
		func(cmd *cobra.Command, cfg Config, _ []string) error {
			return importPasswordlessDev(cmd.Context(), cfg, c.logger(), c.stdout, o)
		})
	cmd.Args = cobra.NoArgs
	return cmd
}

type importOptions struct {
	from         string
	dryRun, json bool
}

func importFlags(fs *flag.FlagSet, o *importOptions) {
	fs.StringVar(&o.from, "from", "", "the Passwordless.dev API database: sqlite://PATH (or a file path)")
	fs.BoolVar(&o.dryRun, "dry-run", false, "report what would be created and skipped, write nothing")
	fs.BoolVar(&o.json, "json", false, "print the report as JSON")
}

func importPasswordlessDev(ctx context.Context, cfg Config, logger *slog.Logger, stdout io.Writer, o importOptions) error {
	if o.from == "" {
		return errors.New("flags: --from is required (the Passwordless.dev database, sqlite://PATH)")
	}
	src, err := importer.OpenSource(ctx, o.from)
	if err != nil {
		return err
	}
	defer src.Close()
	srv, err := openServices(ctx, cfg, logger)
	if err != nil {
		return err
	}
	defer srv.Close()
	im := &importer.Importer{DB: srv.DB, Tenants: srv.Tenants, Passkeys: srv.Passkeys, Events: events.NewStore(srv.DB),
		Authenticators: srv.Authenticators}
	rep, err := im.Run(events.WithActor(ctx, events.CLI), src, o.dryRun)
	if err != nil {
		return err
	}
	if o.json {
		enc := json.NewEncoder(stdout)
		enc.SetIndent("", "  ")
		return enc.Encode(rep)
	}
	return rep.Write(stdout)
}
