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
		{[]string{"--help"}, []string{"Usage: passwordless [command]", "serve", "migrate", "apps", "healthcheck", "console", "events", "import"}},
		{[]string{"-h"}, []string{"Usage: passwordless [command]"}},
		{[]string{"help"}, []string{"Usage: passwordless [command]"}},
		{[]string{"help", "migrate"}, []string{"Usage: passwordless migrate", "DATABASE_URL"}},
		{[]string{"serve", "--help"}, []string{"Usage: passwordless serve", "--listen", "--redis-sentinel-master", "REDIS_SENTINEL_MASTER", "TOKEN_SECRET", "TRUSTED_PROXIES"}},
		{[]string{"--listen", ":1", "-h"}, []string{"Usage: passwordless [command]", "--listen", "TRUSTED_PROXIES"}},
		{[]string{"migrate", "-h"}, []string{"Usage: passwordless migrate", "--database"}},
		{[]string{"apps", "create", "--help"}, []string{"Usage: passwordless apps create APPID", "--admin-email", "--database"}},
		{[]string{"apps", "--help"}, []string{"Usage: passwordless apps [command]", "create"}},
		{[]string{"apps"}, []string{"Usage: passwordless apps [command]", "create"}},
		{[]string{"healthcheck", "--help"}, []string{"Usage: passwordless healthcheck", "--timeout", "LISTEN_ADDR"}},
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

// TestRun_HelpListsOnlyTheCommandsOwnFlags: a command's help shows the
// flags of what it reads, not the server's other flags.
func TestRun_HelpListsOnlyTheCommandsOwnFlags(t *testing.T) {
	tests := []struct {
		args        []string
		want, avoid []string
	}{
		{[]string{"events", "export", "--help"}, []string{"--app", "--database"}, []string{"--listen", "--redis", "--management-key", "--pprof", "--admin-email"}},
		{[]string{"migrate", "--help"}, []string{"--database"}, []string{"--listen", "--redis", "--public-url", "TRUSTED_PROXIES"}},
		{[]string{"apps", "create", "--help"}, []string{"--admin-email"}, []string{"--listen", "--from"}},
		{[]string{"healthcheck", "--help"}, []string{"--url"}, []string{"--database"}},
		{[]string{"orgs", "create", "--help"}, []string{"--name", "--owner", "--json", "--public-url", "PUBLIC_URL", "TOKEN_SECRET"},
			[]string{"--listen", "--redis", "--management-key", "--admin-email", "--app", "--retention-days"}},
		{[]string{"help", "orgs", "create"}, []string{"--owner"}, []string{"--listen", "--redis", "--admin-email"}},
		{[]string{"orgs", "list", "--help"}, []string{"--json"}, []string{"--owner", "--name", "--listen", "--public-url"}},
		{[]string{"help", "orgs"}, []string{"Usage: passwordless orgs [command]", "create", "list"}, []string{"--owner", "--database", "--listen"}},
		{[]string{"apps", "features", "set", "--help"}, []string{"--magic-link-email-quota", "--retention-days"},
			[]string{"--listen", "--owner", "--public-url"}},
	}
	for _, tt := range tests {
		var out, errOut bytes.Buffer
		if err := run(context.Background(), tt.args, env(nil), &out, &errOut); err != nil {
			t.Fatalf("%v: %v", tt.args, err)
		}
		for _, w := range tt.want {
			if !strings.Contains(out.String(), w) {
				t.Errorf("%v lacks %q:\n%s", tt.args, w, out.String())
			}
		}
		for _, a := range tt.avoid {
			if strings.Contains(out.String(), a) {
				t.Errorf("%v shows %q, not its own:\n%s", tt.args, a, out.String())
			}
		}
	}
}

// TestRun_HelpCommandIsTheCommandsHelp: 'help apps' prints what 'apps
// --help' prints.
func TestRun_HelpCommandIsTheCommandsHelp(t *testing.T) {
	for _, name := range [][]string{{"apps"}, {"events", "export"}, {"serve"}, {"orgs"}, {"orgs", "create"}} {
		var help, flag, errOut bytes.Buffer
		if err := run(context.Background(), append([]string{"help"}, name...), env(nil), &help, &errOut); err != nil {
			t.Fatal(err)
		}
		if err := run(context.Background(), append(name, "--help"), env(nil), &flag, &errOut); err != nil {
			t.Fatal(err)
		}
		if help.String() != flag.String() || help.Len() == 0 {
			t.Errorf("help %v != %v --help:\n%s\n---\n%s", name, name, help.String(), flag.String())
		}
	}
}

// TestRun_UnknownCommandFails: an unknown command or subcommand is an
// error (exit 1), never the server starting.
func TestRun_UnknownCommandFails(t *testing.T) {
	for _, args := range [][]string{{"bogus"}, {"apps", "bogus"}, {"serve", "extra"}, {"apps", "create"}} {
		var out, errOut bytes.Buffer
		if err := run(context.Background(), args, env(nil), &out, &errOut); err == nil {
			t.Errorf("%v succeeded, want an error", args)
		}
	}
}
