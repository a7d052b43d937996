package main

import (
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"net"
	"net/http"
	"strings"
	"sync/atomic"
	"syscall"

	"passwordless/problems"
)

// startingHandler serves while the server starts: it listens before it
// generates secrets, migrates or reaches its dependencies, so an
// orchestrator sees a live process (/health/http 200) that is not ready
// yet (/health/storage 503) instead of a refused port. Every other route
// is 503 service_unavailable with Retry-After too, until ready hands the
// listener to the real router.
type startingHandler struct {
	publicURL string
	next      atomic.Pointer[http.Handler]
}

// ready routes every later request to h.
func (s *startingHandler) ready(h http.Handler) { s.next.Store(&h) }

func (s *startingHandler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if next := s.next.Load(); next != nil {
		(*next).ServeHTTP(w, r)
		return
	}
	b := make([]byte, 16)
	_, _ = rand.Read(b)
	traceID := hex.EncodeToString(b)
	w.Header().Set("Trace-Id", traceID)
	if r.URL.Path == "/health/http" && (r.Method == http.MethodGet || r.Method == http.MethodHead) {
		w.Header().Set("Content-Type", "text/plain; charset=utf-8")
		_, _ = w.Write([]byte("Healthy"))
		return
	}
	p := problems.Unavailable(errors.New("starting")).WithDetail("The server is starting.")
	p.Header = http.Header{"Retry-After": {"1"}}
	problems.Write(w, s.publicURL, traceID, p)
}

// listen opens LISTEN_ADDR. It is the first thing serve does, so a port
// that is taken ends the process with one line before anything (the data
// directory, generated secrets, a SQLite file) is written.
func listen(addr string) (net.Listener, error) {
	ln, err := net.Listen("tcp", addr)
	switch {
	case err == nil:
		return ln, nil
	case errors.Is(err, syscall.EADDRINUSE):
		return nil, fmt.Errorf("LISTEN_ADDR %s: the address is already in use (is another server running? set LISTEN_ADDR or --listen)", addr)
	default:
		return nil, fmt.Errorf("LISTEN_ADDR %s: %s", addr, oneLine(err.Error()))
	}
}

// oneLine joins a multi-line message (pgx lists every address it tried,
// one per line) into one line, dropping repeated parts, so each start-up
// attempt and the final error are a single log line.
func oneLine(msg string) string {
	var parts []string
	for _, p := range strings.Split(msg, "\n") {
		p = strings.TrimSpace(p)
		if p == "" || (len(parts) > 0 && parts[len(parts)-1] == p) {
			continue
		}
		parts = append(parts, p)
	}
	return strings.Join(parts, " ")
}
