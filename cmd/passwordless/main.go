// Command passwordless runs the passwordless API server.
//
//	passwordless [serve]                      run the server (default)
//	passwordless migrate                      apply database migrations and exit
//	passwordless apps create APPID --admin-email E   create an application, print its keys as JSON
package main

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"os"
	"os/signal"
	"syscall"
)

// version is stamped at build time with -ldflags "-X main.version=…".
var version = "dev"

// extraCommands lets other files add subcommands (e.g. healthcheck).
var extraCommands = map[string]func(ctx context.Context, args []string, stdout io.Writer) error{}

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if err := run(ctx, os.Args[1:], os.Getenv, os.Stdout, os.Stderr); err != nil {
		fmt.Fprintln(os.Stderr, "passwordless:", err)
		os.Exit(1)
	}
}

// run dispatches the subcommand; it is main without the process globals so
// tests can call it.
func run(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	cmd := "serve"
	if len(args) > 0 && len(args[0]) > 0 && args[0][0] != '-' {
		cmd, args = args[0], args[1:]
	}
	if extra, ok := extraCommands[cmd]; ok {
		return extra(ctx, args, stdout)
	}
	logger := slog.New(slog.NewJSONHandler(stderr, &slog.HandlerOptions{Level: logLevel(getenv("LOG_LEVEL"))}))
	switch cmd {
	case "serve", "migrate":
		cfg, rest, err := LoadConfig(args, getenv)
		if err != nil {
			return err
		}
		if len(rest) > 0 {
			return fmt.Errorf("unexpected arguments %v", rest)
		}
		if cmd == "migrate" {
			return migrate(ctx, cfg, logger, stdout)
		}
		return serve(ctx, cfg, logger, stdout)
	case "apps":
		return appsCommand(ctx, args, getenv, logger, stdout)
	default:
		return fmt.Errorf("unknown command %q (serve, migrate, apps create)", cmd)
	}
}

func logLevel(s string) slog.Level {
	var l slog.Level
	if err := l.UnmarshalText([]byte(s)); err != nil {
		return slog.LevelInfo
	}
	return l
}
