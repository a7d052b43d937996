package main

import (
	"strings"
	"testing"
	"time"

	"passwordless/quota"
)

// TestLoadTuning_RateLimits reads every RATE_LIMIT_* variable over the
// defaults and refuses, at start, a value the limiter could not use.
func TestLoadTuning_RateLimits(t *testing.T) {
	tests := []struct {
		name    string
		env     map[string]string
		wantErr string
		check   func(t *testing.T, l quota.Limits)
	}{
		{name: "separate budgets and ceilings", env: map[string]string{"RATE_LIMIT_APP_PUBLIC_PER_MINUTE": "900",
			"RATE_LIMIT_APP_TELEMETRY_PER_MINUTE": "0", "RATE_LIMIT_AUTH_FAILURES_PER_ADDRESS_PER_MINUTE": "100"},
			check: func(t *testing.T, l quota.Limits) {
				d := quota.DefaultLimits()
				if l.Public.Limit != 900 || l.Telemetry.Limit != 0 || l.AuthFailuresPerAddress.Limit != 100 ||
					l.Tenant != d.Tenant || l.AuthFailures != d.AuthFailures || l.IPv6Prefix != quota.DefaultIPv6Prefix {
					t.Errorf("limits = %+v, want the three set and the rest default", l)
				}
			}},
		{name: "IPv6 prefix", env: map[string]string{"RATE_LIMIT_IPV6_PREFIX": "56"},
			check: func(t *testing.T, l quota.Limits) {
				if l.IPv6Prefix != 56 || l.Tenant != quota.DefaultLimits().Tenant {
					t.Errorf("limits = %+v, want /56 and the rest default", l)
				}
			}},
		{name: "IPv6 prefix of one address", env: map[string]string{"RATE_LIMIT_IPV6_PREFIX": "128"},
			check: func(t *testing.T, l quota.Limits) {
				if l.IPv6Prefix != 128 {
					t.Errorf("IPv6Prefix = %d, want 128", l.IPv6Prefix)
				}
			}},
		{name: "IPv6 prefix too short", env: map[string]string{"RATE_LIMIT_IPV6_PREFIX": "16"}, wantErr: "RATE_LIMIT_IPV6_PREFIX"},
		{name: "IPv6 prefix too long", env: map[string]string{"RATE_LIMIT_IPV6_PREFIX": "129"}, wantErr: "RATE_LIMIT_IPV6_PREFIX"},
		{name: "IPv6 prefix not a number", env: map[string]string{"RATE_LIMIT_IPV6_PREFIX": "/64"}, wantErr: "RATE_LIMIT_IPV6_PREFIX"},
		{name: "store timeout", env: map[string]string{"RATE_LIMIT_STORE_TIMEOUT": "2s"},
			check: func(t *testing.T, l quota.Limits) {
				if l.StoreTimeout != 2*time.Second || l.Tenant != quota.DefaultLimits().Tenant {
					t.Errorf("limits = %+v, want a 2 s store timeout and the rest default", l)
				}
			}},
		{name: "store timeout of zero", env: map[string]string{"RATE_LIMIT_STORE_TIMEOUT": "0s"}, wantErr: "RATE_LIMIT_STORE_TIMEOUT"},
		{name: "store timeout not a duration", env: map[string]string{"RATE_LIMIT_STORE_TIMEOUT": "250"}, wantErr: "RATE_LIMIT_STORE_TIMEOUT"},
		{name: "bad telemetry budget", env: map[string]string{"RATE_LIMIT_APP_TELEMETRY_PER_MINUTE": "-1"}, wantErr: "RATE_LIMIT_APP_TELEMETRY_PER_MINUTE"},
		{name: "bad ceiling", env: map[string]string{"RATE_LIMIT_AUTH_FAILURES_PER_ADDRESS_PER_MINUTE": "x"},
			wantErr: "RATE_LIMIT_AUTH_FAILURES_PER_ADDRESS_PER_MINUTE"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tu, err := loadTuning(env(tt.env))
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
					t.Fatalf("error = %v, want one naming %s", err, tt.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if tu.RateLimits == nil {
				t.Fatal("no limits read")
			}
			tt.check(t, *tu.RateLimits)
		})
	}
}
