package diagnostics

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"passwordless/problems"
)

// corpusEntry is one real report, rebuilt from a public issue thread or an
// engine's source (source), with the classification it must get. Error is
// an object or, as some pages send it, a plain string.
type corpusEntry struct {
	Source    string        `json:"source"`
	Ceremony  Ceremony      `json:"ceremony"`
	Platform  Platform      `json:"platform"`
	ElapsedMs int64         `json:"elapsedMs"`
	TimeoutMs int64         `json:"timeoutMs"`
	Mediation string        `json:"mediation"`
	Error     any           `json:"error"`
	Want      problems.Code `json:"want"`
	Note      string        `json:"note"`
}

// report is the entry as Classify receives it.
func (e corpusEntry) report(t testing.TB) Report {
	obj, ok := errorObject(e.Error)
	if !ok {
		t.Fatalf("%s: error is neither an object nor a string", e.Source)
	}
	return Report{Ceremony: e.Ceremony, Platform: e.Platform, ElapsedMs: e.ElapsedMs, TimeoutMs: e.TimeoutMs,
		Immediate: e.Mediation == "immediate", Conditional: e.Mediation == "conditional", Error: obj}
}

// loadCorpus reads every testdata/corpus*.json.
func loadCorpus(t testing.TB) []corpusEntry {
	files, err := filepath.Glob("testdata/corpus*.json")
	if err != nil || len(files) == 0 {
		t.Fatalf("no corpus: %v", err)
	}
	var all []corpusEntry
	for _, f := range files {
		raw, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		dec := json.NewDecoder(bytes.NewReader(raw))
		dec.UseNumber()
		var part []corpusEntry
		if err := dec.Decode(&part); err != nil {
			t.Fatalf("%s: %v", f, err)
		}
		all = append(all, part...)
	}
	return all
}

func TestClassify_RealReportsCorpus(t *testing.T) {
	corpus := loadCorpus(t)
	if len(corpus) < 100 {
		t.Fatalf("corpus has %d entries", len(corpus))
	}
	var right, unknown, falseCancels int
	for _, e := range corpus {
		if !strings.HasPrefix(e.Source, "https://") || e.Want == "" {
			t.Errorf("entry without a source or an expectation: %+v", e)
		}
		got := Classify(e.report(t)).ErrorCode
		switch {
		case got == e.Want:
			right++
		default:
			t.Errorf("%s (%s): %s, want %s", e.Source, e.Note, got, e.Want)
		}
		if got == problems.PasskeyUnknown {
			unknown++
		}
		if got == problems.PasskeyCancelled && e.Want != problems.PasskeyCancelled {
			falseCancels++
		}
	}
	n := float64(len(corpus))
	t.Logf("corpus: %d reports, %.1f%% right, %.1f%% passkey_unknown, %d non-cancels answered passkey_cancelled",
		len(corpus), 100*float64(right)/n, 100*float64(unknown)/n, falseCancels)
	if float64(right) < 0.9*n || float64(unknown) > 0.12*n || falseCancels != 0 {
		t.Errorf("issue 21's target missed: ≥ 90%% right, ≤ 12%% unknown, 0 false cancels")
	}
}

// Every real {name, message} report of the corpus, sent in the other shapes
// clients use for the same error — a plain string, a bare message, a React
// Native wrapper's {error, message}, Flutter's {code, message, details}, a
// console's "Uncaught (in promise) …" line — gets the same answer.
func TestClassify_CorpusReshapedGetsTheSameAnswer(t *testing.T) {
	n := 0
	for _, e := range loadCorpus(t) {
		obj, ok := e.Error.(map[string]any)
		name, _ := obj["name"].(string)
		msg, _ := obj["message"].(string)
		if !ok || name == "" || msg == "" || len(obj) != 2 {
			continue
		}
		want := Classify(e.report(t)).ErrorCode
		for shape, v := range map[string]any{
			"plain string": name + ": " + msg,
			"bare message": map[string]any{"message": name + ": " + msg},
			"React Native": map[string]any{"error": name, "message": msg},
			"Flutter":      map[string]any{"code": name, "message": msg, "details": nil},
			"console line": "Uncaught (in promise) " + name + ": " + msg,
		} {
			n++
			reshaped := e
			reshaped.Error = v
			if got := Classify(reshaped.report(t)).ErrorCode; got != want {
				t.Errorf("%s as a %s: %s, want %s as {name, message} (%s: %.80s)", e.Source, shape, got, want, name, msg)
			}
		}
	}
	if n < 100 {
		t.Fatalf("only %d reshaped reports", n)
	}
}
