package main

import (
	"flag"
)

// envDoc documents one environment variable for --help (the README's
// configuration table says the same at more length).
type envDoc struct{ name, def, meaning string }

// serverEnv is every variable serve reads.
var serverEnv = []envDoc{
	{"LISTEN_ADDR", ":8080", "HTTP listen address"},
	{"DATABASE_URL", "sqlite://DATA_DIR/passwordless.db", "postgres://… or sqlite://PATH; migrations run at start"},
	{"DATABASE_REPLICA_URL", "none", "a read replica of DATABASE_URL (same kind) for reporting and /users/list reads"},
	{"REDIS_URL", "in-process", "redis://host:port[/db] (one node); redis://h1:p1?addr=h2:p2&addr=h3:p3 (Cluster)"},
	{"REDIS_SENTINEL_MASTER", "", "master name; REDIS_URL's host and addr= are then the Sentinels"},
	{"MANAGEMENT_KEY", "generated into DATA_DIR", "the ManagementKey header value"},
	{"TOKEN_SECRET", "generated into DATA_DIR", "at least 32 characters; mixed into every token signing key"},
	{"SMTP_URL", "outbox in DATA_DIR", "smtp://[user:pass@]host[:port] or smtps://…"},
	{"MAIL_FROM", "no-reply@localhost", "sender of every mail: addr (the subject is the display name) or Name <addr> (Name is)"},
	{"PUBLIC_URL", "http:// and the listen address", "public base URL of setup links and problem type URIs; a wildcard listen host is localhost"},
	{"DATA_DIR", "./data", "generated secrets, mail outbox, default SQLite file"},
	{"LOG_LEVEL", "info", "debug, info, warn or error (JSON lines on stderr)"},
	{"ACCESS_LOG", "summary", "summary: a line per failed request, successes summed per route each minute; all: a line per request"},
	{"PPROF", "off", "1 serves /debug/pprof behind the management key"},
	{"RATE_LIMIT_APP_PER_MINUTE", "6000", "ApiSecret requests per minute per application; 0 = unlimited"},
	{"RATE_LIMIT_APP_PUBLIC_PER_MINUTE", "6000", "public-key ceremony requests per minute per application; 0 = unlimited"},
	{"RATE_LIMIT_APP_TELEMETRY_PER_MINUTE", "600", "public-key failure reports per minute per application; 0 = unlimited"},
	{"RATE_LIMIT_IP_PER_MINUTE", "600", "requests per minute per client address on public-key endpoints"},
	{"RATE_LIMIT_AUTH_FAILURES_PER_MINUTE", "60", "failed authentications per minute per client address and application"},
	{"RATE_LIMIT_AUTH_FAILURES_PER_ADDRESS_PER_MINUTE", "600", "failed authentications per minute per client address, all applications"},
	{"RATE_LIMIT_IPV6_PREFIX", "64", "IPv6 clients are counted per network of this many bits (32-128)"},
	{"RATE_LIMIT_STORE_TIMEOUT", "250ms", "wait for Redis's rate counters before a request is let through unchecked"},
	{"TRUSTED_PROXIES", "none", "comma-separated IPs/CIDRs whose X-Forwarded-For is believed"},
	{"MAGIC_LINK_NEW_APP_TIMEOUT", "24h", "how long a new application may only mail its admins"},
	{"FIDO_METADATA_PATH", "", "FIDO MDS3 blob for the authenticator lists"},
	{"OTEL_EXPORTER_OTLP_ENDPOINT", "off", "OTLP collector URL; set, every request is traced (SQL and Redis as child spans)"},
	{"OTEL_EXPORTER_OTLP_PROTOCOL", "http/protobuf", "http/protobuf or grpc (the other OTEL_* variables apply as usual)"},
	{"CONSOLE_INVITES_PER_DAY", "20", "invitations one console organization may send in any 24 hours"},
	{"CONSOLE_APPS_PER_ORG", "10", "applications one console organization may own"},
	{"CONSOLE_SIGNUP", "on", "off: nobody can create a console organization from the sign-in page"},
}

// databaseEnv is what the database-only commands read.
var databaseEnv = envNamed("DATABASE_URL", "DATA_DIR", "LOG_LEVEL")

// envNamed picks the serverEnv entries called names.
func envNamed(names ...string) []envDoc {
	var out []envDoc
	for _, n := range names {
		for _, e := range serverEnv {
			if e.name == n {
				out = append(out, e)
			}
		}
	}
	return out
}

// helpConfigFlags is the server flag set with the built-in defaults, never
// the environment's values (which may be secrets).
func helpConfigFlags(name string) *flag.FlagSet {
	cfg := envConfig(func(string) string { return "" })
	return configFlags(name, &cfg)
}
