// Command passwordless runs the passwordless API server.
//
//	passwordless [serve]                      run the server (default)
//	passwordless migrate                      apply database migrations and exit
//	passwordless apps create APPID --admin-email E   create an application, print its keys as JSON
//	passwordless events export --app APPID    write an application's event log as NDJSON
//	passwordless healthcheck                  probe a running server
//	passwordless [command] --help             usage, flags and environment (exit 0)
//
// The command tree (cli.go) is built on cobra.
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
