package main

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"passwordless/events"
	"passwordless/server"
)

func env(m map[string]string) func(string) string { return func(k string) string { return m[k] } }

func TestLoadConfig(t *testing.T) {
	tests := []struct {
		name     string
		env      map[string]string
		args     []string
		wantErr  string // substring naming the variable
		checkCfg func(t *testing.T, c Config)
	}{
		{name: "defaults", checkCfg: func(t *testing.T, c Config) {
			if c.ListenAddr != ":8080" || c.DatabaseURL != "sqlite://./data/passwordless.db" || c.PublicURL != "http://localhost:8080" || c.RedisURL != "" {
				t.Errorf("defaults = %+v", c)
			}
		}},
		{name: "flags override env", env: map[string]string{"LISTEN_ADDR": ":1"}, args: []string{"--listen", "127.0.0.1:9", "--public-url", "https://id.example.com/"},
			checkCfg: func(t *testing.T, c Config) {
				if c.ListenAddr != "127.0.0.1:9" || c.PublicURL != "https://id.example.com" {
					t.Errorf("got %+v", c)
				}
			}},
		{name: "bad database url", env: map[string]string{"DATABASE_URL": "mysql://x"}, wantErr: "DATABASE_URL"},
		{name: "bad listen addr", env: map[string]string{"LISTEN_ADDR": "8080"}, wantErr: "LISTEN_ADDR"},
		{name: "bad redis url", env: map[string]string{"REDIS_URL": "localhost:6379"}, wantErr: "REDIS_URL"},
		{name: "bad smtp url", env: map[string]string{"SMTP_URL": "mail.example.com"}, wantErr: "SMTP_URL"},
		{name: "bad public url", env: map[string]string{"PUBLIC_URL": "/relative"}, wantErr: "PUBLIC_URL"},
		{name: "short token secret", env: map[string]string{"TOKEN_SECRET": "short"}, wantErr: "TOKEN_SECRET"},
		// Issue 16 repro 8: a one-character management key was accepted.
		{name: "one-character management key", env: map[string]string{"MANAGEMENT_KEY": "k"}, wantErr: "MANAGEMENT_KEY must be at least 32"},
		{name: "31-character management key", env: map[string]string{"MANAGEMENT_KEY": strings.Repeat("k", 31)}, wantErr: "MANAGEMENT_KEY"},
		{name: "32-character management key", env: map[string]string{"MANAGEMENT_KEY": strings.Repeat("k", 32)},
			checkCfg: func(t *testing.T, c Config) {}},
		// Issue 23: PUBLIC_URL follows LISTEN_ADDR unless it is given.
		{name: "PUBLIC_URL from a wildcard listen address", env: map[string]string{"LISTEN_ADDR": ":9090"},
			checkCfg: wantPublicURL("http://localhost:9090")},
		{name: "PUBLIC_URL from 0.0.0.0", env: map[string]string{"LISTEN_ADDR": "0.0.0.0:9090"},
			checkCfg: wantPublicURL("http://localhost:9090")},
		{name: "PUBLIC_URL from a loopback address", env: map[string]string{"LISTEN_ADDR": "127.0.0.1:7001"},
			checkCfg: wantPublicURL("http://127.0.0.1:7001")},
		{name: "PUBLIC_URL from an IPv6 loopback address", env: map[string]string{"LISTEN_ADDR": "[::1]:7001"},
			checkCfg: wantPublicURL("http://[::1]:7001")},
		{name: "PUBLIC_URL from the --listen flag", env: map[string]string{"LISTEN_ADDR": ":1"}, args: []string{"--listen", "127.0.0.1:7002"},
			checkCfg: wantPublicURL("http://127.0.0.1:7002")},
		{name: "PUBLIC_URL given wins", env: map[string]string{"LISTEN_ADDR": ":9090", "PUBLIC_URL": "https://id.example.com"},
			checkCfg: wantPublicURL("https://id.example.com")},
		// Issue 23: the default SQLite file moves with DATA_DIR.
		{name: "DATA_DIR moves the default SQLite file", env: map[string]string{"DATA_DIR": "/srv/pwl/"},
			checkCfg: wantDatabaseURL("sqlite:///srv/pwl/passwordless.db")},
		{name: "--data-dir moves the default SQLite file", args: []string{"--data-dir", "/var/lib/pwl"},
			checkCfg: wantDatabaseURL("sqlite:///var/lib/pwl/passwordless.db")},
		{name: "DATABASE_URL given wins over DATA_DIR", env: map[string]string{"DATA_DIR": "/srv/pwl", "DATABASE_URL": "sqlite:///tmp/x.db"},
			checkCfg: wantDatabaseURL("sqlite:///tmp/x.db")},
		// Issue 23: every setting is checked at start, as the README says.
		{name: "unknown log level", env: map[string]string{"LOG_LEVEL": "verbose"}, wantErr: "LOG_LEVEL"},
		{name: "malformed MAIL_FROM", env: map[string]string{"MAIL_FROM": "Passwordless <no-reply@"}, wantErr: "MAIL_FROM"},
		{name: "MAIL_FROM without an address", env: map[string]string{"MAIL_FROM": "Passwordless"}, wantErr: "MAIL_FROM"},
		{name: "bad duration", env: map[string]string{"STARTUP_RETRY": "thirty seconds"}, wantErr: "STARTUP_RETRY"},
		{name: "bad PPROF", env: map[string]string{"PPROF": "yes please"}, wantErr: "PPROF"},
		{name: "PUBLIC_URL without a host", env: map[string]string{"PUBLIC_URL": "https://"}, wantErr: "PUBLIC_URL"},
		{name: "valid log level and sender", env: map[string]string{"LOG_LEVEL": "WARN", "MAIL_FROM": "no-reply@example.com"},
			checkCfg: func(t *testing.T, c Config) {}},
		{name: "bad failed-authentication limit", env: map[string]string{"RATE_LIMIT_AUTH_FAILURES_PER_MINUTE": "many"},
			wantErr: "RATE_LIMIT_AUTH_FAILURES_PER_MINUTE"},
		{name: "failed-authentication limit 0 is off", env: map[string]string{"RATE_LIMIT_AUTH_FAILURES_PER_MINUTE": "0"},
			checkCfg: func(t *testing.T, c Config) {
				if c.RateLimits == nil || c.RateLimits.AuthFailures.Limit != 0 || c.RateLimits.Tenant.Limit == 0 {
					t.Errorf("limits = %+v, want auth failures off and the rest default", c.RateLimits)
				}
			}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cfg, _, err := LoadConfig(tt.args, env(tt.env))
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
					t.Fatalf("LoadConfig error = %v, want one naming %s", err, tt.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			tt.checkCfg(t, cfg)
		})
	}
}

func wantPublicURL(want string) func(*testing.T, Config) {
	return func(t *testing.T, c Config) {
		if c.PublicURL != want {
			t.Errorf("PublicURL = %q, want %q", c.PublicURL, want)
		}
	}
}

func wantDatabaseURL(want string) func(*testing.T, Config) {
	return func(t *testing.T, c Config) {
		if c.DatabaseURL != want {
			t.Errorf("DatabaseURL = %q, want %q", c.DatabaseURL, want)
		}
	}
}

// TestRun_BadSettingStopsTheServer: a bad value ends serve before it
// listens, with the variable's name (LOG_LEVEL=verbose used to be info).
func TestRun_BadSettingStopsTheServer(t *testing.T) {
	for _, vars := range []map[string]string{{"LOG_LEVEL": "verbose"}, {"MAIL_FROM": "not an address"}} {
		dataDir := filepath.Join(t.TempDir(), "data")
		vars["DATA_DIR"], vars["LISTEN_ADDR"] = dataDir, "127.0.0.1:0"
		// Bounded: a server that accepted the value would run until then.
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		err := run(ctx, []string{"serve"}, env(vars), io.Discard, io.Discard)
		cancel()
		for name := range vars {
			if name != "DATA_DIR" && name != "LISTEN_ADDR" && (err == nil || !strings.Contains(err.Error(), name)) {
				t.Errorf("%v: error = %v, want one naming %s", vars, err, name)
			}
		}
		if _, statErr := os.Stat(dataDir); statErr == nil {
			t.Errorf("%v: DATA_DIR was created", vars)
		}
	}
}

// TestAppsCreate runs `apps create` and `migrate` on a fresh SQLite file.
func TestAppsCreate(t *testing.T) {
	dir := t.TempDir()
	e := env(map[string]string{"DATABASE_URL": "sqlite://" + filepath.Join(dir, "db.sqlite"), "DATA_DIR": dir})
	var out, errOut bytes.Buffer
	if err := run(context.Background(), []string{"migrate"}, e, &out, &errOut); err != nil {
		t.Fatalf("migrate: %v", err)
	}
	out.Reset()
	if err := run(context.Background(), []string{"apps", "create", "cliapp", "--admin-email", "a@b.c"}, e, &out, &errOut); err != nil {
		t.Fatalf("apps create: %v (%s)", err, errOut.String())
	}
	var keys map[string]string
	if err := json.Unmarshal(out.Bytes(), &keys); err != nil {
		t.Fatalf("output %q: %v", out.String(), err)
	}
	if !strings.HasPrefix(keys["apiKey1"], "cliapp:public:") || !strings.HasPrefix(keys["apiSecret1"], "cliapp:secret:") {
		t.Errorf("keys = %v", keys)
	}
	err := run(context.Background(), []string{"apps", "create", "cliapp"}, e, &out, &errOut)
	if err == nil || !strings.Contains(err.Error(), "not available") {
		t.Errorf("second create = %v", err)
	}
}

// TestAppsCreate_IsAudited: an application created from the command line
// has its creation in its event log, performed by the CLI.
func TestAppsCreate_IsAudited(t *testing.T) {
	dir := t.TempDir()
	url := "sqlite://" + filepath.Join(dir, "db.sqlite")
	e := env(map[string]string{"DATABASE_URL": url, "DATA_DIR": dir})
	var out, errOut bytes.Buffer
	if err := run(context.Background(), []string{"apps", "create", "audited", "--event-logging"}, e, &out, &errOut); err != nil {
		t.Fatalf("apps create: %v (%s)", err, errOut.String())
	}
	srv, err := server.Open(context.Background(), server.Config{DatabaseURL: url, TokenSecret: []byte(strings.Repeat("s", 32))})
	if err != nil {
		t.Fatal(err)
	}
	defer srv.Close()
	page, err := srv.EventLog.List(context.Background(), "audited", 1, 10)
	if err != nil {
		t.Fatal(err)
	}
	if len(page.Events) != 1 || page.Events[0].Type != events.APIManagementAppCreated || page.Events[0].PerformedBy != "CLI" {
		t.Errorf("events = %+v, want one ApiManagementAppCreated by CLI", page.Events)
	}
}

// TestSecretsAreGeneratedOnce: the management key is created on first use
// and read back afterwards.
func TestSecretsAreGeneratedOnce(t *testing.T) {
	dir := t.TempDir()
	first, created, err := loadOrCreateSecret("", dir, "management.key")
	if err != nil || !created || len(first) != 64 {
		t.Fatalf("first = %q %v %v", first, created, err)
	}
	again, created, err := loadOrCreateSecret("", dir, "management.key")
	if err != nil || created || again != first {
		t.Errorf("second = %q %v %v", again, created, err)
	}
	if info, _ := os.Stat(filepath.Join(dir, "management.key")); info.Mode().Perm() != 0o600 {
		t.Errorf("mode = %v", info.Mode())
	}
	if v, created, _ := loadOrCreateSecret("given", dir, "x"); v != "given" || created {
		t.Errorf("explicit value not used")
	}
}

func TestLoadTuning(t *testing.T) {
	tests := []struct {
		name    string
		env     map[string]string
		wantErr string
		check   func(t *testing.T, tu Tuning)
	}{
		{name: "defaults leave everything to the server", check: func(t *testing.T, tu Tuning) {
			if tu.RateLimits != nil || tu.MagicLinkNewAppTimeout != nil || tu.TrustedProxies != nil || tu.MetadataPath != "" ||
				tu.WebhooksAllowPrivate {
				t.Errorf("got %+v", tu)
			}
		}},
		{name: "limits, timeout and proxies", env: map[string]string{"RATE_LIMIT_APP_PER_MINUTE": "120",
			"RATE_LIMIT_IP_PER_MINUTE": "0", "MAGIC_LINK_NEW_APP_TIMEOUT": "0s", "TRUSTED_PROXIES": "10.0.0.0/8, 127.0.0.1"},
			check: func(t *testing.T, tu Tuning) {
				if tu.RateLimits.Tenant.Limit != 120 || tu.RateLimits.ClientIP.Limit != 0 || *tu.MagicLinkNewAppTimeout != 0 ||
					len(tu.TrustedProxies) != 2 {
					t.Errorf("got %+v", tu)
				}
			}},
		{name: "bad limit", env: map[string]string{"RATE_LIMIT_APP_PER_MINUTE": "lots"}, wantErr: "RATE_LIMIT_APP_PER_MINUTE"},
		{name: "bad timeout", env: map[string]string{"MAGIC_LINK_NEW_APP_TIMEOUT": "a day"}, wantErr: "MAGIC_LINK_NEW_APP_TIMEOUT"},
		{name: "bad proxy", env: map[string]string{"TRUSTED_PROXIES": "proxy.local"}, wantErr: "TRUSTED_PROXIES"},
		{name: "private webhook targets allowed", env: map[string]string{"WEBHOOKS_ALLOW_PRIVATE": "1"},
			check: func(t *testing.T, tu Tuning) {
				if !tu.WebhooksAllowPrivate {
					t.Error("WEBHOOKS_ALLOW_PRIVATE=1 did not allow private targets")
				}
			}},
		{name: "bad webhooks flag", env: map[string]string{"WEBHOOKS_ALLOW_PRIVATE": "yes please"}, wantErr: "WEBHOOKS_ALLOW_PRIVATE"},
		{name: "missing metadata file", env: map[string]string{"FIDO_METADATA_PATH": "/nonexistent/blob.jwt"}, wantErr: "FIDO_METADATA_PATH"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cfg, _, err := LoadConfig(nil, env(tt.env))
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
					t.Fatalf("error = %v, want one naming %s", err, tt.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			tt.check(t, cfg.Tuning)
		})
	}
}
