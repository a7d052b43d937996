package api

import (
	"reflect"
	"testing"

	"passwordless/problems"
)

// FuzzDecode feeds arbitrary bodies to the decoding path. Whatever the
// input, decodeInto must not panic, must fail only with a 400-class
// problem, and must never hand a handler a string that is not clean text
// (issue 16: NUL and invalid UTF-8 reached PostgreSQL as 500s).
func FuzzDecode(f *testing.F) {
	for _, seed := range []string{
		`{"userId":"u1","aliases":["a","b"],"timeToLive":"30","response":{"clientDataJSON":"x"}}`,
		`{"userId":"a\u0000b"}`,
		"{\"userId\":\"\xff\xfe\"}",
		"{\"aliases\":[\"ok\",\"\xc3\x28\"]}",
		`{"USERID":1,"username":true,"aliases":[1,{"a":null}]}`,
		`{"userId":"\ud800"}`,
		"{\"\x00\":\"v\"}",
		`{"response":{"clientDataJSON":"\u0000"}}`,
		`{"timeToLive":"1e400"}`,
		`{"userId":"u",}`,
		`[{"userId":"u"}]`,
		`{"userId":"u"} {}`,
		"",
		"{\"userId\":\"\\\xff\"}",
	} {
		f.Add([]byte(seed))
	}
	f.Fuzz(func(t *testing.T, raw []byte) {
		var d decodeTarget
		err := decodeInto(raw, &d)
		if err != nil {
			if p := problems.From(err); p.StatusCode() != 400 {
				t.Fatalf("decodeInto(%q) = %v, want a 400 problem", raw, err)
			}
			return
		}
		eachString(reflect.ValueOf(d), func(s string) {
			if !cleanText(s) {
				t.Fatalf("decodeInto(%q) accepted %q", raw, s)
			}
		})
	})
}

// eachString calls fn with every string reachable from v.
func eachString(v reflect.Value, fn func(string)) {
	switch v.Kind() {
	case reflect.String:
		fn(v.String())
	case reflect.Pointer:
		if !v.IsNil() {
			eachString(v.Elem(), fn)
		}
	case reflect.Slice:
		for i := 0; i < v.Len(); i++ {
			eachString(v.Index(i), fn)
		}
	case reflect.Struct:
		for i := 0; i < v.NumField(); i++ {
			eachString(v.Field(i), fn)
		}
	}
}
