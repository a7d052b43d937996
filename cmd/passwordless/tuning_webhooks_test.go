package main

import (
	"strings"
	"testing"
	"time"

	"passwordless/server"
)

// TestLoadTuning_WebhookLimits: the webhook delivery limits come from
// WEBHOOKS_*, reach the server's configuration, and a bad value is named.
func TestLoadTuning_WebhookLimits(t *testing.T) {
	tests := []struct {
		name    string
		env     map[string]string
		want    server.WebhookConfig
		wantErr string
	}{
		{name: "unset keeps the worker's defaults", want: server.WebhookConfig{}},
		{name: "set", env: map[string]string{"WEBHOOKS_CONNECT_TIMEOUT": "1s", "WEBHOOKS_HEADER_TIMEOUT": "2500ms",
			"WEBHOOKS_CONCURRENCY": "64", "WEBHOOKS_APP_CONCURRENCY": "4"},
			want: server.WebhookConfig{ConnectTimeout: time.Second, HeaderTimeout: 2500 * time.Millisecond,
				Concurrency: 64, PerApp: 4}},
		{name: "bad timeout", env: map[string]string{"WEBHOOKS_HEADER_TIMEOUT": "soon"}, wantErr: "WEBHOOKS_HEADER_TIMEOUT"},
		{name: "no slots", env: map[string]string{"WEBHOOKS_CONCURRENCY": "0"}, wantErr: "WEBHOOKS_CONCURRENCY"},
		{name: "bad share", env: map[string]string{"WEBHOOKS_APP_CONCURRENCY": "-1"}, wantErr: "WEBHOOKS_APP_CONCURRENCY"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cfg, _, err := LoadConfig(nil, env(tt.env))
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
					t.Fatalf("error = %v, want one naming %s", err, tt.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			var sc server.Config
			cfg.Tuning.apply(&sc)
			got := sc.Webhooks
			if got.ConnectTimeout != tt.want.ConnectTimeout || got.HeaderTimeout != tt.want.HeaderTimeout ||
				got.Concurrency != tt.want.Concurrency || got.PerApp != tt.want.PerApp {
				t.Errorf("webhook config = %+v, want %+v", got, tt.want)
			}
		})
	}
}
