// Package apitest runs HTTP tests through the real router, built by
// server.New exactly as in production, over a fresh database. Every
// response with status >= 400 is checked to be a catalogued problem
// document, so no test can pass over a malformed error.
package apitest

import (
	"bytes"
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"passwordless/api"
	"passwordless/internal/clocktest"
	"passwordless/problems"
	"passwordless/server"
	"passwordless/storage"
	"passwordless/storage/storagetest"
)

// PublicURL is the PUBLIC_URL of test servers.
const PublicURL = "http://passwordless.test"

// ManagementKey is the management key of test servers.
const ManagementKey = "test-management-key"

// Options change the server a test gets.
type Options struct {
	DB    *storage.DB   // default: a fresh SQLite file
	Redis storage.Redis // default: nil, the in-process implementations
	// Configure may change the server configuration before New.
	Configure func(*server.Config)
}

// Harness is a running server under test.
type Harness struct {
	Server  *server.Server
	Handler http.Handler
	Clock   *Clock
	Config  server.Config
}

// New builds the server for t; it is closed when the test ends.
func New(t testing.TB, o Options) *Harness {
	t.Helper()
	db := o.DB
	if db == nil {
		db = storagetest.SQLite(t)
	}
	clock := NewClock(time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC))
	cfg := server.Config{DB: db, Redis: o.Redis, ManagementKey: ManagementKey,
		TokenSecret: []byte("test-token-secret-0123456789abcdef"), PublicURL: PublicURL,
		DataDir: t.TempDir(), Version: "test", Clock: clock.Now}
	if o.Configure != nil {
		o.Configure(&cfg)
	}
	srv, err := server.New(context.Background(), cfg)
	if err != nil {
		t.Fatalf("server.New: %v", err)
	}
	t.Cleanup(func() { _ = srv.Close() })
	return &Harness{Server: srv, Handler: srv.Handler, Clock: clock, Config: cfg}
}

// Clock is the settable time source shared by every service of a harness.
type Clock = clocktest.Clock

// NewClock starts a clock at t.
func NewClock(t time.Time) *Clock { return clocktest.New(t) }

// Response is a recorded response.
type Response struct {
	Status int
	Header http.Header
	Body   []byte
}

// JSON decodes the body into v, failing the test on error.
func (r *Response) JSON(t testing.TB, v any) {
	t.Helper()
	if err := json.Unmarshal(r.Body, v); err != nil {
		t.Fatalf("decode %d response %q: %v", r.Status, r.Body, err)
	}
}

// Problem decodes a problem body.
func (r *Response) Problem(t testing.TB) map[string]any {
	t.Helper()
	var p map[string]any
	r.JSON(t, &p)
	return p
}

// Code is the errorCode of a problem response ("" for a success).
func (r *Response) Code() string {
	var p struct {
		ErrorCode string `json:"errorCode"`
	}
	_ = json.Unmarshal(r.Body, &p)
	return p.ErrorCode
}

// H is a set of request headers.
type H map[string]string

// Do sends a request through the router. body may be nil, a string or
// []byte (sent as is) or any value (sent as JSON); a body gets
// Content-Type application/json unless headers set one.
func (h *Harness) Do(t testing.TB, method, path string, headers H, body any) *Response {
	t.Helper()
	req := NewRequest(t, method, path, headers, body)
	rec := httptest.NewRecorder()
	h.Handler.ServeHTTP(rec, req)
	resp := &Response{Status: rec.Code, Header: rec.Header(), Body: rec.Body.Bytes()}
	CheckResponse(t, req, resp)
	return resp
}

// NewRequest builds a request as Do sends it.
func NewRequest(t testing.TB, method, path string, headers H, body any) *http.Request {
	t.Helper()
	var raw []byte
	switch b := body.(type) {
	case nil:
	case string:
		raw = []byte(b)
	case []byte:
		raw = b
	default:
		var err error
		if raw, err = json.Marshal(b); err != nil {
			t.Fatalf("encode body: %v", err)
		}
	}
	req := httptest.NewRequest(method, path, bytes.NewReader(raw))
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	for k, v := range headers {
		req.Header.Set(k, v)
	}
	req.RemoteAddr = "127.0.0.1:40000"
	return req
}

var (
	validatorsMu sync.Mutex
	validators   []func(t testing.TB, req *http.Request, resp *Response)
)

// AddValidator registers a check run on every response of every harness
// (the OpenAPI contract tests register one).
func AddValidator(fn func(t testing.TB, req *http.Request, resp *Response)) {
	validatorsMu.Lock()
	validators = append(validators, fn)
	validatorsMu.Unlock()
}

// CheckResponse applies the checks every response must pass: CORS on all
// of the public and secret API's and on none of the operator routes', and
// for status >= 400 a problem document with a catalogued code.
func CheckResponse(t testing.TB, req *http.Request, resp *Response) {
	t.Helper()
	want := ""
	if api.AllowsCORS(req.URL.Path) {
		want = "*"
	}
	if got := resp.Header.Get("Access-Control-Allow-Origin"); got != want {
		t.Errorf("%s %s: Access-Control-Allow-Origin = %q, want %q", req.Method, req.URL.Path, got, want)
	}
	if resp.Status >= 400 {
		CheckProblem(t, req.Method+" "+req.URL.Path, resp)
	}
	validatorsMu.Lock()
	vs := append([]func(testing.TB, *http.Request, *Response){}, validators...)
	validatorsMu.Unlock()
	for _, v := range vs {
		v(t, req, resp)
	}
}

// CheckProblem asserts resp is an application/problem+json document whose
// members agree with the catalogue.
func CheckProblem(t testing.TB, what string, resp *Response) {
	t.Helper()
	if ct := resp.Header.Get("Content-Type"); ct != problems.ContentType {
		t.Errorf("%s: status %d Content-Type = %q, want %q (body %q)", what, resp.Status, ct, problems.ContentType, resp.Body)
		return
	}
	var doc struct {
		Type      string `json:"type"`
		Title     string `json:"title"`
		Status    int    `json:"status"`
		ErrorCode string `json:"errorCode"`
		TraceID   string `json:"traceId"`
	}
	if err := json.Unmarshal(resp.Body, &doc); err != nil {
		t.Errorf("%s: problem body %q: %v", what, resp.Body, err)
		return
	}
	if _, ok := problems.Lookup(problems.Code(doc.ErrorCode)); !ok {
		t.Errorf("%s: errorCode %q is not in the catalogue", what, doc.ErrorCode)
	}
	if doc.Status != resp.Status || doc.Title == "" || doc.TraceID == "" ||
		doc.Type != PublicURL+"/errors#"+doc.ErrorCode || !strings.HasPrefix(doc.Type, "http") {
		t.Errorf("%s: malformed problem %s", what, resp.Body)
	}
}
