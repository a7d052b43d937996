// Command passwordless runs the passwordless API server.
//
//	passwordless [serve]                      run the server (default)
//	passwordless migrate                      apply database migrations and exit
//	passwordless apps create APPID --admin-email E   create an application, print its keys as JSON
//	passwordless healthcheck                  probe a running server
//	passwordless [command] --help             usage, flags and environment (exit 0)
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"os/signal"
	"strings"
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
	if len(args) > 0 && isHelp(args[0]) {
		if len(args) > 1 {
			printCommandUsage(stdout, strings.Join(args[1:], " "))
		} else {
			printUsage(stdout)
		}
		return nil
	}
	cmd := "serve"
	if len(args) > 0 && len(args[0]) > 0 && args[0][0] != '-' {
		cmd, args = args[0], args[1:]
	}
	err := dispatch(ctx, cmd, args, getenv, stdout, stderr)
	if errors.Is(err, flag.ErrHelp) {
		printCommandUsage(stdout, commandName(cmd, args))
		return nil
	}
	if err != nil && strings.HasPrefix(err.Error(), "flags: ") {
		return fmt.Errorf("%w (see 'passwordless %s --help')", err, commandName(cmd, args))
	}
	return err
}

// dispatch runs the subcommand cmd.
func dispatch(ctx context.Context, cmd string, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
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
		return fmt.Errorf("unknown command %q (serve, migrate, apps create, healthcheck; see 'passwordless --help')", cmd)
	}
}

// logLevel is LOG_LEVEL for the logger made before the configuration is
// read; a bad value is info here and stops the command in LoadConfig.
func logLevel(s string) slog.Level {
	l, _ := parseLogLevel(s)
	return l
}
