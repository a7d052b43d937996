package main

import (
	"crypto/rand"
	"encoding/hex"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/mail"
	"net/url"
	"os"
	"path/filepath"
	"strings"

	"passwordless/storage"
)

// Config is the server configuration (DESIGN §4). Flags override the
// environment; the environment overrides the defaults.
type Config struct {
	ListenAddr  string
	DatabaseURL string
	// DatabaseReplicaURL is a read replica of DatabaseURL for reporting
	// and list reads; empty = none.
	DatabaseReplicaURL string
	RedisURL           string
	// RedisSentinelMaster names the master the Sentinels in RedisURL elect.
	RedisSentinelMaster string
	ManagementKey       string
	TokenSecret         string
	SMTPURL             string
	MailFrom            string
	PublicURL           string
	// publicURLDerived is set when PUBLIC_URL was not given and PublicURL
	// comes from the listen address; serve then uses the bound port.
	publicURLDerived bool
	DataDir          string
	// LogLevel is LOG_LEVEL as given (checked by validate).
	LogLevel string
	// Pprof serves /debug/pprof behind the management key (PPROF=1, --pprof).
	Pprof    bool
	pprofRaw string
	Tuning
	// OrgLimits bound each console organization (loadOrgLimits).
	OrgLimits orgLimits
}

// LoadConfig reads getenv and the flags in args. Every bad value is named
// in the returned error, one per line, by its variable.
func LoadConfig(args []string, getenv func(string) string) (Config, []string, error) {
	return loadConfigWith(args, getenv, nil)
}

// loadConfigWith is LoadConfig for a command with flags of its own, which
// extra adds to the server's.
func loadConfigWith(args []string, getenv func(string) string, extra func(*flag.FlagSet)) (Config, []string, error) {
	cfg := envConfig(getenv)
	fs := configFlags("serve", &cfg)
	if extra != nil {
		extra(fs)
	}
	if err := fs.Parse(args); err != nil {
		return cfg, nil, fmt.Errorf("flags: %w", err)
	}
	cfg.deriveDefaults()
	cfg.PublicURL = strings.TrimRight(cfg.PublicURL, "/")
	tuning, tuningErr := loadTuning(getenv)
	cfg.Tuning = tuning
	orgLimits, orgErr := loadOrgLimits(getenv) // CONSOLE_INVITES_PER_DAY, CONSOLE_APPS_PER_ORG, CONSOLE_SIGNUP
	cfg.OrgLimits = orgLimits
	return cfg, fs.Args(), errors.Join(cfg.validate(), tuningErr, orgErr)
}

// envConfig is the configuration the environment gives, before flags.
// DATABASE_URL and PUBLIC_URL stay empty when unset: their defaults follow
// DATA_DIR and LISTEN_ADDR, which flags may still change (deriveDefaults).
func envConfig(getenv func(string) string) Config {
	return Config{
		ListenAddr:          envOr(getenv, "LISTEN_ADDR", ":8080"),
		DatabaseURL:         getenv("DATABASE_URL"),
		DatabaseReplicaURL:  getenv("DATABASE_REPLICA_URL"),
		RedisURL:            getenv("REDIS_URL"),
		RedisSentinelMaster: getenv("REDIS_SENTINEL_MASTER"),
		ManagementKey:       getenv("MANAGEMENT_KEY"),
		TokenSecret:         getenv("TOKEN_SECRET"),
		SMTPURL:             getenv("SMTP_URL"),
		MailFrom:            envOr(getenv, "MAIL_FROM", "no-reply@localhost"),
		PublicURL:           getenv("PUBLIC_URL"),
		DataDir:             envOr(getenv, "DATA_DIR", "./data"),
		LogLevel:            getenv("LOG_LEVEL"),
		Pprof:               getenv("PPROF") == "1" || strings.EqualFold(getenv("PPROF"), "true"),
		pprofRaw:            getenv("PPROF"),
	}
}

// deriveDefaults fills the settings whose defaults depend on others: the
// SQLite file lives in DATA_DIR, and PUBLIC_URL is where LISTEN_ADDR
// listens, so setup links and problem type URIs point at this server.
func (c *Config) deriveDefaults() {
	if c.DatabaseURL == "" {
		c.DatabaseURL = "sqlite://" + strings.TrimRight(c.DataDir, "/") + "/passwordless.db"
	}
	if c.PublicURL == "" {
		c.PublicURL, c.publicURLDerived = defaultPublicURL(c.ListenAddr), true
	}
}

// defaultPublicURL is the URL of a listen address as seen from this
// machine: a wildcard host (":9090", "0.0.0.0:9090", "[::]:9090") is
// localhost, any other host is kept.
func defaultPublicURL(listenAddr string) string {
	host, port, err := net.SplitHostPort(listenAddr)
	if err != nil {
		return "http://localhost:8080" // LISTEN_ADDR is reported by validate
	}
	if ip := net.ParseIP(host); host == "" || (ip != nil && ip.IsUnspecified()) {
		host = "localhost"
	}
	return "http://" + net.JoinHostPort(host, port)
}

// configFlags is the flag set of the server configuration, writing into
// cfg (whose values are the flags' defaults); --help shows it.
func configFlags(name string, cfg *Config) *flag.FlagSet {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	fs.StringVar(&cfg.ListenAddr, "listen", cfg.ListenAddr, "HTTP listen address (LISTEN_ADDR)")
	fs.StringVar(&cfg.DatabaseURL, "database", cfg.DatabaseURL, "postgres://… or sqlite://PATH (DATABASE_URL; default sqlite://DATA_DIR/passwordless.db)")
	fs.StringVar(&cfg.DatabaseReplicaURL, "database-replica", cfg.DatabaseReplicaURL, "read replica of the database for reporting and list reads (DATABASE_REPLICA_URL)")
	fs.StringVar(&cfg.RedisURL, "redis", cfg.RedisURL, "redis://… (REDIS_URL); empty = in-process")
	fs.StringVar(&cfg.RedisSentinelMaster, "redis-sentinel-master", cfg.RedisSentinelMaster, "master name; REDIS_URL then names the Sentinels (REDIS_SENTINEL_MASTER)")
	fs.StringVar(&cfg.ManagementKey, "management-key", cfg.ManagementKey, "ManagementKey header value (MANAGEMENT_KEY)")
	fs.StringVar(&cfg.PublicURL, "public-url", cfg.PublicURL, "public base URL of setup links and problem type URIs (PUBLIC_URL; default http:// and the listen address, a wildcard host as localhost)")
	fs.StringVar(&cfg.DataDir, "data-dir", cfg.DataDir, "directory of generated secrets, the mail outbox and the default SQLite file (DATA_DIR)")
	fs.BoolVar(&cfg.Pprof, "pprof", cfg.Pprof, "serve /debug/pprof, behind the management key (PPROF=1)")
	return fs
}

func envOr(getenv func(string) string, name, def string) string {
	if v := getenv(name); v != "" {
		return v
	}
	return def
}

func (c Config) validate() error {
	var errs []error
	if _, _, err := net.SplitHostPort(c.ListenAddr); err != nil {
		errs = append(errs, fmt.Errorf("LISTEN_ADDR %q is not host:port", c.ListenAddr))
	}
	if _, _, err := storage.ParseURL(c.DatabaseURL); err != nil {
		errs = append(errs, err)
	}
	if c.DatabaseReplicaURL != "" {
		if _, _, err := storage.ParseURL(c.DatabaseReplicaURL); err != nil {
			errs = append(errs, fmt.Errorf("DATABASE_REPLICA_URL: %w", err))
		}
	}
	if c.RedisURL != "" {
		if _, err := storage.ParseRedis(c.RedisURL, c.RedisSentinelMaster); err != nil {
			errs = append(errs, err)
		}
	} else if c.RedisSentinelMaster != "" {
		errs = append(errs, errors.New("REDIS_SENTINEL_MASTER needs REDIS_URL naming the Sentinels"))
	}
	if c.SMTPURL != "" {
		if u, err := url.Parse(c.SMTPURL); err != nil || (u.Scheme != "smtp" && u.Scheme != "smtps") || u.Host == "" {
			errs = append(errs, errors.New("SMTP_URL must look like smtp://host:port or smtps://user:pass@host:port"))
		}
	}
	if u, err := url.Parse(c.PublicURL); err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		errs = append(errs, fmt.Errorf("PUBLIC_URL %q must be an absolute http(s) URL", c.PublicURL))
	}
	if _, err := mail.ParseAddress(c.MailFrom); err != nil {
		errs = append(errs, fmt.Errorf("MAIL_FROM %q must be an address such as no-reply@example.com or Name <no-reply@example.com>", c.MailFrom))
	}
	if _, err := parseLogLevel(c.LogLevel); err != nil {
		errs = append(errs, err)
	}
	switch strings.ToLower(c.pprofRaw) {
	case "", "0", "false", "1", "true":
	default:
		errs = append(errs, errors.New("PPROF must be 1 or 0"))
	}
	if c.ManagementKey != "" {
		errs = append(errs, checkManagementKey(c.ManagementKey))
	}
	if c.TokenSecret != "" && len(c.TokenSecret) < 32 {
		errs = append(errs, errors.New("TOKEN_SECRET must be at least 32 characters"))
	}
	return errors.Join(errs...)
}

// parseLogLevel reads LOG_LEVEL: debug, info, warn or error (any case;
// slog's offsets such as warn+2 too); empty is info.
func parseLogLevel(s string) (slog.Level, error) {
	var l slog.Level
	if s == "" {
		return slog.LevelInfo, nil
	}
	if err := l.UnmarshalText([]byte(s)); err != nil {
		return slog.LevelInfo, fmt.Errorf("LOG_LEVEL %q must be debug, info, warn or error", s)
	}
	return l, nil
}

// minManagementKey is the shortest management key accepted: the key opens
// every tenant, so it must not be guessable (wrong guesses are also limited
// per address).
const minManagementKey = 32

// checkManagementKey refuses a management key that is too short.
func checkManagementKey(key string) error {
	if len(key) < minManagementKey {
		return fmt.Errorf("MANAGEMENT_KEY must be at least %d characters (it has %d); generate one with `openssl rand -hex 32`", minManagementKey, len(key))
	}
	return nil
}

// loadOrCreateSecret returns value when set; otherwise the secret stored in
// dataDir/name, generating it on first start. created tells the caller to
// print it once.
func loadOrCreateSecret(value, dataDir, name string) (secret string, created bool, err error) {
	if value != "" {
		return value, false, nil
	}
	path := filepath.Join(dataDir, name)
	if b, err := os.ReadFile(path); err == nil {
		return strings.TrimSpace(string(b)), false, nil
	}
	if err := os.MkdirAll(dataDir, 0o700); err != nil {
		return "", false, fmt.Errorf("create data dir %s: %w", dataDir, err)
	}
	b := make([]byte, 32)
	if _, err := rand.Read(b); err != nil {
		return "", false, err
	}
	secret = hex.EncodeToString(b)
	if err := os.WriteFile(path, []byte(secret+"\n"), 0o600); err != nil {
		return "", false, fmt.Errorf("store %s: %w", path, err)
	}
	return secret, true, nil
}
