package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"text/tabwriter"
	"time"

	"github.com/spf13/cobra"

	"passwordless/migrations"
	"passwordless/storage"
)

// migrateStatusCommand is `migrate status`: which migrations the database
// has and which are pending, without applying any (so an operator can see
// what the next start or `migrate` will do).
func (c *cli) migrateStatusCommand() *cobra.Command {
	var asJSON bool
	cmd := c.configCommand("status [--json]", "List every migration and whether the database has it; applies none.",
		databaseEnv, func(fs *flag.FlagSet) { jsonFlag(fs, &asJSON) },
		func(cmd *cobra.Command, cfg Config, _ []string) error {
			return c.migrateStatus(cmd.Context(), cfg, asJSON)
		})
	cmd.Args = cobra.NoArgs
	return cmd
}

func (c *cli) migrateStatus(ctx context.Context, cfg Config, asJSON bool) error {
	db, err := storage.Connect(cfg.DatabaseURL, c.logger())
	if err != nil {
		return fmt.Errorf("DATABASE_URL: %w", err)
	}
	sqlDB, err := db.Gorm.DB()
	if err != nil {
		return err
	}
	defer sqlDB.Close()
	states, err := migrations.Status(ctx, sqlDB, db.Dialect)
	if err != nil {
		return err
	}
	if asJSON {
		return writeJSON(c.stdout, states)
	}
	return writeMigrations(c.stdout, states)
}

func writeMigrations(w io.Writer, states []migrations.State) error {
	tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "VERSION\tSTATE\tAPPLIED AT\tNAME")
	for _, s := range states {
		state, at := "pending", ""
		if s.Applied {
			state, at = "applied", s.AppliedAt.UTC().Format(time.RFC3339)
		}
		fmt.Fprintf(tw, "%d\t%s\t%s\t%s\n", s.Version, state, at, s.Name)
	}
	return tw.Flush()
}
