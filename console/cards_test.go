package console_test

import (
	"net/http"
	"strings"
	"testing"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// cardTables are the tables of body that read as cards on a phone
// (class "cards", console.css).
func cardTables(t *testing.T, body string) []*html.Node {
	t.Helper()
	doc, err := html.Parse(strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	var out []*html.Node
	for n := range doc.Descendants() {
		if n.DataAtom == atom.Table && strings.Contains(" "+attrOf(n, "class")+" ", " cards ") {
			out = append(out, n)
		}
	}
	return out
}

func attrOf(n *html.Node, name string) string {
	for _, a := range n.Attr {
		if a.Key == name {
			return a.Val
		}
	}
	return ""
}

// text is n's text, spaces collapsed.
func text(n *html.Node) string {
	var b strings.Builder
	for d := range n.Descendants() {
		if d.Type == html.TextNode {
			b.WriteString(d.Data + " ")
		}
	}
	return strings.Join(strings.Fields(b.String()), " ")
}

// checkCards checks one card table: each element keeps its table role
// (CSS display: block drops it in Safari) and each data cell is labelled
// with the header of its column; it returns the number of body rows.
func checkCards(t *testing.T, what string, table *html.Node) int {
	t.Helper()
	roles := map[atom.Atom]string{atom.Table: "table", atom.Thead: "rowgroup", atom.Tbody: "rowgroup", atom.Tr: "row", atom.Td: "cell"}
	var heads []string
	rows := 0
	for n := range table.Descendants() {
		want := roles[n.DataAtom]
		if n.DataAtom == atom.Th {
			want = map[string]string{"col": "columnheader", "row": "rowheader"}[attrOf(n, "scope")]
		}
		if n.Type == html.ElementNode && want != "" && attrOf(n, "role") != want {
			t.Errorf("%s: <%s> %q has role %q, want %q", what, n.Data, text(n), attrOf(n, "role"), want)
		}
		if n.DataAtom == atom.Th && attrOf(n, "scope") == "col" {
			heads = append(heads, text(n))
		}
		if n.DataAtom != atom.Tr || n.Parent.DataAtom != atom.Tbody {
			continue
		}
		rows++
		col := 0
		for c := range n.ChildNodes() {
			if c.DataAtom != atom.Td && c.DataAtom != atom.Th {
				continue
			}
			if c.DataAtom == atom.Td && attrOf(c, "colspan") == "" {
				if col >= len(heads) || attrOf(c, "data-label") != heads[col] {
					t.Errorf("%s: cell %d %q is labelled %q, column headers %q", what, col, text(c), attrOf(c, "data-label"), heads)
				}
			}
			col++
		}
	}
	return rows
}

// Below 48rem every row of a console list is a card whose lines are
// labelled with the column headers: each cell carries its header as
// data-label, and the table keeps its roles for screen readers.
func TestCards_CellsLabelledWithTheirColumnHeader(t *testing.T) {
	h := newHarness(t)
	b := owner(t, h, "Acme", "owner@acme.test")
	b.createApp(t, "acmeapp")
	b.get(t, "/console/apps/acmeapp") // the view is logged: the event log has a row
	for _, tc := range []struct{ path, want string }{
		{"/console/apps", "the applications"},
		{"/console/apps/acmeapp", "the API keys"},
		{"/console/apps/acmeapp/purposes", "the purposes"},
		{"/console/apps/acmeapp/events", "the event log"},
		{"/console/profile", "the admin's passkeys"},
		{"/console/org", "the admins"},
		{"/console/org/events", "the organization's event log"},
		{"/console/org/plan", "the applications' usage"},
	} {
		p := b.get(t, tc.path)
		if p.Status != http.StatusOK {
			t.Fatalf("%s: %d", tc.path, p.Status)
		}
		rows := 0
		for _, table := range cardTables(t, p.Body) {
			rows += checkCards(t, tc.path, table)
		}
		if rows == 0 {
			t.Errorf("%s shows %s in no card table", tc.path, tc.want)
		}
	}
}
