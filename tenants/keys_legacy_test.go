package tenants

import "testing"

// The vector of upstream's tests/Common.Tests/Utils/ApiKeyUtilsTests.cs.
const (
	vectorSecret = "test:secret:a679563b331846c79c20b114a4f56d02"
	vectorHash   = "4RtmMr0hVknaQAIhaRtPHw==:xR7bg3NVsC80a8GDDhH39g=="
)

func TestImportedSecret_MatchesUpstreamHash(t *testing.T) {
	k, err := ImportedSecret("test", "6d02", vectorHash, []string{ScopeTokenVerify})
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name  string
		value string
		want  bool
	}{
		{"the secret", vectorSecret, true},
		{"another secret", "test:secret:a679563b331846c79c20b114a4f56d03", false},
		{"empty", "", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := k.Matches(tt.value); got != tt.want {
				t.Errorf("Matches(%q) = %v, want %v", tt.value, got, tt.want)
			}
		})
	}
}

func TestImportedSecret_RefusesMalformedHash(t *testing.T) {
	for _, h := range []string{"", "nocolon", "!!:xR7bg3NVsC80a8GDDhH39g==", "4RtmMr0hVknaQAIhaRtPHw==:c2hvcnQ="} {
		if _, err := ImportedSecret("test", "6d02", h, nil); err == nil {
			t.Errorf("ImportedSecret(%q) accepted", h)
		}
	}
	// A stored hash damaged after import matches nothing.
	k := &APIKey{Kind: Secret, SecretHash: []byte(legacyPrefix + "garbage")}
	if k.Matches(vectorSecret) {
		t.Error("a damaged hash matched")
	}
}
