package diagnostics

import (
	"encoding/json"
	"regexp"
	"strings"
)

// Bounds of a stored sample: what is kept of a report is small and holds
// no secret, token or key.
const (
	sampleDepth     = 10
	sampleStringLen = 512
	sampleMaxBytes  = 4096
	redacted        = "[redacted]"
)

// secretKeys are members whose value is dropped whatever it looks like.
var secretKeys = []string{"session", "token", "secret", "apikey", "apisecret", "password", "authorization",
	"cookie", "challenge", "credential", "rawid", "userhandle", "signature", "clientdatajson",
	"attestationobject", "authenticatordata", "publickey", "privatekey"}

// secretValue matches values that are tokens or keys wherever they appear:
// our session_/register_/verify_ values and API keys, JWTs, long
// base64url runs (challenges, credential ids, user handles).
var secretValue = regexp.MustCompile(`(?i)(session_|register_|verify_)[A-Za-z0-9_\-]+|[A-Za-z0-9]+:(public|secret):[0-9a-f]+|eyJ[A-Za-z0-9_\-]+\.[A-Za-z0-9_\-]+\.[A-Za-z0-9_\-]*|[A-Za-z0-9_\-+/=]{32,}`)

// sanitize returns a JSON rendering of the report's error with secrets
// replaced, strings clipped and depth bounded, at most sampleMaxBytes.
func sanitize(v map[string]any) string {
	out, _ := json.Marshal(clean(v, 0))
	if len(out) > sampleMaxBytes {
		out, _ = json.Marshal(map[string]any{"truncated": string(out[:sampleMaxBytes/2])})
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
		s := secretValue.ReplaceAllString(x, redacted)
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
	return false
}
