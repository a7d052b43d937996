package storagetest

import (
	"context"
	"go/ast"
	"go/parser"
	"go/token"
	"path/filepath"
	"reflect"
	"sort"
	"strings"
	"testing"

	"gorm.io/gorm"
)

// StoreMethods returns, sorted, the names of the methods declared on the
// receiver type recv (value or pointer) in the non-test store*.go files of
// the package in dir. A package's isolation test passes them to
// RequireCases, so a store method added later fails that test until it has
// a "different tenant sees nothing" case or a documented exemption.
func StoreMethods(t testing.TB, dir, recv string) []string {
	t.Helper()
	files, err := filepath.Glob(filepath.Join(dir, "store*.go"))
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	fset := token.NewFileSet()
	for _, path := range files {
		if strings.HasSuffix(path, "_test.go") {
			continue
		}
		f, err := parser.ParseFile(fset, path, nil, parser.SkipObjectResolution)
		if err != nil {
			t.Fatalf("parse %s: %v", path, err)
		}
		for _, d := range f.Decls {
			fn, ok := d.(*ast.FuncDecl)
			if ok && fn.Recv != nil && receiverName(fn.Recv.List[0].Type) == recv {
				names = append(names, fn.Name.Name)
			}
		}
	}
	if len(names) == 0 {
		t.Fatalf("no methods on %s in %s/store*.go", recv, dir)
	}
	sort.Strings(names)
	return names
}

func receiverName(e ast.Expr) string {
	if star, ok := e.(*ast.StarExpr); ok {
		e = star.X
	}
	if id, ok := e.(*ast.Ident); ok {
		return id.Name
	}
	return ""
}

// RequireCases holds every one of methods to have either an isolation case
// in cases or an entry in exempt, whose value says why the method is not
// tenant-scoped (it takes no tenant, e.g. a sweep over all tenants). A
// case or exemption naming no method fails too, so the table cannot rot.
func RequireCases[C any](t testing.TB, methods []string, cases map[string]C, exempt map[string]string) {
	t.Helper()
	known := map[string]bool{}
	for _, m := range methods {
		known[m] = true
		_, hasCase := cases[m]
		_, isExempt := exempt[m]
		switch {
		case !hasCase && !isExempt:
			t.Errorf("store method %s has no \"different tenant sees nothing\" case", m)
		case hasCase && isExempt:
			t.Errorf("store method %s has a case and an exemption", m)
		}
	}
	for name := range cases {
		if !known[name] {
			t.Errorf("isolation case %s names no store method", name)
		}
	}
	for name, why := range exempt {
		if !known[name] {
			t.Errorf("exemption %s names no store method", name)
		}
		if why == "" {
			t.Errorf("exemption %s gives no reason", name)
		}
	}
}

// Nothing reports whether v, what a call as another tenant returned, is
// nothing: nil, a zero value (false, 0), an empty slice or map, or a
// struct (several results) whose fields are all nothing.
func Nothing(v any) bool {
	return v == nil || nothing(reflect.ValueOf(v))
}

func nothing(v reflect.Value) bool {
	switch v.Kind() {
	case reflect.Slice, reflect.Map:
		return v.Len() == 0
	case reflect.Struct:
		for i := range v.NumField() {
			if !nothing(v.Field(i)) {
				return false
			}
		}
		return true
	}
	return v.IsZero()
}

// Isolation is one package's "different tenant sees nothing" test over
// its store type S: Seed writes tenant a's data (and may create tenant b,
// empty, where rows need their application), each case calls one store
// method as tenant b and returns what b saw, which must be Nothing, and
// Expect then checks that a still has exactly what Seed wrote. Run fails
// for a method of Recv in store*.go without a case or an exemption.
type Isolation[S any] struct {
	Recv   string
	Open   func(db *gorm.DB) S
	Seed   func(t *testing.T, s S, a, b string)
	Expect func(t *testing.T, s S, a string)
	Cases  map[string]func(ctx context.Context, s S, b string) (seen any, err error)
	// Exempt names the methods that take no tenant, and why.
	Exempt map[string]string
}

// Run checks the table against the store's methods, then runs every case
// with fresh tenants on SQLite and PostgreSQL (see Each).
func (iso Isolation[S]) Run(t *testing.T) {
	t.Helper()
	RequireCases(t, StoreMethods(t, ".", iso.Recv), iso.Cases, iso.Exempt)
	Each(t, func(t *testing.T, db *gorm.DB) {
		s := iso.Open(db)
		for name, call := range iso.Cases {
			t.Run(name, func(t *testing.T) {
				a, b := name+"-a", name+"-b"
				iso.Seed(t, s, a, b)
				seen, err := call(t.Context(), s, b)
				if err != nil {
					t.Fatalf("%s as another tenant: %v", name, err)
				}
				if !Nothing(seen) {
					t.Errorf("%s as another tenant saw %+v", name, seen)
				}
				iso.Expect(t, s, a)
			})
		}
	})
}
