package main

import (
	"bytes"
	"context"
	"strings"
	"testing"
)

// TestRun_HelpPrintsUsageAndSucceeds: --help anywhere prints the command's
// usage, flags and environment on stdout and succeeds, never showing the
// values the environment holds (which may be secrets).
func TestRun_HelpPrintsUsageAndSucceeds(t *testing.T) {
	secrets := env(map[string]string{"MANAGEMENT_KEY": "mk-secret-value", "DATABASE_URL": "postgres://u:pw-secret@db/x"})
	tests := []struct {
		args []string
		want []string
	}{
		{[]string{"--help"}, []string{"Usage: passwordless [command]", "serve", "migrate", "apps create", "healthcheck"}},
		{[]string{"-h"}, []string{"Usage: passwordless [command]"}},
		{[]string{"help"}, []string{"Usage: passwordless [command]"}},
		{[]string{"help", "migrate"}, []string{"Usage: passwordless migrate", "DATABASE_URL"}},
		{[]string{"serve", "--help"}, []string{"Usage: passwordless serve", "-listen", "-redis-sentinel-master", "REDIS_SENTINEL_MASTER", "TOKEN_SECRET", "TRUSTED_PROXIES"}},
		{[]string{"--listen", ":1", "-h"}, []string{"Usage: passwordless serve"}},
		{[]string{"migrate", "-help"}, []string{"Usage: passwordless migrate", "-database"}},
		{[]string{"apps", "create", "--help"}, []string{"Usage: passwordless apps create APPID", "-admin-email", "-database"}},
		{[]string{"apps", "--help"}, []string{"Usage: passwordless apps create"}},
		{[]string{"healthcheck", "--help"}, []string{"Usage: passwordless healthcheck", "-timeout", "LISTEN_ADDR"}},
	}
	for _, tt := range tests {
		t.Run(strings.Join(tt.args, " "), func(t *testing.T) {
			var out, errOut bytes.Buffer
			if err := run(context.Background(), tt.args, secrets, &out, &errOut); err != nil {
				t.Fatalf("run = %v, want success", err)
			}
			for _, w := range tt.want {
				if !strings.Contains(out.String(), w) {
					t.Errorf("output lacks %q:\n%s", w, out.String())
				}
			}
			if strings.Contains(out.String(), "mk-secret-value") || strings.Contains(out.String(), "pw-secret") {
				t.Errorf("help shows an environment value:\n%s", out.String())
			}
		})
	}
}

// TestRun_BadFlagPointsAtHelp: an unknown flag fails and names the help.
func TestRun_BadFlagPointsAtHelp(t *testing.T) {
	for _, args := range [][]string{{"--bogus"}, {"migrate", "--bogus"}, {"healthcheck", "--bogus"}} {
		var out, errOut bytes.Buffer
		err := run(context.Background(), args, env(nil), &out, &errOut)
		if err == nil || !strings.Contains(err.Error(), "--help") {
			t.Errorf("%v: error = %v, want one pointing at --help", args, err)
		}
	}
}
