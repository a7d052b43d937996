package tenants

import (
	"encoding/json"
	"net/url"
	"strings"

	"passwordless/problems"
)

// MaxAllowedOrigins bounds an application's origin list.
const MaxAllowedOrigins = 50

// androidOriginPrefix starts the origin an Android app's ceremonies carry.
const androidOriginPrefix = "android:apk-key-hash:"

// CheckOrigins validates an allowedOrigins list: web origins
// (https://host[:port], or http://localhost for development, no path) and
// Android origins (android:apk-key-hash:<base64url SHA-256>). It returns
// the list with duplicates removed.
func CheckOrigins(list []string) ([]string, error) {
	if len(list) > MaxAllowedOrigins {
		return nil, problems.Validation("allowedOrigins", "At most 50 origins may be allowed.")
	}
	out := []string{}
	seen := map[string]bool{}
	for _, o := range list {
		o = strings.TrimSpace(o)
		if !validOrigin(o) {
			return nil, problems.Validation("allowedOrigins",
				"'"+o+"' is neither a web origin (https://host[:port]) nor an Android origin (android:apk-key-hash:...).")
		}
		if !seen[o] {
			seen[o] = true
			out = append(out, o)
		}
	}
	return out, nil
}

func validOrigin(o string) bool {
	if rest, ok := strings.CutPrefix(o, androidOriginPrefix); ok {
		return len(rest) >= 43 && !strings.ContainsAny(rest, "/+= ")
	}
	u, err := url.Parse(o)
	if err != nil || u.Host == "" || u.Path != "" || u.RawQuery != "" || u.Fragment != "" || u.User != nil {
		return false
	}
	return u.Scheme == "https" || (u.Scheme == "http" && u.Hostname() == "localhost")
}

// OriginAllowed reports whether a ceremony from origin, for the relying
// party rpID, is allowed by the application's list: an empty list allows
// any (compatibility); otherwise origin must be listed and, for a web
// origin, rpID must be its host or a parent domain of it.
func (f Features) OriginAllowed(origin, rpID string) bool {
	if len(f.AllowedOrigins) == 0 {
		return true
	}
	listed := false
	for _, o := range f.AllowedOrigins {
		if o == origin {
			listed = true
			break
		}
	}
	if !listed || strings.HasPrefix(origin, androidOriginPrefix) {
		return listed
	}
	u, err := url.Parse(origin)
	if err != nil {
		return false
	}
	host := u.Hostname()
	return host == rpID || strings.HasSuffix(host, "."+rpID)
}

// HostAllowed reports whether a URL's host belongs to one of the allowed
// web origins (magic-link URL templates); an empty list allows any.
func (f Features) HostAllowed(host string) bool {
	if len(f.AllowedOrigins) == 0 {
		return true
	}
	for _, o := range f.AllowedOrigins {
		if u, err := url.Parse(o); err == nil && u.Host != "" && strings.EqualFold(u.Host, host) {
			return true
		}
	}
	return false
}

func encodeOrigins(list []string) string {
	if len(list) == 0 {
		return "[]"
	}
	b, _ := json.Marshal(list)
	return string(b)
}

func decodeOrigins(raw string) []string {
	var out []string
	if json.Unmarshal([]byte(raw), &out) != nil || len(out) == 0 {
		return nil
	}
	return out
}

// checkOriginChange validates an optional replacement of the list.
func checkOriginChange(list *[]string) (*[]string, error) {
	if list == nil {
		return nil, nil
	}
	out, err := CheckOrigins(*list)
	if err != nil {
		return nil, err
	}
	return &out, nil
}
