package passkeys

import (
	"strings"
	"testing"

	"passwordless/problems"
)

// TestCheckAliases_LookAlikes is issue 24 item 11: aliases that render like
// another one were stored as different aliases. Each case is a real spoof
// (or a legitimate alias that must keep working).
func TestCheckAliases_LookAlikes(t *testing.T) {
	tests := []struct {
		name, alias string
		want        string // normalized alias; "" when refused
		refusal     string // substring of the refusal message
	}{
		{"plain e-mail", "admin@example.com", "admin@example.com", ""},
		{"case is kept (aliases are case-sensitive)", "Admin@Example.com", "Admin@Example.com", ""},
		{"fullwidth letters are their ASCII alias (NFKC)", "ａｄｍｉｎ@example.com", "admin@example.com", ""},
		{"a ligature is its letters (NFKC)", "ﬁnance@example.com", "finance@example.com", ""},
		{"Cyrillic а in a Latin word", "\u0430dmin@example.com", "", "mix scripts"},
		{"Greek ο in a Latin word", "r\u03bfot@example.com", "", "mix scripts"},
		{"Latin a in a Cyrillic word", "пaвел", "", "mix scripts"},
		{"zero-width space", "ad\u200bmin@example.com", "", "invisible"},
		{"zero-width joiner", "admin\u200d@example.com", "", "invisible"},
		{"right-to-left override", "\u202eadmin@example.com", "", "invisible"},
		{"soft hyphen", "ad\u00admin@example.com", "", "invisible"},
		{"Hangul filler", "admin\u3164@example.com", "", "invisible"},
		{"BEL", "admin\a@example.com", "", "control"},
		{"newline", "admin\n@example.com", "", "control"},
		{"Cyrillic local part, Latin domain", "павел@example.com", "павел@example.com", ""},
		{"Greek word", "αλέξανδρος", "αλέξανδρος", ""},
		{"Japanese with Latin", "tanaka太郎カタカナひらがな", "tanaka太郎カタカナひらがな", ""},
		{"Korean with Latin and Han", "kim김金", "kim김金", ""},
		{"combining accent (Inherited) in a Latin word", "jose\u0301@example.com", "josé@example.com", ""},
		{"digits with Cyrillic", "пользователь42", "пользователь42", ""},
		{"a phone number", "+45 12 34 56 78", "+45 12 34 56 78", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := checkAliases([]string{tt.alias})
			if tt.refusal != "" {
				p := problems.From(err)
				if err == nil || p.Code != problems.ValidationFailed || len(p.Errors["aliases"]) == 0 ||
					!strings.Contains(p.Errors["aliases"][0], tt.refusal) {
					t.Fatalf("checkAliases(%q) = %v, %v; want validation_failed on aliases saying %q", tt.alias, got, err, tt.refusal)
				}
				return
			}
			if err != nil || len(got) != 1 || got[0] != tt.want {
				t.Fatalf("checkAliases(%q) = %q, %v; want [%q]", tt.alias, got, err, tt.want)
			}
		})
	}
}

// TestCheckAliases_DuplicatesAfterNormalizing: two spellings of one alias
// are one alias.
func TestCheckAliases_DuplicatesAfterNormalizing(t *testing.T) {
	got, err := checkAliases([]string{"admin@example.com", "ａｄｍｉｎ@example.com"})
	if err != nil || len(got) != 1 {
		t.Errorf("checkAliases = %q, %v; want one alias", got, err)
	}
}

// TestNormalizeAlias_ASCIIUnchanged: upstream's aliases (ASCII) keep their
// hashes.
func TestNormalizeAlias_ASCIIUnchanged(t *testing.T) {
	for _, a := range []string{"anders@example.com", "Anders Jensen", "+4512345678", "a.b-c_d"} {
		if got := NormalizeAlias(a); got != a {
			t.Errorf("NormalizeAlias(%q) = %q", a, got)
		}
	}
}
