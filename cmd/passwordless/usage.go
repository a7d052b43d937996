package main

import (
	"flag"
	"fmt"
	"io"
	"strings"
)

// envDoc documents one environment variable for --help (the README's
// configuration table says the same at more length).
type envDoc struct{ name, def, meaning string }

// serverEnv is every variable serve reads.
var serverEnv = []envDoc{
	{"LISTEN_ADDR", ":8080", "HTTP listen address"},
	{"DATABASE_URL", "sqlite://DATA_DIR/passwordless.db", "postgres://… or sqlite://PATH; migrations run at start"},
	{"DATABASE_REPLICA_URL", "none", "a read replica of DATABASE_URL (same kind) for reporting and /users/list reads"},
	{"REDIS_URL", "in-process", "redis://host:port[/db] (one node); redis://h1:p1?addr=h2:p2&addr=h3:p3 (Cluster)"},
	{"REDIS_SENTINEL_MASTER", "", "master name; REDIS_URL's host and addr= are then the Sentinels"},
	{"MANAGEMENT_KEY", "generated into DATA_DIR", "the ManagementKey header value"},
	{"TOKEN_SECRET", "generated into DATA_DIR", "at least 32 characters; mixed into every token signing key"},
	{"SMTP_URL", "outbox in DATA_DIR", "smtp://[user:pass@]host[:port] or smtps://…"},
	{"MAIL_FROM", "Passwordless <no-reply@localhost>", "sender of magic-link mails: addr or Name <addr>"},
	{"PUBLIC_URL", "http:// and the listen address", "public base URL of setup links and problem type URIs; a wildcard listen host is localhost"},
	{"DATA_DIR", "./data", "generated secrets, mail outbox, default SQLite file"},
	{"LOG_LEVEL", "info", "debug, info, warn or error (JSON lines on stderr)"},
	{"ACCESS_LOG", "summary", "summary: a line per failed request, successes summed per route each minute; all: a line per request"},
	{"PPROF", "off", "1 serves /debug/pprof behind the management key"},
	{"RATE_LIMIT_APP_PER_MINUTE", "6000", "ApiSecret requests per minute per application; 0 = unlimited"},
	{"RATE_LIMIT_APP_PUBLIC_PER_MINUTE", "6000", "public-key ceremony requests per minute per application; 0 = unlimited"},
	{"RATE_LIMIT_APP_TELEMETRY_PER_MINUTE", "600", "public-key failure reports per minute per application; 0 = unlimited"},
	{"RATE_LIMIT_IP_PER_MINUTE", "600", "requests per minute per client address on public-key endpoints"},
	{"RATE_LIMIT_AUTH_FAILURES_PER_MINUTE", "60", "failed authentications per minute per client address and application"},
	{"RATE_LIMIT_AUTH_FAILURES_PER_ADDRESS_PER_MINUTE", "600", "failed authentications per minute per client address, all applications"},
	{"RATE_LIMIT_IPV6_PREFIX", "64", "IPv6 clients are counted per network of this many bits (32-128)"},
	{"TRUSTED_PROXIES", "none", "comma-separated IPs/CIDRs whose X-Forwarded-For is believed"},
	{"MAGIC_LINK_NEW_APP_TIMEOUT", "24h", "how long a new application may only mail its admins"},
	{"FIDO_METADATA_PATH", "", "FIDO MDS3 blob for the authenticator lists"},
}

// command is one subcommand as --help describes it.
type command struct {
	name, args, about string
	env               []envDoc
	flags             func() *flag.FlagSet // nil: no flags
}

// databaseEnv is what the database-only commands read.
var databaseEnv = envNamed("DATABASE_URL", "LOG_LEVEL")

// envNamed picks the serverEnv entries called names.
func envNamed(names ...string) []envDoc {
	var out []envDoc
	for _, n := range names {
		for _, e := range serverEnv {
			if e.name == n {
				out = append(out, e)
			}
		}
	}
	return out
}

var commands = []command{
	{name: "serve", args: "[flags]", about: "Run the HTTP API server (the default command).",
		env: serverEnv, flags: func() *flag.FlagSet { return helpConfigFlags("serve") }},
	{name: "migrate", args: "[flags]", about: "Apply pending database migrations and exit.",
		env: databaseEnv, flags: func() *flag.FlagSet { return helpConfigFlags("migrate") }},
	{name: "apps create", args: "APPID [--admin-email E] [--event-logging] [flags]",
		about: "Create an application and print its keys as JSON (they are shown only once).",
		env:   databaseEnv, flags: func() *flag.FlagSet {
			fs, email, logging := helpConfigFlags("apps create"), "", false
			appsCreateFlags(fs, &email, &logging)
			return fs
		}},
	{name: "console", args: "setup-link [flags]",
		about: "Print a fresh one-time link (valid 1 hour) that creates an organization and its owner in the admin console.",
		env:   envNamed("DATABASE_URL", "TOKEN_SECRET", "DATA_DIR", "PUBLIC_URL"), flags: func() *flag.FlagSet { return helpConfigFlags("console") }},
	{name: "healthcheck", args: "[--url URL] [--timeout 3s]",
		about: "Probe a server's /health/http; exit 0 only when it answers 200 Healthy (the container HEALTHCHECK).",
		env:   envNamed("LISTEN_ADDR"), flags: func() *flag.FlagSet { fs, _, _ := healthcheckFlags(); return fs }},
}

// helpConfigFlags is the server flag set with the built-in defaults, never
// the environment's values (which may be secrets).
func helpConfigFlags(name string) *flag.FlagSet {
	cfg := envConfig(func(string) string { return "" })
	return configFlags(name, &cfg)
}

// isHelp reports whether arg asks for help.
func isHelp(arg string) bool {
	switch arg {
	case "-h", "-help", "--help", "help":
		return true
	}
	return false
}

// printUsage writes the overview of every command.
func printUsage(w io.Writer) {
	fmt.Fprint(w, `Usage: passwordless [command] [flags]

A multi-tenant passkey API, wire-compatible with Passwordless.dev.

Commands:
`)
	for _, c := range commands {
		fmt.Fprintf(w, "  %-13s %s\n", c.name, c.about)
	}
	fmt.Fprint(w, `  help [command]

Flags override environment variables, which override the defaults.
Run 'passwordless <command> --help' for a command's flags and environment.
`)
}

// printCommandUsage writes the help of the command named name, or the
// overview when there is none.
func printCommandUsage(w io.Writer, name string) {
	for _, c := range commands {
		if c.name != name {
			continue
		}
		fmt.Fprintf(w, "Usage: passwordless %s %s\n\n%s\n", c.name, c.args, c.about)
		if c.flags != nil {
			fs := c.flags()
			fs.SetOutput(w)
			fmt.Fprintln(w, "\nFlags:")
			fs.PrintDefaults()
		}
		if len(c.env) > 0 {
			fmt.Fprintln(w, "\nEnvironment:")
			for _, e := range c.env {
				def := ""
				if e.def != "" {
					def = " (default " + e.def + ")"
				}
				fmt.Fprintf(w, "  %s%s\n    \t%s\n", e.name, def, e.meaning)
			}
		}
		return
	}
	printUsage(w)
}

// commandName is the help entry of the command line args: "apps create"
// for apps, else the first word.
func commandName(cmd string, args []string) string {
	if cmd == "apps" && len(args) > 0 && !strings.HasPrefix(args[0], "-") {
		return "apps " + args[0]
	}
	if cmd == "apps" {
		return "apps create"
	}
	return cmd
}
