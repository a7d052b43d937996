package diagnostics

import (
	"encoding/json"
	"reflect"
	"testing"
	"unicode/utf8"

	"passwordless/problems"
)

// FuzzReport feeds untrusted error members, as POST /diagnostics/failures
// receives them with only the public key, through the decoder, the
// classifier and the sample sanitizer: none may panic, the answer is a
// catalogued code with a full row, the same input always gets the same
// answer, what is echoed is short printable text, and a sample is bounded
// JSON. Seeded with every report of the corpus.
func FuzzReport(f *testing.F) {
	for _, e := range loadCorpus(f) {
		raw, err := json.Marshal(e.Error)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(raw, e.Ceremony == Register, e.Mediation == "immediate")
	}
	f.Add([]byte(`"A request is already pending."`), false, false)
	f.Add([]byte(`{"underlying":{"underlying":{"underlying":{"domain":"ASCAuthorizationErrorDomain","code":5}}}}`), false, true)
	f.Fuzz(func(t *testing.T, raw []byte, register, immediate bool) {
		var ev ErrorValue
		if err := json.Unmarshal(raw, &ev); err != nil {
			return // refused as invalid_json before the classifier
		}
		r := Report{Ceremony: SignIn, Immediate: immediate, Error: ev}
		if register {
			r.Ceremony = Register
		}
		c := Classify(r)
		if _, ok := problems.Lookup(c.ErrorCode); !ok || c.Severity == "" || c.Action == "" || c.Title == "" || c.Detail == "" {
			t.Fatalf("incomplete classification %+v for %q", c, raw)
		}
		if again := Classify(r); !reflect.DeepEqual(again, c) {
			t.Fatalf("the same report got %+v, then %+v: %q", c, again, raw)
		}
		for s := &c.Source; s != nil; s = s.Underlying {
			for _, v := range []string{s.Domain, s.Name, s.Type, s.DomError, s.ErrorCode, s.StatusCode, s.SDKLabel} {
				if len(v) > 200 || !utf8.ValidString(v) {
					t.Fatalf("source echoes %q", v)
				}
			}
		}
		sample := sanitize(ev)
		if len(sample) > sampleMaxBytes+64 || !json.Valid([]byte(sample)) {
			t.Fatalf("sample of %d bytes, valid %v: %.200s", len(sample), json.Valid([]byte(sample)), sample)
		}
	})
}
