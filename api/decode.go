package api

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"mime"
	"net/http"
	"reflect"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/gin-gonic/gin"

	"passwordless/problems"
)

// bindJSON decodes the body into dst with upstream's JSON rules (spec §1.3):
// application/json only; property names case-insensitive; numbers and
// booleans accepted for string fields (and numeric strings for numbers);
// unknown members ignored; comments and trailing commas refused.
func bindJSON(c *gin.Context, dst any) error {
	if err := requireJSON(c.Request); err != nil {
		return err
	}
	raw, err := io.ReadAll(c.Request.Body)
	var tooBig *http.MaxBytesError
	if errors.As(err, &tooBig) {
		return problems.New(problems.PayloadTooLarge)
	}
	if err != nil {
		return problems.New(problems.InvalidJSON).WithDetail("The request body could not be read.")
	}
	return decodeInto(raw, dst)
}

// requireJSON refuses bodies that are not declared as JSON.
func requireJSON(r *http.Request) error {
	mt, _, err := mime.ParseMediaType(r.Header.Get("Content-Type"))
	if err != nil || (mt != "application/json" && !strings.HasSuffix(mt, "+json")) {
		return problems.New(problems.UnsupportedMediaType)
	}
	return nil
}

// decodeInto applies the decoding rules to raw.
func decodeInto(raw []byte, dst any) error {
	if len(bytes.TrimSpace(raw)) == 0 {
		return problems.New(problems.InvalidJSON).WithDetail("A JSON request body is required.")
	}
	validUTF8 := utf8.Valid(raw)
	if !validUTF8 {
		// encoding/json would silently turn invalid bytes into U+FFFD; an
		// escaped NUL in their place lets the text check name the field.
		raw = bytes.ToValidUTF8(raw, []byte(`\u0000`))
	}
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.UseNumber()
	var tree any
	if err := dec.Decode(&tree); err != nil {
		return problems.New(problems.InvalidJSON).WithDetail("The request body is not valid JSON.")
	}
	if dec.More() {
		return problems.New(problems.InvalidJSON).WithDetail("The request body holds more than one JSON value.")
	}
	if _, ok := tree.(map[string]any); !ok {
		return problems.New(problems.InvalidJSON).WithDetail("The request body must be a JSON object.")
	}
	coerced := coerce(tree, reflect.TypeOf(dst))
	if err := checkText("", coerced); err != nil {
		return err
	}
	if !validUTF8 {
		return problems.New(problems.InvalidJSON).WithDetail("The request body is not valid UTF-8.")
	}
	normalised, _ := json.Marshal(coerced)
	if err := json.Unmarshal(normalised, dst); err != nil {
		var typeErr *json.UnmarshalTypeError
		if errors.As(err, &typeErr) && typeErr.Field != "" {
			return problems.New(problems.InvalidJSON).WithDetail("The value of '%s' has the wrong type.", typeErr.Field)
		}
		return problems.New(problems.InvalidJSON).WithDetail("The request body has a value of the wrong type.")
	}
	return nil
}

var unmarshalerType = reflect.TypeOf((*json.Unmarshaler)(nil)).Elem()

// coerce rewrites the decoded tree v to fit type t: member names are mapped
// case-insensitively to t's JSON names, scalars are turned into strings
// where t wants a string, and numeric strings into numbers where it wants a
// number. Types with their own UnmarshalJSON are left alone.
func coerce(v any, t reflect.Type) any {
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	if v == nil {
		return v
	}
	if reflect.PointerTo(t).Implements(unmarshalerType) || t.Kind() == reflect.Interface {
		return opaque{v} // data the handler decodes itself, not text (checkText skips it)
	}
	switch t.Kind() {
	case reflect.String:
		switch x := v.(type) {
		case json.Number:
			return string(x)
		case bool:
			return strconv.FormatBool(x)
		case map[string]any, []any:
			text, _ := json.Marshal(x)
			return string(text)
		}
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64,
		reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Float32, reflect.Float64:
		if s, ok := v.(string); ok {
			if _, err := strconv.ParseFloat(strings.TrimSpace(s), 64); err == nil {
				return json.Number(strings.TrimSpace(s))
			}
		}
	case reflect.Slice, reflect.Array:
		if list, ok := v.([]any); ok && t.Elem().Kind() != reflect.Uint8 {
			out := make([]any, len(list))
			for i, e := range list {
				out[i] = coerce(e, t.Elem())
			}
			return out
		}
	case reflect.Map:
		if m, ok := v.(map[string]any); ok {
			out := make(map[string]any, len(m))
			for k, e := range m {
				out[k] = coerce(e, t.Elem())
			}
			return out
		}
	case reflect.Struct:
		if m, ok := v.(map[string]any); ok {
			return coerceStruct(m, t)
		}
	}
	return v
}

func coerceStruct(m map[string]any, t reflect.Type) map[string]any {
	fields := jsonFields(t)
	out := make(map[string]any, len(m))
	for k, e := range m {
		for name, ft := range fields {
			if strings.EqualFold(k, name) {
				out[name] = coerce(e, ft)
				break
			}
		}
	}
	return out
}

// jsonFields maps the JSON member names of struct t (embedded structs
// flattened) to their types.
func jsonFields(t reflect.Type) map[string]reflect.Type {
	out := map[string]reflect.Type{}
	for i := 0; i < t.NumField(); i++ {
		f := t.Field(i)
		tag := f.Tag.Get("json")
		if tag == "-" || (!f.IsExported() && !f.Anonymous) {
			continue
		}
		name := strings.Split(tag, ",")[0]
		if f.Anonymous && name == "" {
			ft := f.Type
			for ft.Kind() == reflect.Pointer {
				ft = ft.Elem()
			}
			if ft.Kind() == reflect.Struct {
				for n, typ := range jsonFields(ft) {
					out[n] = typ
				}
				continue
			}
		}
		if name == "" {
			name = f.Name
		}
		out[name] = f.Type
	}
	return out
}

// query returns a query parameter by case-insensitive name (the Node SDK
// sends `userid`, the docs `userId`).
func query(c *gin.Context, name string) (string, bool) {
	for k, vs := range c.Request.URL.Query() {
		if strings.EqualFold(k, name) && len(vs) > 0 {
			return vs[0], true
		}
	}
	return "", false
}
