package main

import (
	"bytes"
	"strings"
	"testing"
)

// TestRun_EveryScenarioWorks keeps the benchmark tool from rotting: each
// scenario runs a few operations against the real server without error.
// It asserts correctness only; speed is read from the tool's own output.
func TestRun_EveryScenarioWorks(t *testing.T) {
	var out bytes.Buffer
	if err := run([]string{"-n", "3", "-c", "2"}, &out); err != nil {
		t.Fatalf("bench: %v\n%s", err, out.String())
	}
	for _, name := range scenarioNames() {
		if !strings.Contains(out.String(), name) {
			t.Errorf("scenario %s missing from the report:\n%s", name, out.String())
		}
	}
}
