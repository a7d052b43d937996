package passwordless_test

// The layering of docs/architecture.md, checked on the source: every
// non-test Go file's imports are read with go/parser and held against the
// rules, and the package diagram in the document is generated from the
// same imports (go test -run TestLayering -update rewrites it).

import (
	"flag"
	"fmt"
	"go/parser"
	"go/token"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
)

var updateDiagram = flag.Bool("update", false, "rewrite the package diagram in docs/architecture.md")

const module = "passwordless"

// layers orders the project's packages: a package may import packages of
// its own layer or of a lower one, never of a higher one.
var layers = []struct {
	name     string
	packages []string
}{
	{"entry points", []string{"cmd/passwordless", "cmd/bench"}},
	{"assembly (and the HTTP test harness, which builds the server)", []string{"server", "api/apitest"}},
	{"HTTP", []string{"api", "apidocs", "apidocs/contract", "console", "httpmw"}},
	{"domain", []string{"passkeys", "passkeys/passkeystest", "tenants", "tokens", "authenticators", "magiclink", "mail",
		"mail/smtptest", "orgs", "quota", "events", "metrics", "diagnostics", "webhooks", "importer"}},
	{"storage", []string{"storage", "storage/storagetest"}},
	{"foundation", []string{".", "problems", "migrations", "tracelog", "tracing", "internal/clocktest", "internal/ticker", "internal/randtoken"}},
}

// httpLayer is the index of the HTTP layer in layers: its packages decode,
// call a service and encode; they own no store and never import storage.
const httpLayer = 2

// apart are pairs of packages that never import each other, though their
// layer would allow it: the server assembles them side by side.
var apart = [][2]string{{"api", "console"}}

// exempt names files that may break a library rule, and why.
var exempt = map[string]string{
	"cmd/bench/main.go":      "the benchmark counts SQL statements and Redis commands by hooking the drivers",
	"cmd/bench/scenarios.go": "the benchmark counts SQL statements and Redis commands by hooking the drivers",
}

// libraryRule confines a third-party library to some packages or files.
type libraryRule struct {
	name, prefix string
	allowed      func(dir, file string) bool
}

var libraryRules = []libraryRule{
	{"gin", "github.com/gin-gonic/gin", func(dir, _ string) bool {
		return under(dir, "api") || under(dir, "server")
	}},
	{"gorm", "gorm.io/", func(dir, file string) bool {
		return under(dir, "storage") || strings.HasPrefix(file, "store")
	}},
	{"go-redis", "github.com/redis/go-redis", func(dir, file string) bool {
		return under(dir, "storage") || strings.HasPrefix(file, "redis")
	}},
	// Packages take a trace.TracerProvider; only tracing builds one.
	{"the OpenTelemetry SDK", "go.opentelemetry.io/otel/sdk", func(dir, _ string) bool { return dir == "tracing" }},
	{"the OTLP exporters", "go.opentelemetry.io/otel/exporters", func(dir, _ string) bool { return dir == "tracing" }},
}

// projectImport lists the rules f breaks by importing the project's
// package to.
func projectImport(f sourceFile, from int, to string) []string {
	var out []string
	if l := layerOf(to); from >= 0 && l >= 0 && l < from {
		out = append(out, fmt.Sprintf("%s: imports %s/%s, a higher layer (%s → %s)",
			f.path, module, to, layers[from].name, layers[l].name))
	}
	if from == httpLayer && under(to, "storage") {
		out = append(out, fmt.Sprintf("%s: imports %s/%s (the HTTP layer calls services, never storage)", f.path, module, to))
	}
	for _, p := range apart {
		if (f.dir == p[0] && to == p[1]) || (f.dir == p[1] && to == p[0]) {
			out = append(out, fmt.Sprintf("%s: imports %s/%s (%s and %s never import each other)", f.path, module, to, p[0], p[1]))
		}
	}
	return out
}

func under(dir, pkg string) bool { return dir == pkg || strings.HasPrefix(dir, pkg+"/") }

// sourceFile is one non-test Go file and what it imports.
type sourceFile struct {
	path, dir string
	imports   []string
}

// readTree parses the imports of every non-test Go file under root
// (testdata, e2e and node_modules excluded).
func readTree(t *testing.T, root string) []sourceFile {
	t.Helper()
	var out []sourceFile
	err := filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() && path != root && (d.Name() == "testdata" || d.Name() == "e2e" || d.Name() == "node_modules" ||
			strings.HasPrefix(d.Name(), ".")) {
			return filepath.SkipDir
		}
		if d.IsDir() || !strings.HasSuffix(path, ".go") || strings.HasSuffix(path, "_test.go") {
			return nil
		}
		f, err := parser.ParseFile(token.NewFileSet(), path, nil, parser.ImportsOnly)
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(root, path)
		sf := sourceFile{path: filepath.ToSlash(rel), dir: filepath.ToSlash(filepath.Dir(rel))}
		for _, imp := range f.Imports {
			p, _ := strconv.Unquote(imp.Path.Value)
			sf.imports = append(sf.imports, p)
		}
		out = append(out, sf)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// layerOf is the index of dir's layer (0 = top), -1 when unlisted.
func layerOf(dir string) int {
	for i, l := range layers {
		if slices.Contains(l.packages, dir) {
			return i
		}
	}
	return -1
}

// violations lists every broken rule, each naming the offending file.
func violations(files []sourceFile) []string {
	var out []string
	for _, f := range files {
		from := layerOf(f.dir)
		if from < 0 {
			out = append(out, fmt.Sprintf("%s: package %s is in no layer of layering_test.go", f.path, f.dir))
		}
		if from == httpLayer && strings.HasPrefix(filepath.Base(f.path), "store") {
			out = append(out, fmt.Sprintf("%s: a store in the HTTP layer (stores belong to domain packages)", f.path))
		}
		for _, imp := range f.imports {
			if to, ok := strings.CutPrefix(imp, module+"/"); ok {
				out = append(out, projectImport(f, from, to)...)
			}
			for _, r := range libraryRules {
				if strings.HasPrefix(imp, r.prefix) && !r.allowed(f.dir, filepath.Base(f.path)) && exempt[f.path] == "" {
					out = append(out, fmt.Sprintf("%s: imports %s (%s is not allowed here)", f.path, imp, r.name))
				}
			}
		}
	}
	return out
}

// TestLayering: the tree keeps the rules, and a fixture that breaks each
// of them is caught, naming its file.
func TestLayering(t *testing.T) {
	if layers[httpLayer].name != "HTTP" {
		t.Fatalf("httpLayer = %d names layer %q, want HTTP", httpLayer, layers[httpLayer].name)
	}
	if v := violations(readTree(t, ".")); len(v) > 0 {
		t.Errorf("layering violations:\n%s", strings.Join(v, "\n"))
	}
	bad := violations(readTree(t, "testdata/layering"))
	for _, want := range []string{
		"tenants/handler.go: imports github.com/gin-gonic/gin (gin is not allowed here)",
		"tenants/service.go: imports gorm.io/gorm (gorm is not allowed here)",
		"tenants/cache.go: imports github.com/redis/go-redis/v9 (go-redis is not allowed here)",
		"tenants/service.go: imports passwordless/api, a higher layer (domain → HTTP)",
		"console/store.go: a store in the HTTP layer (stores belong to domain packages)",
		"console/store.go: imports passwordless/storage (the HTTP layer calls services, never storage)",
		"api/console.go: imports passwordless/console (api and console never import each other)",
	} {
		if !slices.Contains(bad, want) {
			t.Errorf("fixture violation not reported: %s\ngot:\n%s", want, strings.Join(bad, "\n"))
		}
	}
	checkDiagram(t, readTree(t, "."))
}

const diagramBegin, diagramEnd = "<!-- layering diagram: begin -->", "<!-- layering diagram: end -->"

// checkDiagram compares the diagram in docs/architecture.md with the one
// the imports give, or rewrites it with -update.
func checkDiagram(t *testing.T, files []sourceFile) {
	doc, err := os.ReadFile("docs/architecture.md")
	if err != nil {
		t.Fatal(err)
	}
	s := string(doc)
	i, j := strings.Index(s, diagramBegin), strings.Index(s, diagramEnd)
	if i < 0 || j < i {
		t.Fatalf("docs/architecture.md has no %s … %s block", diagramBegin, diagramEnd)
	}
	want := diagramBegin + "\n" + diagram(files) + diagramEnd
	if s[i:j+len(diagramEnd)] == want {
		return
	}
	if *updateDiagram {
		if err := os.WriteFile("docs/architecture.md", []byte(s[:i]+want+s[j+len(diagramEnd):]), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	t.Errorf("the package diagram in docs/architecture.md is stale: go test -run TestLayering -update .")
}

// diagram draws the layers top-down, each package with the packages of
// the project it imports.
func diagram(files []sourceFile) string {
	deps := map[string]map[string]bool{}
	for _, f := range files {
		for _, imp := range f.imports {
			if to, ok := strings.CutPrefix(imp, module+"/"); ok && to != f.dir {
				if deps[f.dir] == nil {
					deps[f.dir] = map[string]bool{}
				}
				deps[f.dir][to] = true
			}
		}
	}
	var b strings.Builder
	b.WriteString("```text\n")
	for i, l := range layers {
		if i > 0 {
			b.WriteString("        │ imports only downwards\n        ▼\n")
		}
		fmt.Fprintf(&b, "[%s]\n", l.name)
		for _, p := range l.packages {
			var to []string
			for d := range deps[p] {
				to = append(to, d)
			}
			slices.Sort(to)
			name := p
			if p == "." {
				name = module
			}
			if len(to) == 0 {
				fmt.Fprintf(&b, "  %s\n", name)
				continue
			}
			fmt.Fprintf(&b, "  %-22s → %s\n", name, strings.Join(to, ", "))
		}
	}
	b.WriteString("```\n")
	return b.String()
}
