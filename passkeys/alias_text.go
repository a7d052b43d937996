package passkeys

import (
	"sort"
	"unicode"

	"golang.org/x/text/unicode/norm"
)

// Messages of the aliases that look like another one (issue 24 item 11).
const (
	aliasesInvisible = "The field Aliases must not contain control or invisible formatting characters " +
		"(such as a zero-width space or a bidirectional override)."
	aliasesMixedScripts = "The field Aliases must not mix scripts within a word (such as a Cyrillic 'а' among Latin letters); " +
		"Latin may be combined with Han, Hiragana and Katakana, Bopomofo or Hangul."
)

// NormalizeAlias is the form in which an alias is checked, stored, hashed
// and looked up: Unicode NFKC, so that compatibility variants that render
// like another alias (fullwidth "ａｄｍｉｎ", the ligature "ﬁ", a
// superscript digit) are that alias. Case is kept: aliases are
// case-sensitive, as upstream's alias hashes are, so a backend that wants
// "Alice@example.com" and "alice@example.com" to be one alias lower-cases
// them itself.
func NormalizeAlias(alias string) string { return norm.NFKC.String(alias) }

// aliasTextProblem is why a normalized alias is refused, or "": it holds a
// control or invisible character (Unicode categories Cc and Cf, and the
// other default-ignorable code points such as the Hangul filler), or a word
// of it mixes scripts as a spoof would.
func aliasTextProblem(alias string) string {
	for _, r := range alias {
		if unicode.In(r, unicode.Cc, unicode.Cf, unicode.Other_Default_Ignorable_Code_Point) {
			return aliasesInvisible
		}
	}
	if mixesScripts(alias) {
		return aliasesMixedScripts
	}
	return ""
}

// mixesScripts reports whether a word of s (a run of letters, marks and
// digits) has letters of scripts that UTS #39's "highly restrictive" level
// does not allow together: one script, or Latin with the scripts written
// alongside it in Japanese, Chinese or Korean. Separators ('@', '.', '-',
// spaces) end a word, so "пример@example.com" is two single-script words;
// "аdmin" with a Cyrillic а is one mixed word.
func mixesScripts(s string) bool {
	word := map[string]bool{}
	for _, r := range s + " " {
		if !unicode.In(r, unicode.L, unicode.M, unicode.N) {
			if !allowedScriptSet(word) {
				return true
			}
			clear(word)
			continue
		}
		if name := scriptOf(r); name != "" {
			word[name] = true
		}
	}
	return false
}

// cjkWithLatin are the multi-script sets UTS #39 allows at its highly
// restrictive level.
var cjkWithLatin = []map[string]bool{
	{"Latin": true, "Han": true, "Hiragana": true, "Katakana": true},
	{"Latin": true, "Han": true, "Bopomofo": true},
	{"Latin": true, "Han": true, "Hangul": true},
}

func allowedScriptSet(set map[string]bool) bool {
	if len(set) <= 1 {
		return true
	}
	for _, allowed := range cjkWithLatin {
		inside := true
		for name := range set {
			inside = inside && allowed[name]
		}
		if inside {
			return true
		}
	}
	return false
}

// scripts are Unicode's scripts but Common and Inherited (punctuation,
// digits, combining marks: they belong to any script), most used first.
var scripts = func() []struct {
	name  string
	table *unicode.RangeTable
} {
	first := map[string]int{"Latin": 0, "Cyrillic": 1, "Greek": 2, "Han": 3, "Arabic": 4, "Hebrew": 5}
	var out []struct {
		name  string
		table *unicode.RangeTable
	}
	for name, table := range unicode.Scripts {
		if name != "Common" && name != "Inherited" {
			out = append(out, struct {
				name  string
				table *unicode.RangeTable
			}{name, table})
		}
	}
	rank := func(name string) int {
		if r, ok := first[name]; ok {
			return r
		}
		return len(first)
	}
	sort.Slice(out, func(i, j int) bool {
		ri, rj := rank(out[i].name), rank(out[j].name)
		return ri < rj || (ri == rj && out[i].name < out[j].name)
	})
	return out
}()

// scriptOf names the script of r, or "" for Common and Inherited.
func scriptOf(r rune) string {
	for _, s := range scripts {
		if unicode.Is(s.table, r) {
			return s.name
		}
	}
	return ""
}
