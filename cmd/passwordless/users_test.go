package main

import (
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"strings"
	"testing"
)

// TestUsers: users list shows an application's users (a table, or the
// API's JSON), never another application's; users delete removes one.
func TestUsers(t *testing.T) {
	e, cmd := sqliteCLI(t)
	for _, app := range []string{"mine", "theirs"} {
		if _, err := cmd("apps", "create", app); err != nil {
			t.Fatal(err)
		}
	}
	cfg, _, err := LoadConfig(nil, e)
	if err != nil {
		t.Fatal(err)
	}
	srv, err := openServices(context.Background(), cfg, slog.New(slog.NewTextHandler(io.Discard, nil)))
	if err != nil {
		t.Fatal(err)
	}
	for _, u := range []struct{ app, user string }{{"mine", "alice"}, {"mine", "bob"}, {"theirs", "carol"}} {
		if err := srv.Passkeys.SetAliases(context.Background(), u.app, u.user, []string{u.user + "@example.com"}, false); err != nil {
			t.Fatal(err)
		}
	}
	srv.Close()

	ids := func() []string {
		t.Helper()
		out, err := cmd("users", "list", "--app", "mine", "--json")
		var users []struct{ UserID string }
		if err != nil || json.Unmarshal([]byte(out), &users) != nil {
			t.Fatalf("users list = %q, %v", out, err)
		}
		var got []string
		for _, u := range users {
			got = append(got, u.UserID)
		}
		return got
	}
	if got := strings.Join(ids(), ","); got != "alice,bob" {
		t.Errorf("mine's users = %s, want alice,bob (never theirs' carol)", got)
	}
	table, err := cmd("users", "list", "--app", "mine")
	if err != nil || !strings.HasPrefix(table, "USER ID") || !strings.Contains(table, "alice") || strings.Contains(table, "carol") {
		t.Errorf("table = %q, %v", table, err)
	}
	if _, err := cmd("users", "delete", "--app", "mine", "alice"); err != nil {
		t.Fatal(err)
	}
	if got := strings.Join(ids(), ","); got != "bob" {
		t.Errorf("after delete mine's users = %s, want bob", got)
	}
	for _, bad := range []struct {
		args []string
		want string
	}{
		{[]string{"users", "list", "--app", "nobody"}, "app_not_found"},
		{[]string{"users", "list"}, "--app APPID is required"},
		{[]string{"users", "delete", "--app", "mine"}, "accepts 1 arg"},
	} {
		if _, err := cmd(bad.args...); err == nil || !strings.Contains(err.Error(), bad.want) {
			t.Errorf("%v = %v, want %q", bad.args, err, bad.want)
		}
	}
}
