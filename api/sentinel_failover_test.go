package api_test

import (
	"context"
	"fmt"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"testing"
	"time"

	"github.com/redis/go-redis/v9"

	"passwordless/api/apitest"
	"passwordless/quota"
	"passwordless/server"
	"passwordless/storage"
	"passwordless/storage/storagetest"
)

// sentinelFleet is a Redis master, its replica and three Sentinels (quorum
// 2) started by the test on five consecutive loopback ports from
// TEST_REDIS_FAILOVER_PORT.
type sentinelFleet struct {
	master        *exec.Cmd
	masterPort    int
	replicaPort   int
	sentinelPorts []int
}

// startSentinelFleet starts the fleet, or skips the test without
// TEST_REDIS_FAILOVER_PORT or redis-server. Every process is killed when
// the test ends.
func startSentinelFleet(t *testing.T) *sentinelFleet {
	t.Helper()
	base, err := strconv.Atoi(os.Getenv("TEST_REDIS_FAILOVER_PORT"))
	if err != nil {
		t.Skip("TEST_REDIS_FAILOVER_PORT not set (the first of five free ports)")
	}
	if _, err := exec.LookPath("redis-server"); err != nil {
		t.Skip("redis-server not installed")
	}
	f := &sentinelFleet{masterPort: base, replicaPort: base + 1, sentinelPorts: []int{base + 2, base + 3, base + 4}}
	dir := t.TempDir()
	node := func(port int, extra ...string) *exec.Cmd {
		args := append([]string{"--port", strconv.Itoa(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no",
			"--dir", dir, "--logfile", filepath.Join(dir, fmt.Sprintf("%d.log", port))}, extra...)
		return startProcess(t, "redis-server", args...)
	}
	f.master = node(f.masterPort)
	waitRedis(t, f.masterPort)
	node(f.replicaPort, "--replicaof", "127.0.0.1", strconv.Itoa(f.masterPort))
	waitRedis(t, f.replicaPort)
	for _, p := range f.sentinelPorts {
		conf := filepath.Join(dir, fmt.Sprintf("sentinel-%d.conf", p))
		body := fmt.Sprintf("port %d\nbind 127.0.0.1\ndir %s\nsentinel monitor fo 127.0.0.1 %d 2\n"+
			"sentinel down-after-milliseconds fo 1000\nsentinel failover-timeout fo 5000\n", p, dir, f.masterPort)
		if err := os.WriteFile(conf, []byte(body), 0o600); err != nil {
			t.Fatal(err)
		}
		startProcess(t, "redis-server", conf, "--sentinel", "--logfile", filepath.Join(dir, fmt.Sprintf("sentinel-%d.log", p)))
		waitRedis(t, p)
	}
	// Failover needs every Sentinel to know the replica and the others.
	eventually(t, 20*time.Second, "the Sentinels to see the replica and each other", func() bool {
		for _, p := range f.sentinelPorts {
			s := redis.NewSentinelClient(&redis.Options{Addr: addr(p)})
			replicas, err1 := s.Replicas(context.Background(), "fo").Result()
			sentinels, err2 := s.Sentinels(context.Background(), "fo").Result()
			_ = s.Close()
			if err1 != nil || err2 != nil || len(replicas) != 1 || len(sentinels) != 2 {
				return false
			}
		}
		return true
	})
	return f
}

// url is the REDIS_URL of the fleet (with REDIS_SENTINEL_MASTER=fo).
func (f *sentinelFleet) url() string {
	return fmt.Sprintf("redis://%s?addr=%s&addr=%s", addr(f.sentinelPorts[0]), addr(f.sentinelPorts[1]), addr(f.sentinelPorts[2]))
}

// killMaster SIGKILLs the master and waits until a Sentinel names the
// replica as the new one.
func (f *sentinelFleet) killMaster(t *testing.T) {
	t.Helper()
	if err := f.master.Process.Kill(); err != nil {
		t.Fatal(err)
	}
	s := redis.NewSentinelClient(&redis.Options{Addr: addr(f.sentinelPorts[0])})
	defer s.Close()
	eventually(t, 30*time.Second, "the Sentinels to promote the replica", func() bool {
		a, err := s.GetMasterAddrByName(context.Background(), "fo").Result()
		return err == nil && len(a) == 2 && a[1] == strconv.Itoa(f.replicaPort)
	})
}

func addr(port int) string { return "127.0.0.1:" + strconv.Itoa(port) }

func startProcess(t *testing.T, name string, args ...string) *exec.Cmd {
	t.Helper()
	cmd := exec.Command(name, args...)
	if err := cmd.Start(); err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	t.Cleanup(func() { _ = cmd.Process.Kill(); _ = cmd.Wait() })
	return cmd
}

func waitRedis(t *testing.T, port int) {
	t.Helper()
	c := redis.NewClient(&redis.Options{Addr: addr(port)})
	defer c.Close()
	eventually(t, 10*time.Second, "redis on "+addr(port), func() bool { return c.Ping(context.Background()).Err() == nil })
}

func eventually(t *testing.T, within time.Duration, what string, ok func() bool) {
	t.Helper()
	for end := time.Now().Add(within); !ok(); time.Sleep(100 * time.Millisecond) {
		if time.Now().After(end) {
			t.Fatalf("waited %v for %s", within, what)
		}
	}
}

// TestSentinel_ServiceFollowsTheNewMasterAfterFailover: two instances share
// a database and a Sentinel-managed Redis; the master is killed; once the
// Sentinels have promoted the replica, both instances work on it without a
// restart: ceremony sessions are stored and found across instances, a key
// locked on one instance is refused by the other (the cache invalidation's
// subscription moved too), and the rate limit counts and refuses again.
func TestSentinel_ServiceFollowsTheNewMasterAfterFailover(t *testing.T) {
	fleet := startSentinelFleet(t)
	// One database file, a pool per instance as in production: one shared
	// *gorm.DB had the second server register its callbacks while the
	// first one's jobs queried (see the kill-switch test).
	dbURL := storagetest.SQLiteURL(t)
	prefix := "failover:" + strconv.FormatInt(time.Now().UnixNano(), 36) + ":"
	limits := quota.Limits{Tenant: quota.Rate{Limit: 20, Period: time.Minute}}
	instance := func() *apitest.Harness {
		client, err := storage.OpenRedis(context.Background(), fleet.url(), "fo")
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { _ = client.Close() })
		return apitest.New(t, apitest.Options{DB: storagetest.MustOpen(t, dbURL), Redis: client,
			Configure: func(c *server.Config) { c.RateLimits, c.RedisKeyPrefix = &limits, prefix }})
	}
	h1, h2 := instance(), instance()
	b1, probe := newBrowser(t, h1, "sentinelapp"), h1.CreateApp(t, "probe", nil)
	b2, app := &browser{h: h2, app: b1.app, auth: b1.auth}, b1.app
	b1.register(t, "before", nil)

	fleet.killMaster(t)
	// The clients find the new master on their next connection; until then
	// the limiter fails open and ceremonies answer 503.
	eventually(t, 30*time.Second, "a registration on the new master", func() bool {
		tok := h1.Do(t, http.MethodPost, "/register/token", probe.Secret(), map[string]any{"userId": "probe", "username": "probe"})
		if tok.Status != http.StatusOK {
			return false
		}
		var v struct{ Token string }
		tok.JSON(t, &v)
		begin := h1.Do(t, http.MethodPost, "/register/begin", probe.Public(), map[string]any{"token": v.Token, "RPID": "localhost", "Origin": testOrigin})
		return begin.Status == http.StatusOK
	})
	time.Sleep(1100 * time.Millisecond) // the limiter's fail-open second after the last error

	t.Run("ceremony sessions begun on one instance complete on the other", func(t *testing.T) {
		tok := b1.registerToken(t, map[string]any{"userId": "after", "username": "after"})
		bg := b1.beginRegistration(t, tok)
		_, att := b1.create(t, bg)
		b2.completeRegistration(t, bg.Session, att, nil)
	})
	t.Run("a key locked on one instance is refused by the other", func(t *testing.T) {
		begin := func() *apitest.Response {
			return h2.Do(t, http.MethodPost, "/signin/begin", app.Public(), map[string]any{"RPID": "localhost"})
		}
		if resp := begin(); resp.Status == http.StatusForbidden {
			t.Fatalf("key refused before the lock: %s", resp.Body)
		}
		id := app.APIKey1[len(app.APIKey1)-4:]
		if lock := h1.Do(t, http.MethodPost, "/admin/apps/sentinelapp/api-keys/"+id+"/lock", apitest.Management(), nil); lock.Status != http.StatusNoContent {
			t.Fatalf("lock = %d %s", lock.Status, lock.Body)
		}
		eventually(t, time.Second, "the other instance to refuse the locked key", func() bool {
			return begin().Code() == "api_key_locked"
		})
	})
	t.Run("the rate limit counts on the new master and refuses past it", func(t *testing.T) {
		h1.Clock.Advance(time.Minute) // a fresh window on both instances' clocks
		h2.Clock.Advance(time.Minute)
		refused := 0
		for i := range limits.Tenant.Limit + 5 {
			h := []*apitest.Harness{h1, h2}[i%2]
			if h.Do(t, http.MethodGet, "/users/count", app.Secret(), nil).Status == http.StatusTooManyRequests {
				refused++
			}
		}
		if refused != 5 {
			t.Errorf("%d requests refused of %d over a limit of %d, want 5", refused, limits.Tenant.Limit+5, limits.Tenant.Limit)
		}
	})
}
