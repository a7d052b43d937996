package main

import (
	"context"
	"fmt"
	"io"
	"log/slog"

	"passwordless/server"

	"github.com/spf13/cobra"
)

// consoleSetupLinkCommand is `console setup-link`: it prints a fresh
// one-time link that creates an organization and its owner in the admin
// console (the server logs one at start while no admin exists). It reads
// the server's DATABASE_URL, TOKEN_SECRET (or DATA_DIR holding
// token.secret) and PUBLIC_URL.
func (c *cli) consoleSetupLinkCommand() *cobra.Command {
	cmd := c.configCommand("setup-link",
		"Print a fresh one-time link (valid 1 hour) that creates an organization and its owner in the admin console.",
		envNamed("DATABASE_URL", "TOKEN_SECRET", "DATA_DIR", "PUBLIC_URL"), nil,
		func(cmd *cobra.Command, cfg Config, _ []string) error {
			return setupLink(cmd.Context(), cfg, c.logger(), c.stdout)
		})
	cmd.Args = cobra.NoArgs
	return cmd
}

func setupLink(ctx context.Context, cfg Config, logger *slog.Logger, stdout io.Writer) error {
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
