package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"sort"
	"strings"
	"sync/atomic"

	"github.com/google/uuid"

	"gorm.io/gorm"

	"passwordless/passkeys/passkeystest"
)

type gormDB = gorm.DB

// scenario prepares state and returns one timed operation.
type scenario func(e *env) (func() error, error)

var scenarios = map[string]scenario{
	"unauthorized":   unauthorized,
	"users-count":    usersCount,
	"register-token": registerToken,
	"verify":         verify,
	"signin-begin":   signinBegin,
	"health":         health,
	"users-list":     usersList,
	"users-list-100": usersList100,
	"register":       register,
	"register-hooks": registerWithWebhooks,
	// register-outbox: register-hooks measured with the worker stopped.
	"register-outbox": registerWithWebhooks,
	"signin":          signin,
	"failure-report":  failureReport,
	"passkey-prompt":  passkeyPrompt,
	"decision":        decision,
}

func scenarioNames() []string {
	names := make([]string, 0, len(scenarios))
	for n := range scenarios {
		names = append(names, n)
	}
	sort.Strings(names)
	return names
}

type app struct {
	ID         string `json:"-"`
	APIKey1    string `json:"apiKey1"`
	APISecret1 string `json:"apiSecret1"`
}

const (
	origin = "http://localhost:3000"
	rpID   = "localhost"
)

// client keeps a connection per concurrent client alive (the default
// transport keeps 2 per host, so most requests would open a new one).
var client = &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: 1024}}

// call sends one JSON request and decodes a 2xx body into out (if set).
func (e *env) call(method, path string, headers map[string]string, body, out any, want int) error {
	return callAt(e.base, method, path, headers, body, out, want)
}

// callAt is call on the server at base.
func callAt(base, method, path string, headers map[string]string, body, out any, want int) error {
	var rd io.Reader
	if body != nil {
		b, _ := json.Marshal(body)
		rd = bytes.NewReader(b)
	}
	req, _ := http.NewRequest(method, base+path, rd)
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	for k, v := range headers {
		req.Header.Set(k, v)
	}
	resp, err := client.Do(req)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	raw, _ := io.ReadAll(resp.Body)
	if resp.StatusCode != want {
		return fmt.Errorf("%s %s = %d %s", method, path, resp.StatusCode, raw)
	}
	if out != nil {
		return json.Unmarshal(raw, out)
	}
	return nil
}

// createApp creates an application with a fresh id, so the tool runs again
// and again against one database (earlier runs' applications stay).
func (e *env) createApp() (app, error) {
	a := app{ID: "bench" + strings.ReplaceAll(uuid.NewString(), "-", "")[:12]}
	err := e.call("POST", "/admin/apps/"+a.ID+"/create", map[string]string{"ManagementKey": "bench-management-key"},
		// maxUsers set (never reached) so register-token pays for the cap check.
		map[string]any{"adminEmail": "bench@example.com", "maxUsers": 1 << 40}, &a, 200)
	return a, err
}

func (e *env) secret() map[string]string { return e.app.secret() }
func (e *env) public() map[string]string { return e.app.public() }
func (a app) secret() map[string]string  { return map[string]string{"ApiSecret": a.APISecret1} }
func (a app) public() map[string]string  { return map[string]string{"ApiKey": a.APIKey1} }

func unauthorized(e *env) (func() error, error) {
	bad := map[string]string{"ApiSecret": e.app.ID + ":secret:00000000000000000000000000000000"}
	return func() error { return e.call("GET", "/users/count", bad, nil, nil, 401) }, nil
}

func health(e *env) (func() error, error) {
	return func() error { return e.call("GET", "/health/http", nil, nil, nil, 200) }, nil
}

// usersList is upstream's whole answer: up to 1000 users.
func usersList(e *env) (func() error, error) {
	return func() error { return e.call("GET", "/users/list", e.secret(), nil, nil, 200) }, nil
}

// usersList100 is a page of 100 from the middle of the application.
func usersList100(e *env) (func() error, error) {
	return func() error {
		return e.call("GET", "/users/list?limit=100&after=seed-0005000", e.secret(), nil, nil, 200)
	}, nil
}

func usersCount(e *env) (func() error, error) {
	return func() error { return e.call("GET", "/users/count", e.secret(), nil, nil, 200) }, nil
}

func registerToken(e *env) (func() error, error) {
	body := map[string]any{"userId": "bench-user", "username": "bench@example.com"}
	return func() error { return e.call("POST", "/register/token", e.secret(), body, nil, 200) }, nil
}

func verify(e *env) (func() error, error) {
	var tok struct{ Token string }
	if err := e.call("POST", "/signin/generate-token", e.secret(), map[string]any{"userId": "bench-user", "timeToLive": 3600}, &tok, 200); err != nil {
		return nil, err
	}
	body := map[string]any{"token": tok.Token}
	return func() error { return e.call("POST", "/signin/verify", e.secret(), body, nil, 200) }, nil
}

func signinBegin(e *env) (func() error, error) {
	body := map[string]any{"userId": "bench-user", "RPID": rpID, "Origin": origin}
	return func() error { return e.call("POST", "/signin/begin", e.public(), body, nil, 200) }, nil
}

type beginResponse struct {
	Data    json.RawMessage `json:"data"`
	Session string          `json:"session"`
}

var userSeq atomic.Int64

// registerUser runs one full registration (token, begin, create, complete)
// for a new user on auth.
func (e *env) registerUser(auth *passkeystest.Authenticator) (string, error) {
	return e.registerUserIn(e.app, auth)
}

func (e *env) registerUserIn(a app, auth *passkeystest.Authenticator) (string, error) {
	user := fmt.Sprintf("user-%d", userSeq.Add(1))
	var tok struct{ Token string }
	if err := e.call("POST", "/register/token", a.secret(), map[string]any{"userId": user, "username": user}, &tok, 200); err != nil {
		return "", err
	}
	var begin beginResponse
	if err := e.call("POST", "/register/begin", a.public(), map[string]any{"token": tok.Token, "RPID": rpID, "Origin": origin}, &begin, 200); err != nil {
		return "", err
	}
	_, att, err := auth.Create(begin.Data, origin)
	if err != nil {
		return "", err
	}
	return user, e.call("POST", "/register/complete", a.public(),
		map[string]any{"session": begin.Session, "response": att, "RPID": rpID, "Origin": origin}, nil, 200)
}

func register(e *env) (func() error, error) {
	auth := passkeystest.New(passkeystest.ES256, "none")
	return func() error { _, err := e.registerUser(auth); return err }, nil
}

// registerWithWebhooks is register in an application of its own with one
// webhook endpoint subscribed to credential.created and user.created: each
// registration also appends an outbox row (its two messages) in its
// transaction, and the worker relays and delivers them to a local receiver
// meanwhile. Its difference with
// register is what webhooks cost a registration.
func registerWithWebhooks(e *env) (func() error, error) {
	a, err := e.createApp()
	if err != nil {
		return nil, err
	}
	rcv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		w.WriteHeader(http.StatusNoContent)
	}))
	e.closers = append(e.closers, rcv.Close)
	err = e.call("POST", "/webhooks/add", a.secret(),
		map[string]any{"url": rcv.URL, "events": []string{"credential.created", "user.created"}}, nil, 201)
	if err != nil {
		return nil, err
	}
	auth := passkeystest.New(passkeystest.ES256, "none")
	return func() error { _, err := e.registerUserIn(a, auth); return err }, nil
}

// signin signs in with a pool of users, each on its own authenticator: one
// authenticator never signs two assertions at once, so the server's
// signature-counter check sees counters in order, as with real devices.
func signin(e *env) (func() error, error) {
	type user struct {
		id   string
		auth *passkeystest.Authenticator
	}
	pool := make(chan user, 64)
	for i := 0; i < cap(pool); i++ {
		auth := passkeystest.New(passkeystest.ES256, "none")
		id, err := e.registerUser(auth)
		if err != nil {
			return nil, err
		}
		pool <- user{id, auth}
	}
	return func() error {
		u := <-pool
		defer func() { pool <- u }()
		var begin beginResponse
		if err := e.call("POST", "/signin/begin", e.public(), map[string]any{"userId": u.id, "RPID": rpID, "Origin": origin}, &begin, 200); err != nil {
			return err
		}
		_, asr, err := u.auth.Get(begin.Data, origin)
		if err != nil {
			return err
		}
		return e.call("POST", "/signin/complete", e.public(),
			map[string]any{"session": begin.Session, "response": asr, "RPID": rpID, "Origin": origin}, nil, 200)
	}, nil
}
