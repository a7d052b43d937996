package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"strings"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"
)

// cli is what one run of the command line reads and writes; tests give
// their own environment and buffers.
type cli struct {
	getenv         func(string) string
	stdout, stderr io.Writer
}

// logger logs JSON lines on stderr at LOG_LEVEL (a bad level is info here
// and stops the command when its configuration is loaded).
func (c *cli) logger() *slog.Logger {
	return slog.New(slog.NewJSONHandler(c.stderr, &slog.HandlerOptions{Level: logLevel(c.getenv("LOG_LEVEL"))}))
}

// usageTemplate is cobra's usage with the environment a command reads
// (its "env" annotation) after its flags, as the README's table says.
const usageTemplate = `Usage: {{if .HasAvailableSubCommands}}{{.CommandPath}} [command] [flags]{{else}}{{.UseLine}}{{end}}
{{if .HasAvailableSubCommands}}
Commands:
{{range .Commands}}{{if .IsAvailableCommand}}  {{rpad .Name .NamePadding}} {{.Short}}
{{end}}{{end}}{{end}}{{if .HasAvailableLocalFlags}}
Flags:
{{.LocalFlags.FlagUsages | trimTrailingWhitespaces}}
{{end}}{{with index .Annotations "env"}}
Environment:
{{.}}{{end}}{{if .HasAvailableSubCommands}}
Flags override environment variables, which override the defaults.
Run '{{.CommandPath}} <command> --help' for a command's flags and environment.
{{end}}`

// newRootCommand is the command tree: passwordless alone serves, like
// passwordless serve.
func newRootCommand(c *cli) *cobra.Command {
	root := c.configCommand("passwordless", "A multi-tenant passkey API, wire-compatible with Passwordless.dev; without a command, serve.",
		serverEnv, nil, func(cmd *cobra.Command, cfg Config, _ []string) error {
			return serve(cmd.Context(), cfg, c.logger(), c.stdout)
		})
	root.Args = cobra.NoArgs
	root.SilenceErrors, root.SilenceUsage = true, true
	root.CompletionOptions.DisableDefaultCmd = true
	root.SetUsageTemplate(usageTemplate)
	root.SetFlagErrorFunc(func(cmd *cobra.Command, err error) error {
		return fmt.Errorf("%w (see '%s --help')", err, cmd.CommandPath())
	})
	root.AddCommand(
		c.configCommand("serve", "Run the HTTP API server (the default command).", serverEnv, nil,
			func(cmd *cobra.Command, cfg Config, _ []string) error {
				return serve(cmd.Context(), cfg, c.logger(), c.stdout)
			}),
		c.migrateCommand(),
		c.healthcheckCommand(),
		c.usersCommand(),
		c.orgsCommand(),
		group("apps", "Administer applications.", c.appsListCommand(), c.appsCreateCommand(), c.appsDeleteCommand(),
			c.appsFeaturesCommand(), c.appsKeysCommand()),
		group("console", "Administer the admin console.", c.consoleSetupLinkCommand()),
		group("events", "Read applications' event logs.", c.eventsExportCommand()),
		group("import", "Import from another passkey service.", c.importCommand()),
	)
	for _, sub := range root.Commands() {
		if sub.Name() != "serve" && sub.Name() != "migrate" {
			continue
		}
		sub.Args = cobra.NoArgs
	}
	return root
}

// migrateCommand is `migrate` (apply) with `migrate status` under it.
func (c *cli) migrateCommand() *cobra.Command {
	cmd := c.configCommand("migrate", "Apply pending database migrations and exit.", databaseEnv, nil,
		func(cmd *cobra.Command, cfg Config, _ []string) error {
			return migrate(cmd.Context(), cfg, c.logger(), c.stdout)
		})
	cmd.AddCommand(c.migrateStatusCommand())
	return cmd
}

// group is a command that only holds subcommands: alone it shows its help,
// with an unknown subcommand it fails naming its usage.
func group(name, short string, subs ...*cobra.Command) *cobra.Command {
	g := &cobra.Command{Use: name, Short: short, RunE: func(cmd *cobra.Command, args []string) error {
		if len(args) > 0 {
			return fmt.Errorf("unknown command %q; usage: %s <command> (see '%s --help')", args[0], cmd.CommandPath(), cmd.CommandPath())
		}
		return cmd.Help()
	}}
	g.AddCommand(subs...)
	return g
}

// configCommand is a command reading the server's configuration: the
// server's flags (help shows the built-in defaults, never the
// environment's values, which may be secrets), the flags extra adds, and
// the environment env documents. run gets the loaded configuration.
func (c *cli) configCommand(use, short string, env []envDoc, extra func(*flag.FlagSet),
	run func(cmd *cobra.Command, cfg Config, args []string) error) *cobra.Command {
	cmd := &cobra.Command{Use: use, Short: short, Annotations: map[string]string{"env": envText(env)}}
	help := helpConfigFlags(strings.Fields(use)[0])
	if extra != nil {
		extra(help)
	}
	help.VisitAll(func(f *flag.Flag) {
		if name, ok := flagEnv[f.Name]; !ok || len(envNamedIn(env, name)) > 0 {
			cmd.Flags().AddGoFlag(f)
		}
	})
	cmd.RunE = func(cmd *cobra.Command, args []string) error {
		// The environment is read now; the flags given replay over it.
		var given []string
		cmd.Flags().Visit(func(f *pflag.Flag) { given = append(given, "--"+f.Name+"="+f.Value.String()) })
		cfg, _, err := loadConfigWith(given, c.getenv, extra)
		if err != nil {
			return err
		}
		return run(cmd, cfg, args)
	}
	return cmd
}

// flagEnv is the variable each server flag overrides: a command shows
// the flags of the variables it reads, and no others.
var flagEnv = map[string]string{"listen": "LISTEN_ADDR", "database": "DATABASE_URL",
	"database-replica": "DATABASE_REPLICA_URL", "redis": "REDIS_URL", "redis-sentinel-master": "REDIS_SENTINEL_MASTER",
	"management-key": "MANAGEMENT_KEY", "public-url": "PUBLIC_URL", "data-dir": "DATA_DIR", "pprof": "PPROF"}

// envNamedIn is the entries of env called name.
func envNamedIn(env []envDoc, name string) []envDoc {
	var out []envDoc
	for _, e := range env {
		if e.name == name {
			out = append(out, e)
		}
	}
	return out
}

// envText is the Environment section of a command's help.
func envText(env []envDoc) string {
	var b strings.Builder
	for _, e := range env {
		def := ""
		if e.def != "" {
			def = " (default " + e.def + ")"
		}
		fmt.Fprintf(&b, "  %s%s\n      %s\n", e.name, def, e.meaning)
	}
	return b.String()
}

// run executes the command line args; it is main without the process
// globals so tests can call it.
func run(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	root := newRootCommand(&cli{getenv: getenv, stdout: stdout, stderr: stderr})
	root.SetArgs(args)
	root.SetOut(stdout)
	root.SetErr(stderr)
	return root.ExecuteContext(ctx)
}
