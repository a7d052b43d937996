package main

import (
	"strings"
	"testing"

	"passwordless/server"
	"passwordless/tracing"
)

// TestLoadTuning_Tracing: the OTEL_* variables reach the server
// configuration, and a bad one stops the start naming it.
func TestLoadTuning_Tracing(t *testing.T) {
	tun, err := loadTuning(env(map[string]string{"OTEL_EXPORTER_OTLP_ENDPOINT": "http://127.0.0.1:4317",
		"OTEL_EXPORTER_OTLP_PROTOCOL": "grpc"}))
	var sc server.Config
	tun.apply(&sc)
	if err != nil || sc.Tracing.Protocol != tracing.ProtocolGRPC {
		t.Errorf("tracing = %+v, %v; want grpc", sc.Tracing, err)
	}
	if tun, err := loadTuning(env(nil)); err != nil || tun.Tracing.Enabled() {
		t.Errorf("without an endpoint: %+v, %v; want tracing off", tun.Tracing, err)
	}
	_, err = loadTuning(env(map[string]string{"OTEL_EXPORTER_OTLP_ENDPOINT": "http://127.0.0.1:4318",
		"OTEL_EXPORTER_OTLP_PROTOCOL": "http/json"}))
	if err == nil || !strings.Contains(err.Error(), "OTEL_EXPORTER_OTLP_PROTOCOL") {
		t.Errorf("http/json: %v, want an error naming OTEL_EXPORTER_OTLP_PROTOCOL", err)
	}
}
