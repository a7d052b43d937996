package problems

import (
	"strings"
	"unicode/utf8"
)

// The text rule every input shares (API bodies, query parameters and path
// segments, console forms, service arguments): a value must be valid UTF-8
// without NUL characters. PostgreSQL refuses both, so they are stopped at
// the edge, named by their field, instead of failing as a 500 deep in a
// store; SQLite would store them and hand them back to every page and mail.

// BadTextMessage is the validation message of a value that breaks the rule.
const BadTextMessage = "The value must be valid UTF-8 text without NUL characters."

// CleanText reports whether s is valid UTF-8 without NUL characters.
func CleanText(s string) bool {
	return utf8.ValidString(s) && !strings.ContainsRune(s, 0)
}

// BadText is the validation_failed problem naming field as text that
// breaks the rule.
func BadText(field string) *Error {
	return Validation(field, BadTextMessage)
}
