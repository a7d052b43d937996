package console

import (
	"net/http"
	"strings"

	"passwordless/problems"
)

// cleanInput holds every console request to the API's text rule
// (problems.CleanText) before any handler runs: a query parameter or a
// field of a posted form that is not valid UTF-8 or holds a NUL is
// refused with one page (400) naming no field, instead of reaching a
// query (a 500 on PostgreSQL) or being stored (SQLite) and shown back on
// every page. It answers and returns false when it refused.
func (c *Console) cleanInput(w http.ResponseWriter, r *http.Request) bool {
	clean := cleanValues(r.URL.Query())
	if clean && r.Method == http.MethodPost && isForm(r) {
		r.Body = http.MaxBytesReader(w, r.Body, maxForm)
		// A body that cannot be parsed (too large, malformed) is refused
		// here with its real status: left to the handler, its form would
		// lack the CSRF token and read as "Form expired".
		if err := r.ParseForm(); err != nil {
			c.fail(w, r, formError(err))
			return false
		}
		clean = cleanValues(r.PostForm)
	}
	if !clean {
		c.message(w, r, http.StatusBadRequest, "Text not accepted",
			"A field of this form holds characters the console cannot store (a NUL, or bytes that are not "+
				"UTF-8 text). Go back, correct the text and try again.")
	}
	return clean
}

func isForm(r *http.Request) bool {
	ct, _, _ := strings.Cut(r.Header.Get("Content-Type"), ";")
	return strings.EqualFold(strings.TrimSpace(ct), "application/x-www-form-urlencoded")
}

func cleanValues(values map[string][]string) bool {
	for k, vs := range values {
		if !problems.CleanText(k) {
			return false
		}
		for _, v := range vs {
			if !problems.CleanText(v) {
				return false
			}
		}
	}
	return true
}
