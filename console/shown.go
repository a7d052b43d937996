package console

import (
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"
)

// shown is a user id (or alias, or event text naming one) as the console
// prints it: characters that do not render as themselves (controls, format
// characters such as a zero-width space or a bidi override, line
// separators, invalid UTF-8) become visible escapes such as \u200B, so two
// ids that look alike can be told apart and an override cannot reorder the
// page. Text without them is unchanged.
func shown(s string) string {
	if !hidesCharacters(s) {
		return s
	}
	var b strings.Builder
	for i := 0; i < len(s); {
		r, n := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == utf8.RuneError && n == 1:
			fmt.Fprintf(&b, `\x%02X`, s[i])
		case r == '\\':
			b.WriteString(`\\`) // so a typed "\u200B" is not read as an escape
		case hidden(r) && r > 0xFFFF:
			fmt.Fprintf(&b, `\U%08X`, r)
		case hidden(r):
			fmt.Fprintf(&b, `\u%04X`, r)
		default:
			b.WriteRune(r)
		}
		i += n
	}
	return b.String()
}

func hidesCharacters(s string) bool {
	if !utf8.ValidString(s) {
		return true
	}
	return strings.IndexFunc(s, hidden) >= 0
}

func hidden(r rune) bool {
	return unicode.In(r, unicode.Cc, unicode.Cf, unicode.Zl, unicode.Zp, unicode.Other_Default_Ignorable_Code_Point)
}
