package tokens

import (
	"fmt"
	"time"

	"passwordless/problems"
)

// The problems below carry upstream's titles (spec §3.2) because clients
// show the title to developers.

func missingToken(prefix string) *problems.Error {
	return problems.Titled(problems.MissingToken,
		"This operation requires a token that starts with '%s' to be passed.", prefix)
}

func wrongPrefix(prefix, token string) *problems.Error {
	head := []rune(token)
	if len(head) > 10 {
		head = head[:10]
	}
	return problems.Titled(problems.InvalidToken,
		"The token you sent was not correct. The token used for this endpoint should start with '%s'. "+
			"Make sure you are not sending the wrong value. The value you sent started with '%s'",
		prefix, string(head))
}

// notValid covers every token that decodes but must not pass: unknown or
// retired key, bad signature, another tenant, another kind.
func notValid(cause error) *problems.Error {
	p := problems.Titled(problems.InvalidToken,
		"The token you supplied was not valid. It could be that the token has expired or that it was not issued for this tenant.")
	p.Err = cause
	return p
}

func badFormat(cause error) *problems.Error {
	p := problems.Titled(problems.InvalidTokenFormat,
		"The token you supplied was not formatted correctly. It should be valid base64url.")
	p.Err = cause
	return p
}

func expired(ago time.Duration) *problems.Error {
	return problems.Titled(problems.ExpiredToken, "The token expired %s ago.", Humanize(ago))
}

var humanUnits = []struct {
	size time.Duration
	name string
}{
	{7 * 24 * time.Hour, "week"},
	{24 * time.Hour, "day"},
	{time.Hour, "hour"},
	{time.Minute, "minute"},
	{time.Second, "second"},
}

// Humanize renders d as upstream's Humanizer does with one unit of
// precision: the largest unit that fits, counted down ("90 seconds" is
// "1 minute"), weeks at most. Anything under a second reads "1 second",
// since an expired token expired at least a moment ago.
func Humanize(d time.Duration) string {
	for _, u := range humanUnits {
		if n := int64(d / u.size); n >= 1 {
			if n == 1 {
				return "1 " + u.name
			}
			return fmt.Sprintf("%d %ss", n, u.name)
		}
	}
	return "1 second"
}
