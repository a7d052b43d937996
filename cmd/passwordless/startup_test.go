package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"
)

// syncBuffer is a bytes.Buffer the server's goroutines may write while the
// test reads it.
type syncBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *syncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

// freeAddr is a loopback address nothing listens on (it was free a moment
// ago).
func freeAddr(t *testing.T) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	_ = ln.Close()
	return addr
}

// serveInBackground runs `passwordless serve` in-process until the test
// ends or stop is called; stop returns its result.
func serveInBackground(t *testing.T, vars map[string]string) (stderr *syncBuffer, done chan error, stop func() error) {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	stderr, done = &syncBuffer{}, make(chan error, 1)
	go func() { done <- run(ctx, []string{"serve"}, env(vars), io.Discard, stderr) }()
	var once sync.Once
	var result error
	stop = func() error {
		once.Do(func() {
			cancel()
			select {
			case result = <-done:
			case <-time.After(30 * time.Second):
				result = errors.New("serve did not stop")
			}
		})
		return result
	}
	t.Cleanup(func() { _ = stop() })
	return stderr, done, stop
}

// waitFor polls url until it answers status, failing after 20 s.
func waitFor(t *testing.T, url string, status int, done chan error) *http.Response {
	t.Helper()
	for deadline := time.Now().Add(20 * time.Second); time.Now().Before(deadline); time.Sleep(20 * time.Millisecond) {
		select {
		case err := <-done:
			t.Fatalf("serve ended: %v", err)
		default:
		}
		resp, err := http.Get(url)
		if err != nil {
			continue
		}
		if resp.StatusCode == status {
			return resp
		}
		resp.Body.Close()
	}
	t.Fatalf("%s never answered %d", url, status)
	return nil
}

// TestServe_PortInUseIsOneLineAndWritesNothing: a taken port stops the
// server with one line naming LISTEN_ADDR, before the data directory, the
// generated secrets or the SQLite file exist (they used to be written
// first, and a setup link logged for a server that never ran).
func TestServe_PortInUseIsOneLineAndWritesNothing(t *testing.T) {
	taken, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer taken.Close()
	dataDir := filepath.Join(t.TempDir(), "data")
	var stdout, stderr bytes.Buffer
	err = run(context.Background(), []string{"serve"}, env(map[string]string{"LISTEN_ADDR": taken.Addr().String(),
		"DATA_DIR": dataDir}), &stdout, &stderr)
	if err == nil {
		t.Fatal("serve started on a port in use")
	}
	if msg := err.Error(); !strings.HasPrefix(msg, "LISTEN_ADDR "+taken.Addr().String()) ||
		!strings.Contains(msg, "already in use") || strings.Contains(msg, "\n") {
		t.Errorf("error = %q, want one line naming LISTEN_ADDR and the port in use", msg)
	}
	if _, err := os.Stat(dataDir); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("DATA_DIR was created (%v); nothing may be written before the port is ours", err)
	}
	if stdout.Len() > 0 || stderr.Len() > 0 {
		t.Errorf("output before listening: stdout %q, stderr %q", stdout.String(), stderr.String())
	}
}

// TestServe_AnswersHealthWhileStarting: while the database is unreachable
// the server already listens: /health/http is 200, /health/storage and
// every other route a 503 problem with Retry-After. Each retry is one
// clean log line (gorm logged its own garbled line per attempt, and pgx's
// error spanned several lines).
func TestServe_AnswersHealthWhileStarting(t *testing.T) {
	addr, dbAddr := freeAddr(t), freeAddr(t)
	stderr, done, stop := serveInBackground(t, map[string]string{"LISTEN_ADDR": addr, "DATA_DIR": t.TempDir(),
		"DATABASE_URL": "postgres://app:hunter2secret@" + dbAddr + "/db", "STARTUP_RETRY": "30s"})
	base := "http://" + addr
	waitFor(t, base+"/health/http", http.StatusOK, done).Body.Close()
	for _, path := range []string{"/health/storage", "/users/count"} {
		resp, err := http.Get(base + path)
		if err != nil {
			t.Fatal(err)
		}
		var doc map[string]any
		_ = json.NewDecoder(resp.Body).Decode(&doc)
		resp.Body.Close()
		if resp.StatusCode != http.StatusServiceUnavailable || resp.Header.Get("Content-Type") != "application/problem+json" ||
			resp.Header.Get("Retry-After") == "" || doc["errorCode"] != "service_unavailable" ||
			doc["type"] != base+"/errors#service_unavailable" {
			t.Errorf("%s while starting = %d %v %v, want a 503 service_unavailable problem with Retry-After and type under PUBLIC_URL",
				path, resp.StatusCode, resp.Header, doc)
		}
	}
	// Two attempts logged, then every line is checked.
	for deadline := time.Now().Add(10 * time.Second); strings.Count(stderr.String(), "retrying") < 2; time.Sleep(50 * time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatalf("fewer than two retries logged: %s", stderr)
		}
	}
	checkCleanStartupLog(t, stderr.String())
	// SIGTERM while starting is a requested stop, not a failure.
	if err := stop(); err != nil {
		t.Errorf("stopped while starting: %v, want a clean exit", err)
	}
}

// checkCleanStartupLog fails unless every line is one JSON record and every
// warning or error is one of our retry lines, on one line, without the
// password.
func checkCleanStartupLog(t *testing.T, log string) {
	t.Helper()
	for _, line := range strings.Split(strings.TrimSpace(log), "\n") {
		var rec map[string]any
		if err := json.Unmarshal([]byte(line), &rec); err != nil {
			t.Errorf("not a JSON log line: %q", line)
			continue
		}
		if strings.Contains(line, "%v") || strings.Contains(line, "!ERROR") || strings.Contains(line, `\n`) ||
			strings.Contains(line, "hunter2secret") {
			t.Errorf("garbled or leaking line: %s", line)
		}
		if rec["level"] != "INFO" && rec["msg"] != "dependency not reachable; retrying" {
			t.Errorf("unexpected %v line during start-up: %s", rec["level"], line)
		}
	}
}

// TestServe_StartsBehindTheListener: once started, the same listener serves
// the API; PUBLIC_URL defaults to the listen address (problem type URIs
// point there), and the default SQLite file is in DATA_DIR.
func TestServe_StartsBehindTheListener(t *testing.T) {
	addr, dataDir := freeAddr(t), t.TempDir()
	cwd, _ := os.Getwd()
	_, done, _ := serveInBackground(t, map[string]string{"LISTEN_ADDR": addr, "DATA_DIR": dataDir,
		"MANAGEMENT_KEY": testManagementKey, "LOG_LEVEL": "warn"})
	base := "http://" + addr
	waitFor(t, base+"/health/storage", http.StatusOK, done).Body.Close()
	resp, err := http.Get(base + "/users/count")
	if err != nil {
		t.Fatal(err)
	}
	var doc map[string]any
	_ = json.NewDecoder(resp.Body).Decode(&doc)
	resp.Body.Close()
	if resp.StatusCode != http.StatusUnauthorized || doc["type"] != base+"/errors#missing_api_secret" {
		t.Errorf("GET /users/count = %d %v, want 401 with type %s/errors#missing_api_secret", resp.StatusCode, doc, base)
	}
	if _, err := os.Stat(filepath.Join(dataDir, "passwordless.db")); err != nil {
		t.Errorf("default SQLite file not in DATA_DIR: %v", err)
	}
	if _, err := os.Stat(filepath.Join(cwd, "data")); err == nil {
		t.Error("a ./data directory was created although DATA_DIR is elsewhere")
	}
}

// binaryOnce builds the command once for the tests that run the real
// binary (its real stderr: go-redis logs there itself, outside any slog
// handler; its signal handling); TestMain removes it.
var binaryOnce struct {
	sync.Once
	path string
	err  error
	out  []byte
}

func buildOnce(t *testing.T) string {
	t.Helper()
	if testing.Short() {
		t.Skip("builds and runs the binary")
	}
	binaryOnce.Do(func() {
		dir, err := os.MkdirTemp("", "passwordless-bin")
		if err != nil {
			binaryOnce.err = err
			return
		}
		binaryOnce.path = filepath.Join(dir, "passwordless")
		binaryOnce.out, binaryOnce.err = exec.Command("go", "build", "-o", binaryOnce.path, ".").CombinedOutput()
	})
	if binaryOnce.err != nil {
		t.Fatalf("go build: %v\n%s", binaryOnce.err, binaryOnce.out)
	}
	return binaryOnce.path
}

// TestServe_RedisRetriesAreOneLineEach: go-redis printed a plain-text
// "redis: … pool.go: failed to dial" line (twice) beside every retry; now
// stderr holds only JSON lines and the final one-line error, and the exit
// status is 1.
func TestServe_RedisRetriesAreOneLineEach(t *testing.T) {
	bin := buildOnce(t)
	dir := t.TempDir()
	cmd := exec.Command(bin, "serve")
	cmd.Env = append(os.Environ(), "LISTEN_ADDR="+freeAddr(t), "REDIS_URL=redis://"+freeAddr(t)+"/0", "DATABASE_URL=",
		"DATA_DIR="+dir, "MANAGEMENT_KEY="+testManagementKey, "TOKEN_SECRET="+testManagementKey, "STARTUP_RETRY=2500ms",
		"LOG_LEVEL=info", "PUBLIC_URL=")
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	err := cmd.Run()
	var exit *exec.ExitError
	if !errors.As(err, &exit) || exit.ExitCode() != 1 {
		t.Fatalf("exit = %v, want status 1\n%s", err, stderr.String())
	}
	lines := strings.Split(strings.TrimSpace(stderr.String()), "\n")
	last := lines[len(lines)-1]
	if !strings.HasPrefix(last, "passwordless: Redis: ") || !strings.Contains(last, "refused") {
		t.Errorf("last line = %q, want the one-line error naming Redis", last)
	}
	checkCleanStartupLog(t, strings.Join(lines[:len(lines)-1], "\n"))
	if n := strings.Count(stderr.String(), "retrying"); n < 1 {
		t.Errorf("%d retry lines, want at least one:\n%s", n, stderr.String())
	}
}
