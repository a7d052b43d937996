// Package contract checks the server against openapi.yaml: which routes the
// router has and the document lacks (and the reverse), which error codes the
// document lists, and whether a response matches the schema of its
// operation. Tests use it (api/apitest validates every response it sees);
// the server binary does not link it.
package contract

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"slices"
	"strings"
	"sync"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/getkin/kin-openapi/openapi3filter"
	"github.com/getkin/kin-openapi/routers"
	"github.com/getkin/kin-openapi/routers/legacy"

	"passwordless"
)

// Spec is the loaded and validated OpenAPI document.
type Spec struct {
	Doc    *openapi3.T
	router routers.Router
}

// Load parses the embedded openapi.yaml once per process. The document is
// checked against the OpenAPI rules, so a broken reference or schema fails
// here rather than silently skipping validation.
var Load = sync.OnceValues(func() (*Spec, error) {
	return Parse(passwordless.OpenAPI)
})

// Parse loads an OpenAPI document from YAML or JSON.
func Parse(data []byte) (*Spec, error) {
	loader := openapi3.NewLoader()
	doc, err := loader.LoadFromData(data)
	if err != nil {
		return nil, fmt.Errorf("openapi: %w", err)
	}
	if err := doc.Validate(loader.Context); err != nil {
		return nil, fmt.Errorf("openapi: %w", err)
	}
	router, err := legacy.NewRouter(doc)
	if err != nil {
		return nil, fmt.Errorf("openapi: %w", err)
	}
	return &Spec{Doc: doc, router: router}, nil
}

// Route is one method and path, the path in OpenAPI form (`{appId}`).
type Route struct {
	Method string
	Path   string
}

func (r Route) String() string { return r.Method + " " + r.Path }

// Operations lists every operation of the document, sorted.
func (s *Spec) Operations() []Route {
	var out []Route
	for p, item := range s.Doc.Paths.Map() {
		for method := range item.Operations() {
			out = append(out, Route{Method: method, Path: p})
		}
	}
	sortRoutes(out)
	return out
}

// FromGin converts a gin route path (`/admin/apps/:appId`, `/x/*rest`,
// `/x/client.:version`) to its OpenAPI form (`/admin/apps/{appId}`,
// `/x/{rest}`, `/x/client.{version}`).
func FromGin(method, path string) Route {
	parts := strings.Split(path, "/")
	for i, p := range parts {
		if at := strings.IndexAny(p, ":*"); at >= 0 {
			parts[i] = p[:at] + "{" + p[at+1:] + "}"
		}
	}
	return Route{Method: strings.ToUpper(method), Path: strings.Join(parts, "/")}
}

// Diff compares the routes a router serves with the operations a document
// describes: undocumented are routed but missing from the document,
// unrouted are documented but not served. Both are sorted.
func Diff(routed, documented []Route) (undocumented, unrouted []Route) {
	in := func(list []Route, r Route) bool { return slices.Contains(list, r) }
	for _, r := range routed {
		if !in(documented, r) && !in(undocumented, r) {
			undocumented = append(undocumented, r)
		}
	}
	for _, r := range documented {
		if !in(routed, r) && !in(unrouted, r) {
			unrouted = append(unrouted, r)
		}
	}
	sortRoutes(undocumented)
	sortRoutes(unrouted)
	return undocumented, unrouted
}

func sortRoutes(rs []Route) {
	slices.SortFunc(rs, func(a, b Route) int {
		if c := strings.Compare(a.Path, b.Path); c != 0 {
			return c
		}
		return strings.Compare(a.Method, b.Method)
	})
}

// ErrorCodes returns the errorCode enum of the Problem schema, in
// document order.
func (s *Spec) ErrorCodes() ([]string, error) {
	problem := s.Doc.Components.Schemas["Problem"]
	if problem == nil || problem.Value == nil {
		return nil, fmt.Errorf("openapi: no Problem schema")
	}
	code := problem.Value.Properties["errorCode"]
	if code == nil || code.Value == nil {
		return nil, fmt.Errorf("openapi: Problem has no errorCode property")
	}
	var out []string
	for _, v := range code.Value.Enum {
		str, ok := v.(string)
		if !ok {
			return nil, fmt.Errorf("openapi: errorCode enum value %v is not a string", v)
		}
		out = append(out, str)
	}
	return out, nil
}

// ErrNoOperation is returned by ValidateResponse for a request that no
// operation of the document describes.
var ErrNoOperation = errors.New("not in openapi.yaml")

// ValidateResponse checks one exchange against the document: the request
// must match a documented operation, and the response's status, content
// type and body must match what that operation declares. Credentials are
// not checked (the server's own tests do that), nor is the request body:
// tests send malformed requests on purpose.
func (s *Spec) ValidateResponse(req *http.Request, status int, header http.Header, body []byte) error {
	route, params, err := s.router.FindRoute(req)
	if err != nil {
		return fmt.Errorf("%s %s: %w (%w)", req.Method, req.URL.Path, ErrNoOperation, err)
	}
	in := &openapi3filter.ResponseValidationInput{
		RequestValidationInput: &openapi3filter.RequestValidationInput{
			Request:    req,
			PathParams: params,
			Route:      route,
			Options:    &openapi3filter.Options{AuthenticationFunc: openapi3filter.NoopAuthenticationFunc},
		},
		Status: status,
		Header: header,
		Body:   io.NopCloser(bytes.NewReader(body)),
		Options: &openapi3filter.Options{
			IncludeResponseStatus: true,
			MultiError:            true,
		},
	}
	if err := openapi3filter.ValidateResponse(context.Background(), in); err != nil {
		return fmt.Errorf("%s %s → %d does not match openapi.yaml: %w", req.Method, route.Path, status, err)
	}
	return nil
}
