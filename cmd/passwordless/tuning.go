package main

import (
	"errors"
	"fmt"
	"net"
	"os"
	"strconv"
	"strings"
	"time"

	"passwordless/api"
	"passwordless/quota"
	"passwordless/server"
	"passwordless/tracing"
)

// Tuning are the optional operating settings beyond DESIGN §4: limits,
// proxies and the FIDO metadata file. Unset values keep the defaults.
type Tuning struct {
	MetadataPath           string
	RateLimits             *quota.Limits
	MagicLinkNewAppTimeout *time.Duration
	TrustedProxies         []string
	// AccessLog is "summary" (default) or "all" (ACCESS_LOG).
	AccessLog string
	// WebhooksAllowPrivate permits webhooks over http and to private
	// addresses (WEBHOOKS_ALLOW_PRIVATE=1): development only.
	WebhooksAllowPrivate bool
	// Webhooks are the webhook worker's delivery limits (WEBHOOKS_*).
	Webhooks webhookTuning
	// RequestTimeout is every request's deadline (REQUEST_TIMEOUT).
	RequestTimeout time.Duration
	// StartupRetry is how long serve retries its first connection to the
	// database and Redis (STARTUP_RETRY).
	StartupRetry time.Duration
	// ShutdownDrain is how long a stopping server keeps answering (not
	// ready, closing connections) before it stops accepting (SHUTDOWN_DRAIN).
	ShutdownDrain time.Duration
	// Tracing is OpenTelemetry export (OTEL_EXPORTER_OTLP_*), off unless
	// an endpoint is set.
	Tracing tracing.Settings
}

// loadTuning reads the tuning variables; every bad value is named.
func loadTuning(getenv func(string) string) (Tuning, error) {
	var t Tuning
	var errs []error
	t.MetadataPath = getenv("FIDO_METADATA_PATH")
	if t.MetadataPath != "" {
		if _, err := os.Stat(t.MetadataPath); err != nil {
			errs = append(errs, fmt.Errorf("FIDO_METADATA_PATH: %w", err))
		}
	}
	if limits, set := rateLimits(getenv, &errs); set {
		t.RateLimits = &limits
	}
	if raw := getenv("MAGIC_LINK_NEW_APP_TIMEOUT"); raw != "" {
		d, err := time.ParseDuration(raw)
		if err != nil || d < 0 {
			errs = append(errs, errors.New("MAGIC_LINK_NEW_APP_TIMEOUT must be a duration such as 24h or 0s"))
		}
		t.MagicLinkNewAppTimeout = &d
	}
	t.RequestTimeout = duration(getenv, "REQUEST_TIMEOUT", 10*time.Second, &errs)
	t.StartupRetry = duration(getenv, "STARTUP_RETRY", 30*time.Second, &errs)
	t.ShutdownDrain = duration(getenv, "SHUTDOWN_DRAIN", 2*time.Second, &errs)
	if t.RequestTimeout == 0 {
		errs = append(errs, errors.New("REQUEST_TIMEOUT must be above 0"))
	}
	if raw := getenv("TRUSTED_PROXIES"); raw != "" {
		for _, p := range strings.Split(raw, ",") {
			p = strings.TrimSpace(p)
			if net.ParseIP(p) == nil {
				if _, _, err := net.ParseCIDR(p); err != nil {
					errs = append(errs, fmt.Errorf("TRUSTED_PROXIES: %q is neither an IP address nor a CIDR range", p))
					continue
				}
			}
			t.TrustedProxies = append(t.TrustedProxies, p)
		}
	}
	switch t.AccessLog = getenv("ACCESS_LOG"); t.AccessLog {
	case "", api.AccessLogSummary, api.AccessLogAll:
	default:
		errs = append(errs, errors.New("ACCESS_LOG must be summary or all"))
	}
	switch raw := getenv("WEBHOOKS_ALLOW_PRIVATE"); strings.ToLower(raw) {
	case "", "0", "false":
	case "1", "true":
		t.WebhooksAllowPrivate = true
	default:
		errs = append(errs, errors.New("WEBHOOKS_ALLOW_PRIVATE must be 1 or 0"))
	}
	t.Webhooks = loadWebhookTuning(getenv, &errs)
	tr, err := tracing.FromEnv(getenv)
	t.Tracing, errs = tr, append(errs, err)
	return t, errors.Join(errs...)
}

// rateLimitVars are the per-minute limits, by variable (0 = unlimited).
var rateLimitVars = []struct {
	name string
	dst  func(*quota.Limits) *quota.Rate
}{
	{"RATE_LIMIT_APP_PER_MINUTE", func(l *quota.Limits) *quota.Rate { return &l.Tenant }},
	{"RATE_LIMIT_APP_PUBLIC_PER_MINUTE", func(l *quota.Limits) *quota.Rate { return &l.Public }},
	{"RATE_LIMIT_APP_TELEMETRY_PER_MINUTE", func(l *quota.Limits) *quota.Rate { return &l.Telemetry }},
	{"RATE_LIMIT_IP_PER_MINUTE", func(l *quota.Limits) *quota.Rate { return &l.ClientIP }},
	{"RATE_LIMIT_AUTH_FAILURES_PER_MINUTE", func(l *quota.Limits) *quota.Rate { return &l.AuthFailures }},
	{"RATE_LIMIT_AUTH_FAILURES_PER_ADDRESS_PER_MINUTE", func(l *quota.Limits) *quota.Rate { return &l.AuthFailuresPerAddress }},
}

// rateLimits reads the RATE_LIMIT_* variables over quota.DefaultLimits;
// set is false when none is set. RATE_LIMIT_IPV6_PREFIX is the network
// size IPv6 clients are counted by: 32 (an ISP's allocation) to 128 (one
// address).
func rateLimits(getenv func(string) string, errs *[]error) (limits quota.Limits, set bool) {
	limits = quota.DefaultLimits()
	for _, v := range rateLimitVars {
		raw := getenv(v.name)
		if raw == "" {
			continue
		}
		set = true
		n, err := strconv.Atoi(raw)
		if err != nil || n < 0 {
			*errs = append(*errs, fmt.Errorf("%s must be a whole number of requests (0 = unlimited)", v.name))
			continue
		}
		*v.dst(&limits) = quota.Rate{Limit: int64(n), Period: time.Minute}
		if n == 0 {
			*v.dst(&limits) = quota.Rate{}
		}
	}
	if raw := getenv("RATE_LIMIT_IPV6_PREFIX"); raw != "" {
		set = true
		n, err := strconv.Atoi(raw)
		if err != nil || n < 32 || n > 128 {
			*errs = append(*errs, errors.New("RATE_LIMIT_IPV6_PREFIX must be a prefix length from 32 to 128 (default 64)"))
		} else {
			limits.IPv6Prefix = n
		}
	}
	if getenv("RATE_LIMIT_STORE_TIMEOUT") != "" {
		set = true
		limits.StoreTimeout = duration(getenv, "RATE_LIMIT_STORE_TIMEOUT", quota.DefaultStoreTimeout, errs)
		if limits.StoreTimeout == 0 {
			*errs = append(*errs, errors.New("RATE_LIMIT_STORE_TIMEOUT must be a positive duration such as 250ms"))
		}
	}
	return limits, set
}

// apply copies the tuning into the server configuration.
func (t Tuning) apply(sc *server.Config) {
	sc.MetadataPath = t.MetadataPath
	sc.RateLimits = t.RateLimits
	sc.MagicLinkNewAppTimeout = t.MagicLinkNewAppTimeout
	sc.TrustedProxies = t.TrustedProxies
	sc.AccessLog = t.AccessLog
	sc.Webhooks.AllowPrivate = t.WebhooksAllowPrivate
	t.Webhooks.apply(&sc.Webhooks)
	sc.RequestTimeout = t.RequestTimeout
	sc.Tracing = t.Tracing
}

// duration reads a non-negative duration variable, def when unset.
func duration(getenv func(string) string, name string, def time.Duration, errs *[]error) time.Duration {
	raw := getenv(name)
	if raw == "" {
		return def
	}
	d, err := time.ParseDuration(raw)
	if err != nil || d < 0 {
		*errs = append(*errs, fmt.Errorf("%s must be a duration such as 10s or 500ms", name))
		return def
	}
	return d
}
