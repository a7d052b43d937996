package diagnostics

import (
	"bytes"
	"encoding/json"
	"os"
	"strings"
	"testing"

	"passwordless/problems"
)

// corpusEntry is one real report, rebuilt from a public issue thread or an
// engine's source (source), with the classification it must get.
type corpusEntry struct {
	Source    string         `json:"source"`
	Ceremony  Ceremony       `json:"ceremony"`
	Platform  Platform       `json:"platform"`
	ElapsedMs int64          `json:"elapsedMs"`
	TimeoutMs int64          `json:"timeoutMs"`
	Mediation string         `json:"mediation"`
	Error     map[string]any `json:"error"`
	Want      problems.Code  `json:"want"`
	Note      string         `json:"note"`
}

func TestClassify_RealReportsCorpus(t *testing.T) {
	raw, err := os.ReadFile("testdata/corpus.json")
	if err != nil {
		t.Fatal(err)
	}
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.UseNumber()
	var corpus []corpusEntry
	if err := dec.Decode(&corpus); err != nil {
		t.Fatal(err)
	}
	if len(corpus) < 30 {
		t.Fatalf("corpus has %d entries", len(corpus))
	}
	for _, e := range corpus {
		if !strings.HasPrefix(e.Source, "https://") || e.Want == "" {
			t.Errorf("entry without a source or an expectation: %+v", e)
		}
		r := Report{Ceremony: e.Ceremony, Platform: e.Platform, ElapsedMs: e.ElapsedMs, TimeoutMs: e.TimeoutMs,
			Immediate: e.Mediation == "immediate", Error: e.Error}
		if got := Classify(r); got.ErrorCode != e.Want {
			t.Errorf("%s (%s): %s, want %s", e.Source, e.Note, got.ErrorCode, e.Want)
		}
	}
}
