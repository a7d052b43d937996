package diagnostics

import "testing"

func BenchmarkClassify(b *testing.B) {
	r := Report{Ceremony: SignIn, Error: map[string]any{"name": "NotAllowedError",
		"message": "The operation either timed out or was not allowed. See: https://www.w3.org/TR/webauthn-2/#sctn-privacy-considerations-client."}}
	for b.Loop() {
		Classify(r)
	}
}
