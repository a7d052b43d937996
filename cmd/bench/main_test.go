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

// TestRun_RepeatsAgainstOneDatabase: every run creates its own application,
// so a second run on the same database does not fail on the first's.
func TestRun_RepeatsAgainstOneDatabase(t *testing.T) {
	db := "sqlite://" + t.TempDir() + "/bench.db"
	for i := range 2 {
		var out bytes.Buffer
		if err := run([]string{"-n", "2", "-c", "1", "-scenario", "users-count,unauthorized", "-database", db}, &out); err != nil {
			t.Fatalf("run %d: %v\n%s", i+1, err, out.String())
		}
	}
}

// TestRun_MeasuresAtEverySize: -users seeds a fresh application per size
// and reports each scenario at each one.
func TestRun_MeasuresAtEverySize(t *testing.T) {
	var out bytes.Buffer
	if err := run([]string{"-n", "2", "-c", "1", "-users", "0,600", "-scenario", "users-count,users-list-100"}, &out); err != nil {
		t.Fatalf("bench: %v\n%s", err, out.String())
	}
	rows := map[string]bool{}
	for _, line := range strings.Split(out.String(), "\n") {
		if f := strings.Fields(line); len(f) > 2 {
			rows[f[0]+" "+f[1]] = true
		}
	}
	for _, row := range []string{"0 users-count", "600 users-count", "600 users-list-100"} {
		if !rows[row] {
			t.Errorf("report lacks %q:\n%s", row, out.String())
		}
	}
}

// TestRun_AlternatesScenariosOverRounds: -rounds measures the listed
// scenarios in turn, round after round (A, B, A, B), and gives each
// scenario's median.
func TestRun_AlternatesScenariosOverRounds(t *testing.T) {
	var out bytes.Buffer
	if err := run([]string{"-n", "2", "-c", "1", "-rounds", "2", "-scenario", "users-count,unauthorized"}, &out); err != nil {
		t.Fatalf("bench: %v\n%s", err, out.String())
	}
	var order []string
	for _, line := range strings.Split(out.String(), "\n") {
		if f := strings.Fields(line); len(f) > 3 && f[0] == "0" {
			order = append(order, f[1]+" "+f[2])
		}
	}
	want := []string{"users-count 1", "unauthorized 1", "users-count 2", "unauthorized 2"}
	if strings.Join(order, ",") != strings.Join(want, ",") {
		t.Errorf("measured %v, want %v:\n%s", order, want, out.String())
	}
	for _, name := range []string{"users-count", "unauthorized"} {
		if !strings.Contains(out.String(), name+" at 0 users: median ") {
			t.Errorf("no median for %s:\n%s", name, out.String())
		}
	}
}
