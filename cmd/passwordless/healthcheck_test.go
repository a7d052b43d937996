package main

import (
	"bytes"
	"context"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

func TestLocalHealthURL(t *testing.T) {
	tests := []struct{ listen, want string }{
		{"", "http://127.0.0.1:8080/health/http"},
		{":9090", "http://127.0.0.1:9090/health/http"},
		{"0.0.0.0:8080", "http://127.0.0.1:8080/health/http"},
		{"[::]:8080", "http://[::1]:8080/health/http"},
		{"10.1.2.3:80", "http://10.1.2.3:80/health/http"},
	}
	for _, tt := range tests {
		got, err := localHealthURL(tt.listen)
		if err != nil || got != tt.want {
			t.Errorf("localHealthURL(%q) = %q, %v; want %q", tt.listen, got, err, tt.want)
		}
	}
	if _, err := localHealthURL("8080"); err == nil {
		t.Error("a listen address without a colon was accepted")
	}
}

func TestHealthcheck_ExitsZeroOnlyOnHealthy(t *testing.T) {
	tests := []struct {
		name    string
		status  int
		body    string
		wantErr bool
	}{
		{"healthy", http.StatusOK, "Healthy", false},
		{"unhealthy status", http.StatusServiceUnavailable, "Healthy", true},
		{"unexpected body", http.StatusOK, "Degraded", true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				if r.URL.Path != "/health/http" {
					http.NotFound(w, r)
					return
				}
				w.WriteHeader(tt.status)
				_, _ = w.Write([]byte(tt.body))
			}))
			defer srv.Close()
			var out bytes.Buffer
			err := run(context.Background(), []string{"healthcheck", "--url", srv.URL + "/health/http"},
				func(string) string { return "" }, &out, &out)
			if (err != nil) != tt.wantErr {
				t.Fatalf("err = %v, wantErr %v", err, tt.wantErr)
			}
		})
	}
}

func TestHealthcheck_FailsWhenNothingListens(t *testing.T) {
	srv := httptest.NewServer(http.NotFoundHandler())
	url := srv.URL + "/health/http"
	srv.Close()
	err := run(context.Background(), []string{"healthcheck", "--url", url, "--timeout", "1s"},
		func(string) string { return "" }, &bytes.Buffer{}, &bytes.Buffer{})
	if err == nil || !strings.Contains(err.Error(), "healthcheck") {
		t.Fatalf("err = %v, want a healthcheck error", err)
	}
}
