package diagnostics

import (
	"encoding/json"
	"regexp"
	"strings"
)

// Bounds of a stored sample: what is kept of a report is small and holds
// no secret, token, key or personal data.
const (
	sampleDepth     = 10
	sampleStringLen = 512
	sampleMaxBytes  = 4096
	redacted        = "[redacted]"
)

// secretKeys are members whose value is dropped whatever it looks like:
// any member whose normalised name contains one of them.
var secretKeys = []string{"session", "token", "secret", "apikey", "apisecret", "password", "passcode",
	"authorization", "cookie", "challenge", "credential", "rawid", "userhandle", "signature", "clientdatajson",
	"attestationobject", "authenticatordata", "publickey", "privatekey", "email", "phone", "mobile"}

// personalKeys are members dropped when their whole normalised name is one
// of these (a substring test would drop "userInfo" or "name").
var personalKeys = []string{"id", "userid", "user", "username", "displayname", "alias", "handle", "tel"}

// The redactions applied to every string, in order: a URL keeps its path
// but loses its query; then e-mail addresses, our tokens and keys, JWTs,
// "password=…"-style values, card numbers, phone numbers and anything that
// looks like a credential id, user handle or challenge.
var (
	urlQuery     = regexp.MustCompile(`(?i)\b((?:https?|wss?)://[^\s?#"'<>]+)\?[^\s#"'<>]*`)
	emailAddress = regexp.MustCompile(`[A-Za-z0-9._%+\-]+@[A-Za-z0-9\-]+(?:\.[A-Za-z0-9\-]+)*\.[A-Za-z]{2,}`)
	ourSecrets   = regexp.MustCompile(`(?i)(session_|register_|verify_)[A-Za-z0-9_\-]+|[A-Za-z0-9]+:(public|secret):[0-9a-f]+|eyJ[A-Za-z0-9_\-]+\.[A-Za-z0-9_\-]+\.[A-Za-z0-9_\-]*`)
	secretValue  = regexp.MustCompile(`(?i)\b(pass(?:word|wd|code)?|pwd|secret|token|otp)(\s*[=:]\s*)[^\s&,;"'}]+`)
	cardNumber   = regexp.MustCompile(`\b(?:\d[ \-]?){12,18}\d\b`)
	phoneNumber  = regexp.MustCompile(`(?:\+|\b00)\d[\d ().\-]{6,}\d|\(\d{3}\) ?\d{3}[ .\-]\d{4}\b|\b\d{3}[ .\-]\d{3}[ .\-]\d{4}\b|\b0\d{2,4}[ .\-]\d{3,4}[ .\-]\d{3,4}\b|\b\d{10,15}\b`)
	idLikeRun    = regexp.MustCompile(`[A-Za-z0-9_\-+=]{12,}`)
)

// redactText removes personal data and secrets from one string.
func redactText(s string) string {
	s = urlQuery.ReplaceAllString(s, "$1?"+redacted)
	s = emailAddress.ReplaceAllString(s, redacted)
	s = ourSecrets.ReplaceAllString(s, redacted)
	s = secretValue.ReplaceAllString(s, "$1$2"+redacted)
	s = cardNumber.ReplaceAllStringFunc(s, func(m string) string {
		if luhn(m) {
			return redacted
		}
		return m
	})
	s = phoneNumber.ReplaceAllString(s, redacted)
	return idLikeRun.ReplaceAllStringFunc(s, func(m string) string {
		if idLike(m) {
			return redacted
		}
		return m
	})
}

// idLike tells a random identifier from a word or a constant: a credential
// id, user handle or challenge (base64url of random bytes, any length from
// 12 characters) mixes digits with lower and upper case, or is long and
// mixes digits with letters (hex, UUIDs). Names such as
// NSLocalizedFailureReason or TYPE_NOT_ALLOWED_ERROR have no digit.
func idLike(s string) bool {
	var digit, lower, upper bool
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case c >= '0' && c <= '9':
			digit = true
		case c >= 'a' && c <= 'z':
			lower = true
		case c >= 'A' && c <= 'Z':
			upper = true
		}
	}
	return digit && ((lower && upper) || len(s) >= 20 && (lower || upper))
}

// luhn reports whether a run of digits (spaces and dashes ignored) passes
// the card-number checksum, so that other long numbers are left alone.
func luhn(s string) bool {
	sum, n := 0, 0
	for i := len(s) - 1; i >= 0; i-- {
		c := s[i]
		if c < '0' || c > '9' {
			continue
		}
		d := int(c - '0')
		if n%2 == 1 {
			if d *= 2; d > 9 {
				d -= 9
			}
		}
		sum += d
		n++
	}
	return n >= 13 && sum%10 == 0
}

// sanitize returns a JSON rendering of the report's error with secrets and
// personal data replaced, strings clipped and depth bounded, at most
// sampleMaxBytes.
func sanitize(v map[string]any) string {
	out, _ := json.Marshal(clean(v, 0))
	if len(out) > sampleMaxBytes {
		out, _ = json.Marshal(map[string]any{"truncated": strings.ToValidUTF8(string(out[:sampleMaxBytes/2]), "")})
	}
	return string(out)
}

func clean(v any, depth int) any {
	if depth >= sampleDepth {
		return "[depth]"
	}
	switch x := v.(type) {
	case map[string]any:
		m := make(map[string]any, len(x))
		for k, e := range x {
			if isSecretKey(k) {
				m[k] = redacted
				continue
			}
			m[k] = clean(e, depth+1)
		}
		return m
	case []any:
		n := len(x)
		if n > 16 {
			n = 16
		}
		list := make([]any, n)
		for i := range list {
			list[i] = clean(x[i], depth+1)
		}
		return list
	case string:
		s := x
		if len(s) > 4*sampleStringLen {
			s = s[:4*sampleStringLen] // bound the redaction's work on hostile input
		}
		s = redactText(s)
		if len(s) > sampleStringLen {
			s = s[:sampleStringLen]
		}
		return strings.ToValidUTF8(s, "")
	}
	return v
}

func isSecretKey(k string) bool {
	nk := key(k)
	for _, s := range secretKeys {
		if strings.Contains(nk, s) {
			return true
		}
	}
	return contains(personalKeys, nk)
}
