package diagnostics

import (
	"flag"
	"os"
	"strings"
	"testing"

	"passwordless/problems"
)

var updateDocs = flag.Bool("update-docs", false, "rewrite the classification table in docs/diagnostics.md")

// The generated table sits between these lines of docs/diagnostics.md.
const (
	tableBegin = "<!-- classification table: generated from diagnostics/table.go by `go test ./diagnostics -run TestDocs -update-docs` -->"
	tableEnd   = "<!-- end of the classification table -->"
)

// renderTable is the classification table as docs/diagnostics.md shows it.
func renderTable() string {
	var b strings.Builder
	b.WriteString("| errorCode | severity | action | comes from |\n| --- | --- | --- | --- |\n")
	for _, r := range Table() {
		b.WriteString("| `" + string(r.Code) + "` | " + string(r.Severity) + " | " + string(r.Action) + " | " + r.From + " |\n")
	}
	return b.String()
}

// TestDocs_ClassificationTableMatchesTheCode keeps docs/diagnostics.md's
// classification table generated from Table(), and Table() equal to the
// catalogue's client-failure group.
func TestDocs_ClassificationTableMatchesTheCode(t *testing.T) {
	const path = "../docs/diagnostics.md"
	raw, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	doc := string(raw)
	begin, end := strings.Index(doc, tableBegin), strings.Index(doc, tableEnd)
	if begin < 0 || end < begin {
		t.Fatalf("docs/diagnostics.md has no generated table between %q and %q", tableBegin, tableEnd)
	}
	want := tableBegin + "\n\n" + renderTable() + "\n"
	if got := doc[begin:end]; got != want {
		if *updateDocs {
			if err := os.WriteFile(path, []byte(doc[:begin]+want+doc[end:]), 0o644); err != nil {
				t.Fatal(err)
			}
		} else {
			t.Errorf("docs/diagnostics.md's classification table is not the code's: run go test ./diagnostics -run TestDocs -update-docs")
		}
	}
	var catalogue []problems.Code
	for _, e := range problems.All() {
		if problems.IsClientFailure(e.Code) {
			catalogue = append(catalogue, e.Code)
		}
	}
	rows := Table()
	if len(catalogue) != len(rows) {
		t.Fatalf("catalogue has %d client-failure codes, the table %d", len(catalogue), len(rows))
	}
	for i, c := range catalogue {
		if rows[i].Code != c || rows[i].From == "" || rows[i].SignIn == "" || rows[i].Register == "" {
			t.Errorf("table[%d] = %+v, catalogue %s: same codes, same order, every column filled", i, rows[i], c)
		}
	}
}
