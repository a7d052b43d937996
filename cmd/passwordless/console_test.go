package main

import (
	"bytes"
	"context"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"passwordless/api/apitest"
	"passwordless/server"
	"passwordless/storage"
)

// TestConsoleSetupLink: `console setup-link` prints a fresh link, on the
// same database and token secret, that the server's setup page accepts.
func TestConsoleSetupLink(t *testing.T) {
	dir := t.TempDir()
	url := "sqlite://" + filepath.Join(dir, "db.sqlite")
	t.Setenv("DATABASE_URL", url)
	t.Setenv("DATA_DIR", dir)
	t.Setenv("PUBLIC_URL", "https://console.example")
	t.Setenv("TOKEN_SECRET", "")
	var links []string
	for range 2 {
		var out, errOut bytes.Buffer
		if err := run(context.Background(), []string{"console", "setup-link"}, os.Getenv, &out, &errOut); err != nil {
			t.Fatalf("console setup-link: %v (%s)", err, errOut.String())
		}
		links = append(links, strings.TrimSpace(out.String()))
	}
	if links[0] == links[1] || !strings.HasPrefix(links[0], "https://console.example/console/setup?token=") {
		t.Fatalf("links = %q, want two different setup links", links)
	}
	secret, _, err := loadOrCreateSecret("", dir, "token.secret")
	if err != nil {
		t.Fatal(err)
	}
	db, err := storage.Open(context.Background(), url, nil)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = db.Close() })
	h := apitest.New(t, apitest.Options{DB: db, Configure: func(c *server.Config) {
		c.TokenSecret, c.PublicURL = []byte(secret), "https://console.example"
	}})
	for _, link := range links {
		rec := httptest.NewRecorder()
		h.Handler.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, link, nil))
		if rec.Code != http.StatusOK || !strings.Contains(rec.Body.String(), "data-ceremony=\"setup\"") {
			t.Errorf("setup page of %s: %d", link, rec.Code)
		}
	}
	var out, errOut bytes.Buffer
	if err := run(context.Background(), []string{"console", "nothing"}, os.Getenv, &out, &errOut); err == nil || !strings.Contains(err.Error(), "usage") {
		t.Errorf("unknown subcommand: %v", err)
	}
	if err := run(context.Background(), []string{"console", "setup-link", "--help"}, os.Getenv, &out, &errOut); err != nil ||
		!strings.Contains(out.String(), "Usage: passwordless console setup-link") || !strings.Contains(out.String(), "PUBLIC_URL") {
		t.Errorf("console --help: %v %s", err, out.String())
	}
}
