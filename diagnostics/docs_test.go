package diagnostics

import (
	"os"
	"strings"
	"testing"

	"passwordless/problems"
)

// TestDocs_ClassificationTableMatchesTheCode keeps docs/diagnostics.md's
// table (errorCode, severity, action) equal to Table(), and Table() equal to
// the catalogue's client-failure group.
func TestDocs_ClassificationTableMatchesTheCode(t *testing.T) {
	raw, err := os.ReadFile("../docs/diagnostics.md")
	if err != nil {
		t.Fatal(err)
	}
	documented := map[string]string{}
	for _, line := range strings.Split(string(raw), "\n") {
		cells := strings.Split(line, "|")
		if len(cells) < 5 || !strings.HasPrefix(strings.TrimSpace(cells[1]), "`") {
			continue
		}
		code := strings.Trim(strings.TrimSpace(cells[1]), "`")
		if problems.IsClientFailure(problems.Code(code)) {
			documented[code] = strings.TrimSpace(cells[2]) + " " + strings.TrimSpace(cells[3])
		}
	}
	rows := Table()
	for _, r := range rows {
		want := string(r.Severity) + " " + string(r.Action)
		if got, ok := documented[string(r.Code)]; !ok || got != want {
			t.Errorf("docs/diagnostics.md: %s is %q, the code says %q", r.Code, got, want)
		}
	}
	if len(documented) != len(rows) {
		t.Errorf("docs list %d client-failure codes, the table %d", len(documented), len(rows))
	}
	var catalogue []problems.Code
	for _, e := range problems.All() {
		if problems.IsClientFailure(e.Code) {
			catalogue = append(catalogue, e.Code)
		}
	}
	if len(catalogue) != len(rows) {
		t.Fatalf("catalogue has %d client-failure codes, the table %d", len(catalogue), len(rows))
	}
	for i, c := range catalogue {
		if rows[i].Code != c {
			t.Errorf("table[%d] = %s, catalogue %s: same codes, same order", i, rows[i].Code, c)
		}
	}
}
