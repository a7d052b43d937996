package diagnostics

import (
	"slices"
	"testing"
	"time"
)

func BenchmarkClassify(b *testing.B) {
	r := Report{Ceremony: SignIn, Error: map[string]any{"name": "NotAllowedError",
		"message": "The operation either timed out or was not allowed. See: https://www.w3.org/TR/webauthn-2/#sctn-privacy-considerations-client."}}
	for b.Loop() {
		Classify(r)
	}
}

// BenchmarkClassify_Corpus classifies every real report of the corpus once
// per iteration.
func BenchmarkClassify_Corpus(b *testing.B) {
	var reports []Report
	for _, e := range loadCorpus(b) {
		reports = append(reports, e.report(b))
	}
	b.ResetTimer()
	for b.Loop() {
		for _, r := range reports {
			Classify(r)
		}
	}
}

// TestClassify_CorpusLatency measures every report of the corpus, 50 times
// each, and holds the 99th percentile under issue 21's 5 ms.
func TestClassify_CorpusLatency(t *testing.T) {
	var took []time.Duration
	for _, e := range loadCorpus(t) {
		r := e.report(t)
		for range 50 {
			start := time.Now()
			Classify(r)
			took = append(took, time.Since(start))
		}
	}
	slices.Sort(took)
	p50, p99, max := took[len(took)/2], took[len(took)*99/100], took[len(took)-1]
	t.Logf("classify over the corpus: %d calls, p50 %v, p99 %v, max %v", len(took), p50, p99, max)
	if p99 > 5*time.Millisecond {
		t.Errorf("p99 %v, issue 21 wants < 5 ms", p99)
	}
}
