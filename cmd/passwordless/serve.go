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
	"net/url"
	"strings"
	"time"

	"passwordless/events"
	"passwordless/server"
	"passwordless/storage"
	"passwordless/tenants"

	"github.com/spf13/cobra"
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
	sc := server.Config{DatabaseURL: cfg.DatabaseURL, DatabaseReplicaURL: cfg.DatabaseReplicaURL, ManagementKey: mk, TokenSecret: []byte(ts),
		PublicURL: cfg.PublicURL, DataDir: cfg.DataDir, SMTPURL: cfg.SMTPURL, MailFrom: cfg.MailFrom,
		Version: version, Logger: logger, Pprof: cfg.Pprof}
	cfg.Tuning.apply(&sc)
	sc.OrgLimits = cfg.OrgLimits
	if cfg.RedisURL != "" {
		if sc.Redis, err = storage.OpenRedis(ctx, cfg.RedisURL, cfg.RedisSentinelMaster); err != nil {
			return sc, &server.DependencyError{Name: "Redis", Err: err}
		}
	}
	return sc, nil
}

// serve listens first, then starts the server behind the listener and
// runs it until ctx ends, then shuts down gracefully (see drain). While it
// starts, startingHandler answers: live, not ready.
func serve(ctx context.Context, cfg Config, logger *slog.Logger, stdout io.Writer) error {
	ln, err := listen(cfg.ListenAddr)
	if err != nil {
		return err
	}
	if cfg.publicURLDerived {
		// LISTEN_ADDR=:0 is known only now.
		cfg.PublicURL = defaultPublicURL(ln.Addr().String())
	}
	gate := &startingHandler{publicURL: cfg.PublicURL}
	hs := &http.Server{
		Handler:           gate,
		ReadHeaderTimeout: 10 * time.Second,
		ReadTimeout:       30 * time.Second,
		WriteTimeout:      30 * time.Second,
		IdleTimeout:       120 * time.Second,
		MaxHeaderBytes:    64 << 10,
	}
	logger.Info("listening", "addr", ln.Addr().String(), "publicUrl", cfg.PublicURL, "version", version)
	errc := make(chan error, 1)
	go func() { errc <- hs.Serve(ln) }()
	srv, err := start(ctx, cfg, logger, stdout)
	if err != nil {
		_ = hs.Close()
		if ctx.Err() != nil {
			// Stopped (SIGTERM) while waiting for a dependency: asked for.
			logger.Info("stopped while starting", "err", err.Error())
			return nil
		}
		return err
	}
	defer srv.Close()
	gate.ready(srv.Handler)
	logger.Info("ready", "addr", ln.Addr().String())
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
	}
	return drain(srv, hs, ln, cfg.ShutdownDrain, logger)
}

// drain shuts down without failing a request: the listener closes at once
// (new connections are refused, which a client can retry safely),
// readiness turns 503, and every response asks its client to close the
// connection. For SHUTDOWN_DRAIN, keep-alive connections then end after
// their next answer rather than being cut while a request may be on its
// way; after it, idle connections are closed and in-flight requests get up
// to 20 seconds to finish.
func drain(srv *server.Server, hs *http.Server, ln net.Listener, wait time.Duration, logger *slog.Logger) error {
	logger.Info("shutting down", "drain", wait.String())
	// Listener first: a client told to close its connection must find the
	// port refusing, not a backlog that is reset when the listener closes.
	_ = ln.Close()
	srv.Drain()
	time.Sleep(wait)
	shutdownCtx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	if err := hs.Shutdown(shutdownCtx); err != nil && !errors.Is(err, http.ErrServerClosed) && !errors.Is(err, net.ErrClosed) {
		return err
	}
	return nil
}

// start connects to the dependencies and builds the server. A dependency
// that cannot be reached is retried every second for STARTUP_RETRY (a
// database container that starts after this one is normal), with one log
// line per attempt: the drivers' own log lines are silenced meanwhile.
// The error that ends the wait is one line naming the dependency, with any
// password redacted.
func start(ctx context.Context, cfg Config, logger *slog.Logger, stdout io.Writer) (*server.Server, error) {
	storage.SetRedisLog(nil)
	defer storage.SetRedisLog(logger)
	deadline := time.Now().Add(cfg.StartupRetry)
	for attempt := 1; ; attempt++ {
		srv, err := connect(ctx, cfg, logger, stdout)
		var dep *server.DependencyError
		if err == nil || !errors.As(err, &dep) {
			return srv, err
		}
		err = errors.New(oneLine(redact(err.Error(), cfg.DatabaseURL, cfg.DatabaseReplicaURL, cfg.RedisURL)))
		if time.Now().After(deadline) {
			return nil, err
		}
		logger.Warn("dependency not reachable; retrying", "dependency", dep.Name, "attempt", attempt, "err", err.Error())
		select {
		case <-ctx.Done():
			return nil, err
		case <-time.After(time.Second):
		}
	}
}

// connect is one attempt of start.
func connect(ctx context.Context, cfg Config, logger *slog.Logger, stdout io.Writer) (*server.Server, error) {
	sc, err := serverConfig(ctx, cfg, logger, stdout)
	if err != nil {
		return nil, err
	}
	srv, err := server.New(ctx, sc)
	if err != nil && sc.Redis != nil {
		_ = sc.Redis.Close()
	}
	return srv, err
}

// redact removes the passwords of the given URLs from msg.
func redact(msg string, urls ...string) string {
	for _, raw := range urls {
		u, err := url.Parse(raw)
		if err != nil || u.User == nil {
			continue
		}
		if p, ok := u.User.Password(); ok && p != "" {
			msg = strings.ReplaceAll(msg, p, "xxxxx")
		}
	}
	return msg
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

// appsCreateCommand is `apps create APPID [--admin-email E] [--event-logging]`.
func (c *cli) appsCreateCommand() *cobra.Command {
	var email string
	var logging bool
	cmd := c.configCommand("create APPID [--admin-email E] [--event-logging]",
		"Create an application and print its keys as JSON (they are shown only once).",
		envNamed("DATABASE_URL", "TOKEN_SECRET", "DATA_DIR", "LOG_LEVEL"),
		func(fs *flag.FlagSet) { appsCreateFlags(fs, &email, &logging) },
		func(cmd *cobra.Command, cfg Config, args []string) error {
			return appsCreate(cmd.Context(), cfg, c.logger(), c.stdout, args[0], email, logging)
		})
	cmd.Args = cobra.ExactArgs(1)
	return cmd
}

// appsCreate creates the application appID.
func appsCreate(ctx context.Context, cfg Config, logger *slog.Logger, stdout io.Writer, appID, email string, logging bool) error {
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
		return problemText(err) // a rejected name says why
	}
	enc := json.NewEncoder(stdout)
	enc.SetIndent("", "  ")
	return enc.Encode(map[string]string{"appId": appID, "apiKey1": created.APIKey1, "apiKey2": created.APIKey2,
		"apiSecret1": created.APISecret1, "apiSecret2": created.APISecret2})
}
