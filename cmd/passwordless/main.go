// Command passwordless runs the passwordless API server and its admin
// commands (the README's Commands table lists them all):
//
//	passwordless [serve]                      run the server (default)
//	passwordless migrate [status]             apply database migrations and exit / list them
//	passwordless apps list|create|delete|features|keys   administer applications
//	passwordless users list|delete --app APPID           an application's users
//	passwordless orgs list|create             the admin console's organizations
//	passwordless events export --app APPID    write an application's event log as NDJSON
//	passwordless healthcheck                  probe a running server
//	passwordless [command] --help             usage, flags and environment (exit 0)
//
// The command tree (cli.go) is built on cobra; admin commands call the same
// services as the API, audited as performed by the CLI.
package main

import (
	"context"
	"fmt"
	"log/slog"
	"os"
	"os/signal"
	"syscall"
)

// version is stamped at build time with -ldflags "-X main.version=…".
var version = "dev"

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if err := run(ctx, os.Args[1:], os.Getenv, os.Stdout, os.Stderr); err != nil {
		fmt.Fprintln(os.Stderr, "passwordless:", err)
		os.Exit(1)
	}
}

// logLevel is LOG_LEVEL for the logger made before the configuration is
// read; a bad value is info here and stops the command in LoadConfig.
func logLevel(s string) slog.Level {
	l, _ := parseLogLevel(s)
	return l
}
