package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"passwordless/events"
	"passwordless/server"
)

// TestEventsExport: `events export` writes one application's log as
// NDJSON, oldest first, in GET /events' shape, bounded by the day range;
// another application's events never appear, and a bad range, a missing
// --app or an unknown application fail with a reason.
func TestEventsExport(t *testing.T) {
	dir := t.TempDir()
	url := "sqlite://" + filepath.Join(dir, "db.sqlite")
	t.Setenv("DATABASE_URL", url)
	t.Setenv("DATA_DIR", dir)
	t.Setenv("TOKEN_SECRET", "")
	ctx := context.Background()
	var out, errOut bytes.Buffer
	for _, app := range []string{"mine", "theirs"} {
		if err := run(ctx, []string{"apps", "create", app, "--event-logging"}, os.Getenv, &out, &errOut); err != nil {
			t.Fatalf("apps create %s: %v (%s)", app, err, errOut.String())
		}
	}
	srv, err := server.Open(ctx, server.Config{DatabaseURL: url, TokenSecret: []byte(strings.Repeat("s", 32))})
	if err != nil {
		t.Fatal(err)
	}
	// Days after the applications' creation (now), so it comes first.
	day := time.Now().UTC().Truncate(24*time.Hour).AddDate(0, 0, 1).Add(10 * time.Hour)
	d0, d1 := day.Format(events.DayLayout), day.AddDate(0, 0, 1).Format(events.DayLayout)
	for i, app := range []string{"mine", "theirs", "mine"} {
		e := events.About(app, "user-1", events.APIUserDeleted, "User deleted.")
		e.PerformedAt = day.AddDate(0, 0, i)
		if err := srv.EventLog.Record(ctx, e); err != nil {
			t.Fatal(err)
		}
	}
	_ = srv.Close()

	tests := []struct {
		args []string
		want []string // event types, in order
	}{
		{[]string{"--app", "mine"}, []string{"ApiManagementAppCreated", "ApiUserDeleted", "ApiUserDeleted"}},
		{[]string{"--app", "mine", "--from", d0, "--to", d1}, []string{"ApiUserDeleted"}},
		{[]string{"--app", "theirs", "--from", d1, "--to", d1}, []string{"ApiUserDeleted"}},
	}
	for _, tt := range tests {
		out.Reset()
		if err := run(ctx, append([]string{"events", "export"}, tt.args...), os.Getenv, &out, &errOut); err != nil {
			t.Fatalf("events export %v: %v", tt.args, err)
		}
		var got []string
		sc := bufio.NewScanner(&out)
		for sc.Scan() {
			var e events.Entry
			if err := json.Unmarshal(sc.Bytes(), &e); err != nil || e.TenantID != tt.args[1] {
				t.Fatalf("events export %v: line %q (%v)", tt.args, sc.Text(), err)
			}
			got = append(got, e.EventType)
		}
		if strings.Join(got, " ") != strings.Join(tt.want, " ") {
			t.Errorf("events export %v = %v, want %v", tt.args, got, tt.want)
		}
	}

	for _, bad := range []struct {
		args []string
		want string
	}{
		{[]string{"--app", "mine", "--from", "2026-02-05", "--to", "2026-02-04"}, "to: The date 'to'"},
		{[]string{"--app", "mine", "--from", "3 Feb"}, "from: The value '3 Feb' is not a valid date"},
		{[]string{"--from", "2026-02-03"}, "--app APPID is required"},
		{[]string{"--app", "nobody"}, "app_not_found"},
		{nil, "see 'passwordless events export --help'"},
	} {
		out.Reset()
		err := run(ctx, append([]string{"events", "export"}, bad.args...), os.Getenv, &out, &errOut)
		if err == nil || !strings.Contains(err.Error(), bad.want) || out.Len() > 0 {
			t.Errorf("events export %v = %v, %q; want an error with %q and no output", bad.args, err, out.String(), bad.want)
		}
	}
	out.Reset()
	if err := run(ctx, []string{"events", "export", "--help"}, os.Getenv, &out, &errOut); err != nil ||
		!strings.Contains(out.String(), "Usage: passwordless events export --app APPID") || !strings.Contains(out.String(), "-from") {
		t.Errorf("events export --help: %v %s", err, out.String())
	}
}
