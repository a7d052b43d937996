package passwordless_test

// No Docker engine runs where these tests run, so the deployment files are
// checked as data: the compose file parses and wires the server to
// PostgreSQL and Redis under the configuration names the binary reads, and
// the Dockerfile builds the binary with exactly the command CI runs.

import (
	"go/ast"
	"go/parser"
	"go/token"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/goccy/go-yaml"
)

type composeFile struct {
	Services map[string]struct {
		Image string `yaml:"image"`
		Build *struct {
			Context string `yaml:"context"`
		} `yaml:"build"`
		Ports       []string          `yaml:"ports"`
		Environment map[string]string `yaml:"environment"`
		DependsOn   map[string]struct {
			Condition string `yaml:"condition"`
		} `yaml:"depends_on"`
		Healthcheck *struct {
			Test []string `yaml:"test"`
		} `yaml:"healthcheck"`
	} `yaml:"services"`
}

var composeVar = regexp.MustCompile(`\$\{(\w+)(?::?([-?])([^}]*))?\}`)

// interpolate applies compose's ${VAR:-default} and ${VAR:?message} with
// every variable unset, the way `docker compose config` would see a bare
// environment (a required variable becomes a placeholder).
func interpolate(s string) string {
	return composeVar.ReplaceAllStringFunc(s, func(m string) string {
		parts := composeVar.FindStringSubmatch(m)
		if parts[2] == "-" {
			return parts[3]
		}
		return "required-" + strings.ToLower(parts[1])
	})
}

func loadCompose(t *testing.T) composeFile {
	t.Helper()
	raw, err := os.ReadFile("docker-compose.yml")
	if err != nil {
		t.Fatal(err)
	}
	var c composeFile
	if err := yaml.Unmarshal(raw, &c); err != nil {
		t.Fatalf("docker-compose.yml: %v", err)
	}
	return c
}

func TestCompose_WiresTheServerToPostgresAndRedis(t *testing.T) {
	c := loadCompose(t)
	server, ok := c.Services["server"]
	if !ok {
		t.Fatal("no server service")
	}
	if server.Build == nil || server.Build.Context != "." {
		t.Error("server is not built from this repository's Dockerfile")
	}
	for _, dep := range []string{"postgres", "redis"} {
		if _, ok := c.Services[dep]; !ok {
			t.Errorf("no %s service", dep)
		}
		if c.Services[dep].Healthcheck == nil {
			t.Errorf("%s has no healthcheck, so service_healthy never holds", dep)
		}
		if server.DependsOn[dep].Condition != "service_healthy" {
			t.Errorf("server does not wait for %s to be healthy", dep)
		}
	}

	db, err := url.Parse(interpolate(server.Environment["DATABASE_URL"]))
	if err != nil || db.Scheme != "postgres" || db.Hostname() != "postgres" {
		t.Fatalf("DATABASE_URL %q does not point at the postgres service", server.Environment["DATABASE_URL"])
	}
	pg := c.Services["postgres"].Environment
	pass, _ := db.User.Password()
	if db.User.Username() != pg["POSTGRES_USER"] || pass != interpolate(pg["POSTGRES_PASSWORD"]) ||
		strings.TrimPrefix(db.Path, "/") != pg["POSTGRES_DB"] {
		t.Errorf("DATABASE_URL %s does not match the postgres service's user, password and database %v", db.Redacted(), pg)
	}
	if r, err := url.Parse(server.Environment["REDIS_URL"]); err != nil || r.Scheme != "redis" || r.Hostname() != "redis" {
		t.Errorf("REDIS_URL %q does not point at the redis service", server.Environment["REDIS_URL"])
	}

	// Several instances must agree on these, so compose never lets them be
	// generated per container.
	for _, name := range []string{"MANAGEMENT_KEY", "TOKEN_SECRET"} {
		if !strings.Contains(server.Environment[name], ":?") {
			t.Errorf("%s = %q: must be required (${%s:?…}), not generated per instance", name, server.Environment[name], name)
		}
	}
	listenPort := strings.TrimPrefix(server.Environment["LISTEN_ADDR"], ":")
	if !slices.ContainsFunc(server.Ports, func(p string) bool { return strings.HasSuffix(p, ":"+listenPort) }) {
		t.Errorf("ports %v do not publish LISTEN_ADDR's port %s", server.Ports, listenPort)
	}
}

// TestCompose_SetsOnlyVariablesTheBinaryReads catches a renamed or
// misspelled variable, which the server would silently ignore.
func TestCompose_SetsOnlyVariablesTheBinaryReads(t *testing.T) {
	known := envNamesRead(t, "cmd/passwordless")
	for _, want := range []string{"LISTEN_ADDR", "DATABASE_URL", "REDIS_URL", "MANAGEMENT_KEY",
		"TOKEN_SECRET", "SMTP_URL", "MAIL_FROM", "PUBLIC_URL"} { // DESIGN §4, the contract
		if !known[want] {
			t.Errorf("the binary does not read %s", want)
		}
	}
	for name := range loadCompose(t).Services["server"].Environment {
		if !known[name] {
			t.Errorf("compose sets %s, which the binary never reads", name)
		}
	}
}

// envNamesRead lists the environment variable names the package in dir
// passes as string literals to getenv-like calls (getenv, os.Getenv,
// envOr, os.LookupEnv).
func envNamesRead(t *testing.T, dir string) map[string]bool {
	t.Helper()
	fset := token.NewFileSet()
	paths, _ := filepath.Glob(filepath.Join(dir, "*.go"))
	names := map[string]bool{}
	isName := regexp.MustCompile(`^[A-Z][A-Z0-9_]+$`)
	for _, p := range paths {
		if strings.HasSuffix(p, "_test.go") {
			continue
		}
		f, err := parser.ParseFile(fset, p, nil, 0)
		if err != nil {
			t.Fatal(err)
		}
		ast.Inspect(f, func(n ast.Node) bool {
			call, ok := n.(*ast.CallExpr)
			if !ok {
				return true
			}
			var fn string
			switch f := call.Fun.(type) {
			case *ast.Ident:
				fn = f.Name
			case *ast.SelectorExpr:
				fn = f.Sel.Name
			}
			if !slices.Contains([]string{"getenv", "Getenv", "envOr", "LookupEnv"}, fn) {
				return true
			}
			for _, arg := range call.Args {
				if lit, ok := arg.(*ast.BasicLit); ok && lit.Kind == token.STRING {
					if s, _ := strconv.Unquote(lit.Value); isName.MatchString(s) {
						names[s] = true
					}
				}
			}
			return true
		})
	}
	if len(names) == 0 {
		t.Fatalf("found no environment variables read in %s", dir)
	}
	return names
}

// dockerfile returns the instructions of the Dockerfile, continuation
// lines joined and comments dropped.
func dockerfile(t *testing.T) []string {
	t.Helper()
	raw, err := os.ReadFile("Dockerfile")
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	var cur strings.Builder
	for _, line := range strings.Split(string(raw), "\n") {
		trimmed := strings.TrimSpace(line)
		if trimmed == "" || strings.HasPrefix(trimmed, "#") {
			continue
		}
		if strings.HasSuffix(trimmed, "\\") {
			cur.WriteString(strings.TrimSuffix(trimmed, "\\") + " ")
			continue
		}
		cur.WriteString(trimmed)
		out = append(out, strings.Join(strings.Fields(cur.String()), " "))
		cur.Reset()
	}
	return out
}

// goBuild returns the go build command of text with its output path
// replaced by OUT, so the Dockerfile and the script compare equal when
// they build the same way.
func goBuild(t *testing.T, name, text string) string {
	t.Helper()
	m := regexp.MustCompile(`CGO_ENABLED=\S+ go build .*`).FindString(text)
	if m == "" {
		t.Fatalf("%s has no `CGO_ENABLED=… go build` line", name)
	}
	return regexp.MustCompile(`-o \S+`).ReplaceAllString(strings.TrimPrefix(m, "RUN "), "-o OUT")
}

func TestDockerfile_BuildsLikeCI(t *testing.T) {
	script, err := os.ReadFile("scripts/build.sh")
	if err != nil {
		t.Fatal(err)
	}
	inDocker := goBuild(t, "Dockerfile", strings.Join(dockerfile(t), "\n"))
	inCI := goBuild(t, "scripts/build.sh", string(script))
	if inDocker != inCI {
		t.Errorf("the Dockerfile builds with\n  %s\nbut CI (scripts/build.sh) with\n  %s", inDocker, inCI)
	}
	for _, want := range []string{"CGO_ENABLED=0 ", " -trimpath ", "-X main.version=${VERSION}", " ./cmd/passwordless"} {
		if !strings.Contains(inCI, want) {
			t.Errorf("build command lacks %q: %s", want, inCI)
		}
	}
	// -X on a missing variable is silently ignored: make sure it exists.
	f, err := parser.ParseFile(token.NewFileSet(), "cmd/passwordless/main.go", nil, 0)
	if err != nil {
		t.Fatal(err)
	}
	if obj := f.Scope.Lookup("version"); obj == nil || obj.Kind != ast.Var {
		t.Error("cmd/passwordless/main.go declares no package variable `version` for -X main.version")
	}
}

func TestDockerfile_FinalImageIsDistrolessNonRootWithHealthcheck(t *testing.T) {
	var froms []string
	var final []string // instructions of the last stage
	for _, ins := range dockerfile(t) {
		if strings.HasPrefix(ins, "FROM ") {
			froms = append(froms, ins)
			final = nil
		}
		final = append(final, ins)
	}
	if len(froms) < 2 {
		t.Fatalf("want a multi-stage build, got %d stage(s)", len(froms))
	}
	if last := froms[len(froms)-1]; !strings.Contains(last, "distroless/static") || !strings.Contains(last, "nonroot") {
		t.Errorf("final image %q is not distroless static nonroot", last)
	}
	has := func(prefix string) string {
		for _, ins := range final {
			if strings.HasPrefix(ins, prefix) {
				return ins
			}
		}
		return ""
	}
	user, _, _ := strings.Cut(strings.TrimPrefix(has("USER "), "USER "), ":")
	if user == "" || user == "root" || user == "0" {
		t.Errorf("final stage runs as %q, want a non-root user", user)
	}
	if e := has("EXPOSE "); e != "EXPOSE 8080" {
		t.Errorf("got %q, want EXPOSE 8080", e)
	}
	if h := has("HEALTHCHECK "); !strings.Contains(h, `"healthcheck"]`) {
		t.Errorf("HEALTHCHECK %q does not run `passwordless healthcheck`", h)
	}
}

// TestREADME_ConfigurationListsEveryVariable keeps the README's
// Configuration table complete: a variable the binary reads but the
// table lacks is one an operator cannot find.
func TestREADME_ConfigurationListsEveryVariable(t *testing.T) {
	raw, err := os.ReadFile("README.md")
	if err != nil {
		t.Fatal(err)
	}
	_, section, ok := strings.Cut(string(raw), "\n## Configuration\n")
	if !ok {
		t.Fatal("README has no Configuration section")
	}
	section, _, _ = strings.Cut(section, "\n## ")
	for name := range envNamesRead(t, "cmd/passwordless") {
		if !strings.Contains(section, "| `"+name+"` |") {
			t.Errorf("README Configuration does not list %s", name)
		}
	}
}

// TestRelease_BuildsEveryTargetLikeCI keeps scripts/release.sh on
// scripts/build.sh's flags (it has no go build line of its own) for the
// four platforms the README promises, with a checksums file.
func TestRelease_BuildsEveryTargetLikeCI(t *testing.T) {
	raw, err := os.ReadFile("scripts/release.sh")
	if err != nil {
		t.Fatal(err)
	}
	script := string(raw)
	if strings.Contains(script, "go build") || !strings.Contains(script, "scripts/build.sh") {
		t.Error("scripts/release.sh must build through scripts/build.sh, not a go build line of its own")
	}
	for _, want := range []string{"linux/amd64", "linux/arm64", "darwin/amd64", "darwin/arm64", "SHA256SUMS"} {
		if !strings.Contains(script, want) {
			t.Errorf("scripts/release.sh lacks %s", want)
		}
	}
}
