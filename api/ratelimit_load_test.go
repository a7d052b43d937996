package api_test

import (
	"context"
	"encoding/json"
	"fmt"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"passwordless/api/apitest"
	"passwordless/quota"
	"passwordless/server"
	"passwordless/storage/storagetest"
)

// Bounds of the load test: floodAddresses send floodPerAddress reports
// each (6 500: more in all than an application's whole default budget of
// 6 000 a minute that the flood used to spend, fewer each than the
// per-address limit), and the whole run stops after loadDeadline.
const (
	floodAddresses  = 50
	floodPerAddress = 130
	loadDeadline    = 60 * time.Second
)

// TestRateLimit_LoadPublicFloodWhileTheBackendServes is issue 24's load
// test for item 1, run in CI on PostgreSQL and Redis (SQLite and the
// in-process limiter without them) with the default limits: 50 addresses
// send failure reports with the public key concurrently while a backend
// keeps calling /register/token, /signin/generate-token and /signin/verify
// with its secret. The flood is refused once it spends the telemetry
// budget; the backend must never see a 429.
func TestRateLimit_LoadPublicFloodWhileTheBackendServes(t *testing.T) {
	if testing.Short() {
		t.Skip("load test")
	}
	var o apitest.Options
	if os.Getenv("TEST_DATABASE_URL") != "" {
		o.DB = storagetest.Postgres(t)
	}
	if os.Getenv("TEST_REDIS_URL") != "" {
		client, prefix := storagetest.Redis(t)
		o.Redis, o.Configure = client, func(c *server.Config) { c.RedisKeyPrefix = prefix }
	}
	h := apitest.New(t, o)
	app := h.CreateApp(t, "loaded", nil)
	ctx, cancel := context.WithTimeout(t.Context(), loadDeadline)
	defer cancel()

	var public, publicRefused, secret, secretFailed atomic.Int64
	var wrongSecret sync.Map // status → first body
	send := func(ip, method, path string, headers apitest.H, body any) *httptest.ResponseRecorder {
		req := apitest.NewRequest(t, method, path, headers, body)
		req.RemoteAddr = net.JoinHostPort(ip, "5000")
		rec := httptest.NewRecorder()
		h.Handler.ServeHTTP(rec, req)
		return rec
	}
	floodDone := make(chan struct{})
	backendDone := make(chan struct{})
	go func() { // the backend, until the flood ends
		defer close(backendDone)
		for n := 0; ctx.Err() == nil; n++ {
			select {
			case <-floodDone:
				return
			default:
			}
			user := fmt.Sprintf("user%d", n)
			steps := []struct {
				path string
				body map[string]any
			}{
				{"/register/token", map[string]any{"userId": user, "username": user}},
				{"/signin/generate-token", map[string]any{"userId": user}},
			}
			for _, s := range steps {
				rec := send("127.8.0.1", http.MethodPost, s.path, app.Secret(), s.body)
				secret.Add(1)
				if rec.Code != http.StatusOK {
					secretFailed.Add(1)
					wrongSecret.LoadOrStore(fmt.Sprintf("%s %d", s.path, rec.Code), rec.Body.String())
					continue
				}
				if s.path == "/signin/generate-token" {
					var tok struct{ Token string }
					_ = json.Unmarshal(rec.Body.Bytes(), &tok)
					rec = send("127.8.0.1", http.MethodPost, "/signin/verify", app.Secret(), map[string]any{"token": tok.Token})
					secret.Add(1)
					if rec.Code != http.StatusOK {
						secretFailed.Add(1)
						wrongSecret.LoadOrStore(fmt.Sprintf("/signin/verify %d", rec.Code), rec.Body.String())
					}
				}
			}
		}
	}()

	start := time.Now()
	var flood sync.WaitGroup
	for a := range floodAddresses {
		flood.Add(1)
		go func() {
			defer flood.Done()
			ip := fmt.Sprintf("127.7.0.%d", a+1)
			for range floodPerAddress {
				if ctx.Err() != nil {
					return
				}
				rec := send(ip, http.MethodPost, "/diagnostics/failures", app.Public(), failureReport)
				public.Add(1)
				if rec.Code == http.StatusTooManyRequests {
					publicRefused.Add(1)
				}
			}
		}()
	}
	flood.Wait()
	close(floodDone)
	<-backendDone
	took := time.Since(start)
	if ctx.Err() != nil {
		t.Errorf("the run did not finish within %v", loadDeadline)
	}

	perSecond := func(n int64) float64 { return float64(n) / took.Seconds() }
	t.Logf("public: %d req (%.0f/s), %d 429; secret: %d req (%.0f/s), %d not 200; in %v",
		public.Load(), perSecond(public.Load()), publicRefused.Load(),
		secret.Load(), perSecond(secret.Load()), secretFailed.Load(), took.Round(time.Millisecond))
	wrongSecret.Range(func(k, v any) bool {
		t.Errorf("backend call answered %v during the flood: %v", k, v)
		return true
	})
	telemetry := quota.DefaultLimits().Telemetry.Limit
	if want := public.Load() - telemetry; publicRefused.Load() != want {
		t.Errorf("%d of %d reports refused, want all past the telemetry budget of %d (%d)", publicRefused.Load(), public.Load(), telemetry, want)
	}
	if secret.Load() == 0 {
		t.Error("the backend sent nothing during the flood")
	}
}
