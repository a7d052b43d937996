package storagetest

import (
	"fmt"
	"reflect"
	"sort"
	"testing"
	"time"
)

// recorder is a testing.TB that keeps its failures.
type recorder struct {
	testing.TB
	failures []string
}

func (r *recorder) Helper() {}

func (r *recorder) Errorf(format string, args ...any) {
	r.failures = append(r.failures, fmt.Sprintf(format, args...))
}

// TestRequireCases_FailsForAMethodWithoutACase is the guarantee the
// isolation tables rely on: a store method added without a case, or a
// case left behind by a removed method, fails the test.
func TestRequireCases_FailsForAMethodWithoutACase(t *testing.T) {
	methods := StoreMethods(t, "testdata", "store")
	if want := []string{"read", "sweep", "write"}; !reflect.DeepEqual(methods, want) {
		t.Fatalf("StoreMethods = %v, want %v", methods, want)
	}
	r := &recorder{TB: t}
	RequireCases(r, methods, map[string]int{"read": 1, "gone": 2}, map[string]string{"sweep": "every tenant", "old": ""})
	sort.Strings(r.failures)
	want := []string{
		`exemption old gives no reason`,
		`exemption old names no store method`,
		`isolation case gone names no store method`,
		`store method write has no "different tenant sees nothing" case`,
	}
	if !reflect.DeepEqual(r.failures, want) {
		t.Errorf("failures = %q, want %q", r.failures, want)
	}
	r = &recorder{TB: t}
	RequireCases(r, methods, map[string]int{"read": 1, "write": 2}, map[string]string{"sweep": "every tenant"})
	if len(r.failures) != 0 {
		t.Errorf("a complete table failed: %q", r.failures)
	}
}

func TestNothing(t *testing.T) {
	var none *int
	one := 1
	for _, tt := range []struct {
		v    any
		want bool
	}{
		{nil, true}, {none, true}, {false, true}, {int64(0), true}, {[]string{}, true}, {map[string]string{}, true},
		{struct {
			n    int
			list []int
		}{0, []int{}}, true},
		{time.Time{}, true},
		{&one, false}, {true, false}, {int64(2), false}, {[]string{"a"}, false}, {map[string]string{"h": "u1"}, false},
		{struct {
			n    int
			list []int
		}{0, []int{1}}, false},
	} {
		if got := Nothing(tt.v); got != tt.want {
			t.Errorf("Nothing(%#v) = %v, want %v", tt.v, got, tt.want)
		}
	}
}
