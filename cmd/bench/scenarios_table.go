package main

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"net/http/httptest"

	"passwordless/passkeys/passkeystest"
	"passwordless/server"
)

// tableScenarios is -scenario table: issue 13's table in one run.
var tableScenarios = []string{"health-log-all", "health-log-summary", "health-log-off", "users-count", "register-token",
	"users-list-100", "register-begin", "register-complete", "credentials-list"}

func init() {
	for _, mode := range []string{"all", "summary", "off"} {
		scenarios["health-log-"+mode] = healthWithAccessLog(mode)
	}
	scenarios["register-begin"] = registerBegin
	scenarios["register-complete"] = registerComplete
	scenarios["credentials-list"] = credentialsList
}

// healthWithAccessLog is /health/http on a second server over the same
// database (its own pool, as another instance: a server registers its
// plugins on its database handle, which must not change under the running
// one) with ACCESS_LOG=mode (off: log level warn, no access log), so
// one run compares the three; lines are formatted, then discarded. The
// server is started once and kept for every size.
func healthWithAccessLog(mode string) scenario {
	return func(e *env) (func() error, error) {
		base, ok := e.logServers[mode]
		if !ok {
			cfg := e.cfg
			cfg.DB, cfg.DatabaseURL = nil, e.dbURL
			level, access := slog.LevelInfo, mode
			if mode == "off" {
				level, access = slog.LevelWarn, "summary"
			}
			cfg.Logger = slog.New(slog.NewTextHandler(io.Discard, &slog.HandlerOptions{Level: level}))
			cfg.AccessLog = access
			srv, err := server.New(context.Background(), cfg)
			if err != nil {
				return nil, err
			}
			hs := httptest.NewServer(srv.Handler)
			e.closers = append(e.closers, func() { hs.Close(); srv.Close() })
			base = hs.URL
			e.logServers[mode] = base
		}
		return func() error { return callAt(base, "GET", "/health/http", nil, nil, nil, 200) }, nil
	}
}

// registerBegin is /register/begin with one register token (begin does
// not spend it): each call stores a ceremony session.
func registerBegin(e *env) (func() error, error) {
	var tok struct{ Token string }
	if err := e.call("POST", "/register/token", e.secret(), map[string]any{"userId": "bench-begin", "username": "bench-begin"}, &tok, 200); err != nil {
		return nil, err
	}
	body := map[string]any{"token": tok.Token, "RPID": rpID, "Origin": origin}
	return func() error { return e.call("POST", "/register/begin", e.public(), body, nil, 200) }, nil
}

// registerComplete times /register/complete alone: the tokens, begins and
// authenticator responses of every operation are made before the clock
// starts, each for a new user (the warm path: a first passkey).
func registerComplete(e *env) (func() error, error) {
	auth := passkeystest.New(passkeystest.ES256, "none")
	ready := make(chan map[string]any, e.n+1)
	for i := 0; i < e.n+1; i++ {
		user := fmt.Sprintf("complete-%d", userSeq.Add(1))
		var tok struct{ Token string }
		if err := e.call("POST", "/register/token", e.secret(), map[string]any{"userId": user, "username": user}, &tok, 200); err != nil {
			return nil, err
		}
		var begin beginResponse
		if err := e.call("POST", "/register/begin", e.public(), map[string]any{"token": tok.Token, "RPID": rpID, "Origin": origin}, &begin, 200); err != nil {
			return nil, err
		}
		_, att, err := auth.Create(begin.Data, origin)
		if err != nil {
			return nil, err
		}
		ready <- map[string]any{"session": begin.Session, "response": att, "RPID": rpID, "Origin": origin}
	}
	return func() error { return e.call("POST", "/register/complete", e.public(), <-ready, nil, 200) }, nil
}

// credentialsList is POST /credentials/list for a user with one passkey.
func credentialsList(e *env) (func() error, error) {
	user, err := e.registerUser(passkeystest.New(passkeystest.ES256, "none"))
	if err != nil {
		return nil, err
	}
	body := map[string]any{"userId": user}
	return func() error { return e.call("POST", "/credentials/list", e.secret(), body, nil, 200) }, nil
}
