package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"time"

	"passwordless/events"
	"passwordless/server"
	"passwordless/storage"
	"passwordless/tenants"
)

// serverConfig turns the configuration into server.Config: it connects to
// Redis and loads or generates the management key and token secret.
func serverConfig(ctx context.Context, cfg Config, logger *slog.Logger, stdout io.Writer) (server.Config, error) {
	mk, created, err := loadOrCreateSecret(cfg.ManagementKey, cfg.DataDir, "management.key")
	if err != nil {
		return server.Config{}, fmt.Errorf("MANAGEMENT_KEY: %w", err)
	}
	if err := checkManagementKey(mk); err != nil {
		return server.Config{}, fmt.Errorf("%w (read from %s/management.key)", err, cfg.DataDir)
	}
	if created {
		// Printed once, on the first start; kept in the data dir after that.
		fmt.Fprintf(stdout, "Generated management key (stored in %s/management.key): %s\n", cfg.DataDir, mk)
	}
	ts, _, err := loadOrCreateSecret(cfg.TokenSecret, cfg.DataDir, "token.secret")
	if err != nil {
		return server.Config{}, fmt.Errorf("TOKEN_SECRET: %w", err)
	}
	sc := server.Config{DatabaseURL: cfg.DatabaseURL, ManagementKey: mk, TokenSecret: []byte(ts),
		PublicURL: cfg.PublicURL, DataDir: cfg.DataDir, SMTPURL: cfg.SMTPURL, MailFrom: cfg.MailFrom,
		Version: version, Logger: logger, Pprof: cfg.Pprof}
	cfg.Tuning.apply(&sc)
	if cfg.RedisURL != "" {
		if sc.Redis, err = storage.OpenRedis(ctx, cfg.RedisURL, cfg.RedisSentinelMaster); err != nil {
			return sc, err
		}
	}
	return sc, nil
}

// serve runs the HTTP server until ctx ends, then drains in-flight
// requests for up to 20 seconds.
func serve(ctx context.Context, cfg Config, logger *slog.Logger, stdout io.Writer) error {
	sc, err := serverConfig(ctx, cfg, logger, stdout)
	if err != nil {
		return err
	}
	srv, err := server.New(ctx, sc)
	if err != nil {
		return fmt.Errorf("DATABASE_URL: %w", err)
	}
	defer srv.Close()
	ln, err := net.Listen("tcp", cfg.ListenAddr)
	if err != nil {
		return fmt.Errorf("LISTEN_ADDR: %w", err)
	}
	hs := &http.Server{
		Handler:           srv.Handler,
		ReadHeaderTimeout: 10 * time.Second,
		ReadTimeout:       30 * time.Second,
		WriteTimeout:      30 * time.Second,
		IdleTimeout:       120 * time.Second,
		MaxHeaderBytes:    64 << 10,
	}
	logger.Info("listening", "addr", ln.Addr().String(), "version", version)
	errc := make(chan error, 1)
	go func() { errc <- hs.Serve(ln) }()
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
	}
	logger.Info("shutting down")
	shutdownCtx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	if err := hs.Shutdown(shutdownCtx); err != nil && !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	return nil
}

// migrate applies pending migrations and exits.
func migrate(ctx context.Context, cfg Config, logger *slog.Logger, stdout io.Writer) error {
	db, err := storage.Open(ctx, cfg.DatabaseURL, logger)
	if err != nil {
		return fmt.Errorf("DATABASE_URL: %w", err)
	}
	defer db.Close()
	fmt.Fprintln(stdout, "migrations applied")
	return nil
}

// appsCreateFlags adds the flags of apps create to the server's (fs).
func appsCreateFlags(fs *flag.FlagSet, email *string, logging *bool) {
	fs.StringVar(email, "admin-email", "", "admin e-mail address of the application")
	fs.BoolVar(logging, "event-logging", false, "turn the application's event log on (the creation is its first event)")
}

// appsCommand handles `apps create APPID --admin-email E`.
func appsCommand(ctx context.Context, args []string, getenv func(string) string, logger *slog.Logger, stdout io.Writer) error {
	for _, a := range args {
		if isHelp(a) {
			return flag.ErrHelp
		}
	}
	if len(args) < 2 || args[0] != "create" {
		return errors.New("usage: passwordless apps create APPID [--admin-email E] [--event-logging] (see 'passwordless apps create --help')")
	}
	appID := args[1]
	var email string
	var logging bool
	cfg, rest, err := loadConfigWith(args[2:], getenv, func(fs *flag.FlagSet) { appsCreateFlags(fs, &email, &logging) })
	if err != nil {
		return err
	}
	if len(rest) > 0 {
		return fmt.Errorf("unexpected arguments %v", rest)
	}
	// The same services as the server's, so the creation is audited like
	// any other: the event log names the CLI as the actor.
	svc, err := openServices(ctx, cfg, logger)
	if err != nil {
		return err
	}
	defer svc.Close()
	created, err := svc.Tenants.Create(events.WithActor(ctx, events.CLI), appID, tenants.CreateOptions{AdminEmail: email,
		EventLoggingEnabled: logging})
	if err != nil {
		return err
	}
	enc := json.NewEncoder(stdout)
	enc.SetIndent("", "  ")
	return enc.Encode(map[string]string{"appId": appID, "apiKey1": created.APIKey1, "apiKey2": created.APIKey2,
		"apiSecret1": created.APISecret1, "apiSecret2": created.APISecret2})
}
