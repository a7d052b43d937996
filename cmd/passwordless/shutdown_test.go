package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"
)

const testManagementKey = "shutdown-test-management-key-0123456789"

// startBinary runs the server (built once for the package: linking it
// again took 20 s and more on a loaded 2-core CI machine) on SQLite at
// addr; it returns the running command and its combined output.
func startBinary(t *testing.T, addr string, extraEnv ...string) (*exec.Cmd, *bytes.Buffer) {
	t.Helper()
	bin := buildOnce(t)
	dir := t.TempDir()
	cmd := exec.Command(bin, "serve")
	cmd.Env = append(os.Environ(), "LISTEN_ADDR="+addr, "DATABASE_URL=sqlite://"+filepath.Join(dir, "db.sqlite"),
		"DATA_DIR="+dir, "MANAGEMENT_KEY="+testManagementKey, "REDIS_URL=", "LOG_LEVEL=warn")
	cmd.Env = append(cmd.Env, extraEnv...)
	out := &bytes.Buffer{}
	cmd.Stdout, cmd.Stderr = out, out
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = cmd.Process.Kill(); _ = cmd.Wait() })
	// Readiness: /health/http answers as soon as the server listens.
	for i := 0; ; i++ {
		resp, err := http.Get("http://" + addr + "/health/storage")
		if err == nil {
			resp.Body.Close()
		}
		if err == nil && resp.StatusCode == http.StatusOK {
			break
		}
		if i > 300 {
			t.Fatalf("server did not start: %v\n%s", err, out)
		}
		time.Sleep(50 * time.Millisecond)
	}
	return cmd, out
}

func postJSON(c *http.Client, url string, headers map[string]string, body any) (*http.Response, error) {
	raw, _ := json.Marshal(body)
	req, _ := http.NewRequest(http.MethodPost, url, bytes.NewReader(raw))
	req.Header.Set("Content-Type", "application/json")
	for k, v := range headers {
		req.Header.Set(k, v)
	}
	return c.Do(req)
}

// TestServe_SIGTERMDrainsKeepAliveTraffic is issue 16 repro 10: about one
// request in 2 000 on a keep-alive connection failed during a graceful
// SIGTERM. Workers send POSTs over keep-alive connections through the
// signal until the listener is gone; every request that reached the server
// must succeed (a refused dial after the listener closed reached nothing).
// Readiness answers 503 while the server drains, and the process exits 0.
func TestServe_SIGTERMDrainsKeepAliveTraffic(t *testing.T) {
	addr := "127.0.0.1:57011"
	cmd, out := startBinary(t, addr, "SHUTDOWN_DRAIN=1s")
	base := "http://" + addr
	// Enough idle connections for every worker: the traffic is keep-alive.
	client := &http.Client{Timeout: 10 * time.Second, Transport: &http.Transport{MaxIdleConnsPerHost: 16}}
	resp, err := postJSON(client, base+"/admin/apps/drainapp/create", map[string]string{"ManagementKey": testManagementKey},
		map[string]string{"adminEmail": "a@example.com"})
	if err != nil || resp.StatusCode != 200 {
		t.Fatalf("create app: %v %v\n%s", resp, err, out)
	}
	var keys struct{ APISecret1 string }
	_ = json.NewDecoder(resp.Body).Decode(&keys)
	resp.Body.Close()

	var ok, failed atomic.Int64
	var firstFailure atomic.Value
	var wg sync.WaitGroup
	for w := range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := 0; ; i++ {
				resp, err := postJSON(client, base+"/register/token", map[string]string{"ApiSecret": keys.APISecret1},
					map[string]string{"userId": fmt.Sprintf("u%d-%d", w, i), "username": "u"})
				var op *net.OpError
				if errors.As(err, &op) && op.Op == "dial" {
					return // the listener is closed: the request reached nothing
				}
				if err != nil || resp.StatusCode != http.StatusOK {
					failed.Add(1)
					firstFailure.CompareAndSwap(nil, fmt.Sprintf("%v %v", err, resp))
				} else {
					ok.Add(1)
				}
				if resp != nil {
					_, _ = io.Copy(io.Discard, resp.Body)
					resp.Body.Close()
				}
			}
		}()
	}
	// The load balancer's probe holds its own keep-alive connection: new
	// connections are refused once the signal arrives.
	probe := &http.Client{Transport: &http.Transport{}}
	readiness := func() int {
		resp, err := probe.Get(base + "/health/storage")
		if err != nil {
			t.Fatalf("readiness: %v", err)
		}
		_, _ = io.Copy(io.Discard, resp.Body) // so the connection is reused
		resp.Body.Close()
		return resp.StatusCode
	}
	if got := readiness(); got != http.StatusOK {
		t.Errorf("readiness before the signal: %d", got)
	}
	time.Sleep(500 * time.Millisecond)
	if err := cmd.Process.Signal(syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	time.Sleep(200 * time.Millisecond)
	if got := readiness(); got != http.StatusServiceUnavailable {
		t.Errorf("readiness while draining: %d, want 503", got)
	}
	wg.Wait()
	if err := cmd.Wait(); err != nil {
		t.Errorf("exit after SIGTERM: %v\n%s", err, out)
	}
	t.Logf("%d requests succeeded through the SIGTERM, %d failed", ok.Load(), failed.Load())
	if failed.Load() != 0 || ok.Load() == 0 {
		t.Errorf("%d of %d requests failed; first: %v", failed.Load(), ok.Load()+failed.Load(), firstFailure.Load())
	}
}

// TestServe_UnreachableDatabaseExitsWithOneLine is issue 16 repro 4 from
// the command: after STARTUP_RETRY the error names the dependency and the
// cause, without the password.
func TestServe_UnreachableDatabaseExitsWithOneLine(t *testing.T) {
	dir := t.TempDir()
	e := env(map[string]string{"DATABASE_URL": "postgres://app:hunter2secret@127.0.0.1:57012/db?sslmode=disable",
		"DATA_DIR": dir, "STARTUP_RETRY": "1s", "LISTEN_ADDR": "127.0.0.1:57013"})
	var stdout, stderr bytes.Buffer
	err := run(context.Background(), nil, e, &stdout, &stderr)
	if err == nil {
		t.Fatal("serve started without a database")
	}
	msg := err.Error()
	if !strings.HasPrefix(msg, "database (DATABASE_URL): ") || strings.Contains(msg, "\n") || !strings.Contains(msg, "refused") {
		t.Errorf("error = %q, want one line naming the database and the cause", msg)
	}
	if strings.Contains(msg, "hunter2secret") || strings.Contains(stderr.String(), "hunter2secret") {
		t.Error("the password was printed")
	}
	if !strings.Contains(stderr.String(), "retrying") {
		t.Errorf("no retry was logged: %s", stderr.String())
	}
}
