package api

import (
	"encoding/json"

	"github.com/gin-gonic/gin"

	"passwordless/problems"
)

// cleanText is the shared text rule (problems.CleanText): a string that is
// not valid UTF-8 or holds a NUL is stopped here, before any query.
func cleanText(s string) bool { return problems.CleanText(s) }

// opaque marks a decoded value the target type decodes itself
// (json.RawMessage, any): it is passed through as JSON and is not checked
// as text, since it is never a text column.
type opaque struct{ v any }

// MarshalJSON implements json.Marshaler.
func (o opaque) MarshalJSON() ([]byte, error) { return json.Marshal(o.v) }

// checkText walks a decoded (and coerced) JSON tree and returns a
// validation_failed problem naming the first member whose name or string
// value is not clean text. Array elements are named by their array.
func checkText(field string, v any) error {
	switch x := v.(type) {
	case string:
		if !cleanText(x) {
			return problems.BadText(fieldName(field))
		}
	case []any:
		for _, e := range x {
			if err := checkText(field, e); err != nil {
				return err
			}
		}
	case map[string]any:
		for k, e := range x {
			name := k
			if field != "" {
				name = field + "." + k
			}
			if !cleanText(k) {
				return problems.BadText(fieldName(field))
			}
			if err := checkText(name, e); err != nil {
				return err
			}
		}
	}
	return nil
}

func fieldName(field string) string {
	if field == "" {
		return "body"
	}
	return field
}

// cleanParams refuses a request whose query parameters or path segments
// are not clean text, naming the parameter, before any handler (and so any
// query) runs.
func (s *server) cleanParams(c *gin.Context) {
	for k, vs := range c.Request.URL.Query() {
		for _, v := range vs {
			name := k
			if !cleanText(k) {
				name = "query"
			}
			if name == "query" || !cleanText(v) {
				s.fail(c, problems.BadText(name))
				return
			}
		}
	}
	for _, p := range c.Params {
		if !cleanText(p.Value) {
			s.fail(c, problems.BadText(p.Key))
			return
		}
	}
	c.Next()
}
