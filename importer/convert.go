package importer

import (
	"database/sql"
	"fmt"
	"strings"
	"time"
)

// EF Core writes a DateTime to SQLite as text, "2006-01-02 15:04:05" with
// up to seven fraction digits, in UTC (upstream stores UTC times); older
// rows written as DateTimeOffset carry an offset.
var timeLayouts = []string{
	"2006-01-02 15:04:05.999999999", "2006-01-02T15:04:05.999999999",
	"2006-01-02 15:04:05.999999999Z07:00", "2006-01-02T15:04:05.999999999Z07:00",
	"2006-01-02",
}

func parseTime(s string) (time.Time, error) {
	s = strings.TrimSpace(s)
	for _, l := range timeLayouts {
		if t, err := time.Parse(l, s); err == nil {
			return t.UTC(), nil
		}
	}
	return time.Time{}, fmt.Errorf("unreadable date %q", s)
}

func parseNullTime(s sql.NullString) (*time.Time, error) {
	if !s.Valid || s.String == "" {
		return nil, nil
	}
	t, err := parseTime(s.String)
	return &t, err
}

// guid is an EF Core Guid (upper-case text in SQLite) in our canonical
// lower-case form.
func guid(s sql.NullString) *string {
	if !s.Valid || s.String == "" {
		return nil
	}
	g := strings.ToLower(strings.Trim(s.String, "{}"))
	return &g
}

func nullString(s sql.NullString) *string {
	if !s.Valid {
		return nil
	}
	return &s.String
}

func nullBool(b sql.NullBool) *bool {
	if !b.Valid {
		return nil
	}
	return &b.Bool
}

// splitList splits upstream's comma-joined lists (scopes, hints).
func splitList(s string) []string {
	var out []string
	for _, p := range strings.Split(s, ",") {
		if p = strings.TrimSpace(p); p != "" {
			out = append(out, p)
		}
	}
	return out
}

// hintValues maps upstream's PublicKeyCredentialHint enum names, as its
// AuthenticationConfigurations.Hints column stores them, to the wire
// values this server stores.
var hintValues = map[string]string{"securitykey": "security-key", "clientdevice": "client-device", "hybrid": "hybrid"}

func hints(s string) ([]string, error) {
	var out []string
	for _, h := range splitList(s) {
		v, ok := hintValues[strings.ToLower(strings.ReplaceAll(h, "-", ""))]
		if !ok {
			return nil, fmt.Errorf("unknown hint %q", h)
		}
		out = append(out, v)
	}
	return out, nil
}
