package diagnostics

import (
	"bytes"
	"encoding/json"
	"os"
	"testing"

	"passwordless/problems"
)

// The reports gathered in round corpus7 (testdata/corpus_stop27f.json, web
// front-ends, RP libraries and non-English texts) are all classified as the
// threads show; the log line is the round's before/after measure.
func TestClassify_Round7ReportsAsTheirThreadsShow(t *testing.T) {
	raw, err := os.ReadFile("testdata/corpus_stop27f.json")
	if err != nil {
		t.Fatal(err)
	}
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.UseNumber()
	var rows []corpusEntry
	if err := dec.Decode(&rows); err != nil {
		t.Fatal(err)
	}
	var right, unknown, falseCancels int
	for _, e := range rows {
		got := Classify(e.report(t)).ErrorCode
		if got == e.Want {
			right++
		} else {
			t.Errorf("%s (%s): %s, want %s", e.Source, e.Note, got, e.Want)
		}
		if got == problems.PasskeyUnknown {
			unknown++
		}
		if got == problems.PasskeyCancelled && e.Want != problems.PasskeyCancelled {
			falseCancels++
		}
	}
	t.Logf("round 7: %d/%d right, %d passkey_unknown, %d non-cancels answered passkey_cancelled",
		right, len(rows), unknown, falseCancels)
}
