package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"

	"passwordless/events"
	"passwordless/importer"
)

// passwordless import passwordless-dev --from URL [--dry-run] [--json]
// reads a Passwordless.dev self-hosted database and writes its
// applications, keys, passkeys, aliases, authentication configurations
// and event logs into DATABASE_URL (docs/import.md).
func init() {
	extraCommands["import"] = func(ctx context.Context, args []string, stdout io.Writer) error {
		return importCommand(ctx, args, os.Getenv, stdout, os.Stderr)
	}
	commands = append(commands, command{name: "import", args: "passwordless-dev --from URL [--dry-run] [--json] [flags]",
		about: "Import a Passwordless.dev self-hosted database (its SQLite file): apps, keys, passkeys, aliases, " +
			"authentication configurations, events. Idempotent; --dry-run only reports.",
		env: envNamed("DATABASE_URL", "TOKEN_SECRET", "DATA_DIR", "LOG_LEVEL"), flags: func() *flag.FlagSet {
			fs := helpConfigFlags("import")
			importFlags(fs, new(importOptions))
			return fs
		}})
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

func importCommand(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	for _, a := range args {
		if isHelp(a) {
			return flag.ErrHelp
		}
	}
	if len(args) < 1 || args[0] != "passwordless-dev" {
		return errors.New("usage: passwordless import passwordless-dev --from URL [--dry-run] (see 'passwordless import --help')")
	}
	var o importOptions
	cfg, rest, err := loadConfigWith(args[1:], getenv, func(fs *flag.FlagSet) { importFlags(fs, &o) })
	if err != nil {
		return err
	}
	if len(rest) > 0 {
		return fmt.Errorf("unexpected arguments %v", rest)
	}
	if o.from == "" {
		return errors.New("flags: --from is required (the Passwordless.dev database, sqlite://PATH)")
	}
	src, err := importer.OpenSource(ctx, o.from)
	if err != nil {
		return err
	}
	defer src.Close()
	logger := slog.New(slog.NewJSONHandler(stderr, &slog.HandlerOptions{Level: logLevel(getenv("LOG_LEVEL"))}))
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
