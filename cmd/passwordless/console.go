package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"

	"passwordless/server"
)

// passwordless console setup-link prints a fresh one-time link that
// creates an organization and its owner in the admin console (the server
// logs one at start while no admin exists). It reads the server's
// DATABASE_URL, TOKEN_SECRET (or DATA_DIR holding token.secret) and
// PUBLIC_URL.
func init() { extraCommands["console"] = consoleCommand }

func consoleCommand(ctx context.Context, args []string, stdout io.Writer) error {
	for _, a := range args {
		if isHelp(a) {
			return flag.ErrHelp
		}
	}
	if len(args) < 1 || args[0] != "setup-link" {
		return errors.New("usage: passwordless console setup-link (see 'passwordless console --help')")
	}
	cfg, rest, err := LoadConfig(args[1:], os.Getenv)
	if err != nil {
		return err
	}
	if len(rest) > 0 {
		return fmt.Errorf("unexpected arguments %v", rest)
	}
	logger := slog.New(slog.NewJSONHandler(os.Stderr, &slog.HandlerOptions{Level: logLevel(os.Getenv("LOG_LEVEL"))}))
	srv, err := openServices(ctx, cfg, logger)
	if err != nil {
		return err
	}
	defer srv.Close()
	link, err := srv.Orgs.SetupLink(ctx)
	if err != nil {
		return err
	}
	_, err = fmt.Fprintln(stdout, link)
	return err
}

// openServices opens the services of cfg without the router and jobs, for
// commands that act through the same services (and audit trail) as the
// server.
func openServices(ctx context.Context, cfg Config, logger *slog.Logger) (*server.Server, error) {
	ts, _, err := loadOrCreateSecret(cfg.TokenSecret, cfg.DataDir, "token.secret")
	if err != nil {
		return nil, fmt.Errorf("TOKEN_SECRET: %w", err)
	}
	srv, err := server.Open(ctx, server.Config{DatabaseURL: cfg.DatabaseURL, TokenSecret: []byte(ts),
		PublicURL: cfg.PublicURL, DataDir: cfg.DataDir, Logger: logger})
	if err != nil {
		return nil, fmt.Errorf("DATABASE_URL: %w", err)
	}
	return srv, nil
}
