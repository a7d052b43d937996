// Command bench is the project's benchmark tool. It starts the real server
// (server.New, the production wiring) on a loopback port over SQLite, or
// over PostgreSQL and Redis when -database and -redis are given, creates an
// application, and drives each scenario with real HTTP requests from C
// concurrent clients, reporting throughput, latency percentiles and the
// SQL queries and Redis commands each operation costs.
//
//	go run ./cmd/bench                         # every scenario, SQLite, in-process stand-ins
//	go run ./cmd/bench -n 2000 -c 8 -scenario verify
//	go run ./cmd/bench -database "$TEST_DATABASE_URL" -redis "$TEST_REDIS_URL"
//	go run ./cmd/bench -scenario register,register-hooks -rounds 3   # A/B, interleaved
package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net/http/httptest"
	"os"
	"path/filepath"
	"runtime/pprof"
	"slices"
	"sort"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"text/tabwriter"
	"time"

	"passwordless/quota"
	"passwordless/server"
	"passwordless/storage"
)

func main() {
	if err := run(os.Args[1:], os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, "bench:", err)
		os.Exit(1)
	}
}

type options struct {
	n, c      int
	rounds    int
	scenarios []string
	database  string
	redisURL  string
	sizes     []int
	accessLog string
}

func run(args []string, out io.Writer) error {
	fs := flag.NewFlagSet("bench", flag.ContinueOnError)
	var o options
	var scenario string
	fs.IntVar(&o.n, "n", 1000, "operations per scenario")
	fs.IntVar(&o.c, "c", 4, "concurrent clients")
	fs.IntVar(&o.rounds, "rounds", 1, "measure the listed scenarios this many times, alternating (A, B, A, B, …), so that a noisy machine weighs on each alike")
	fs.StringVar(&scenario, "scenario", "all", "comma-separated scenarios, all, or table (issue 13's table: "+strings.Join(tableScenarios, ",")+"): "+strings.Join(scenarioNames(), ","))
	fs.StringVar(&o.database, "database", "", "DATABASE_URL (default: a fresh SQLite file)")
	fs.StringVar(&o.redisURL, "redis", "", "REDIS_URL (default: in-process)")
	users := fs.String("users", "0", "comma-separated application sizes to measure at, in seeded users (e.g. 0,10000,100000)")
	cpuProfile := fs.String("cpuprofile", "", "write a CPU profile of the whole run (seeding included) to this file")
	fs.StringVar(&o.accessLog, "access-log", "summary", "ACCESS_LOG of the server (summary or all; off = log level warn, no access log); lines are formatted, then discarded")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if o.rounds < 1 {
		return fmt.Errorf("-rounds: %d is not a number of rounds", o.rounds)
	}
	switch o.scenarios = scenarioNames(); scenario {
	case "all":
	case "table":
		o.scenarios = tableScenarios
	default:
		o.scenarios = strings.Split(scenario, ",")
	}
	for _, s := range strings.Split(*users, ",") {
		n, err := strconv.Atoi(strings.TrimSpace(s))
		if err != nil || n < 0 {
			return fmt.Errorf("-users: %q is not a number of users", s)
		}
		o.sizes = append(o.sizes, n)
	}
	if *cpuProfile != "" {
		f, err := os.Create(*cpuProfile)
		if err != nil {
			return err
		}
		defer f.Close()
		if err := pprof.StartCPUProfile(f); err != nil {
			return err
		}
		defer pprof.StopCPUProfile()
	}
	env, err := start(o)
	if err != nil {
		return err
	}
	defer env.close()
	return env.report(out, o)
}

// report measures every scenario at every size, each size on a fresh
// application seeded with that many users, the listed scenarios in turn
// for each round, and prints one table (and, over several rounds, each
// scenario's median).
func (e *env) report(out io.Writer, o options) error {
	tw := tabwriter.NewWriter(out, 0, 0, 2, ' ', tabwriter.AlignRight)
	failed := 0
	rates, cpu := map[string][]float64{}, map[string][]float64{}
	fmt.Fprintf(tw, "users\tscenario\tround\tops\tclients\tops/s\tp50 ms\tp95 ms\tp99 ms\tCPU ms/op\tSQL/op\tRedis/op\terrors\t\n")
	for _, size := range o.sizes {
		var err error
		if e.app, err = e.createApp(); err != nil {
			return err
		}
		if err := seed(e.db.Gorm, e.app.ID, size); err != nil {
			return fmt.Errorf("seed %d users: %w", size, err)
		}
		for round := 1; round <= o.rounds; round++ {
			for _, name := range o.scenarios {
				sc, ok := scenarios[name]
				if !ok {
					return fmt.Errorf("unknown scenario %q", name)
				}
				e.deliver(!withoutDelivery[name])
				r, err := e.measure(name, sc, o.n, o.c)
				if err == nil {
					err = e.drain() // what the scenario queued does not weigh on the next
				}
				if err != nil {
					return fmt.Errorf("%s: %w", name, err)
				}
				failed += r.errors
				key := fmt.Sprintf("%s at %d users", name, size)
				rates[key] = append(rates[key], r.opsPerSec)
				cpu[key] = append(cpu[key], r.cpuPerOp)
				fmt.Fprintf(tw, "%d\t%s\t%d\t%d\t%d\t%.0f\t%.2f\t%.2f\t%.2f\t%.3f\t%.2f\t%.2f\t%d\t\n", size, name, round, r.ops, o.c,
					r.opsPerSec, r.p(0.50), r.p(0.95), r.p(0.99), r.cpuPerOp, r.sqlPerOp, r.redisPerOp, r.errors)
			}
		}
	}
	tw.Flush()
	if o.rounds > 1 {
		fmt.Fprintln(out)
		for _, size := range o.sizes {
			for _, name := range o.scenarios {
				key := fmt.Sprintf("%s at %d users", name, size)
				fmt.Fprintf(out, "%s: median %.0f ops/s, %.3f CPU ms/op over %d rounds\n", key, median(rates[key]),
					median(cpu[key]), o.rounds)
			}
		}
	}
	fmt.Fprintf(out, "\ndatabase: %s, redis: %s, access log: %s\n", e.dbKind, e.redisKind, o.accessLog)
	if failed > 0 {
		return fmt.Errorf("%d operations failed", failed)
	}
	return nil
}

// median of xs (not empty).
func median(xs []float64) float64 {
	s := slices.Clone(xs)
	slices.Sort(s)
	if len(s)%2 == 1 {
		return s[len(s)/2]
	}
	return (s[len(s)/2-1] + s[len(s)/2]) / 2
}

// env is a running server with its query counters.
type env struct {
	http      *httptest.Server
	srv       *server.Server
	db        *storage.DB
	dbURL     string // what db was opened from (the health-log servers open their own)
	base      string
	sql       atomic.Int64
	redis     atomic.Int64
	dbKind    string
	redisKind string
	app       app
	closers   []func()
	// stopWorker stops the webhook worker the tool runs (nil: stopped).
	stopWorker func()
	// cfg is the server's configuration (for the health-log-* servers),
	// n the operations per scenario (for scenarios that prepare each).
	cfg        server.Config
	n          int
	logServers map[string]string
}

func start(o options) (*env, error) {
	e := &env{dbKind: "sqlite", redisKind: "in-process", n: o.n, logServers: map[string]string{}}
	dir, err := os.MkdirTemp("", "bench-")
	if err != nil {
		return nil, err
	}
	e.closers = append(e.closers, func() { os.RemoveAll(dir) })
	url := o.database
	if url == "" {
		url = "sqlite://" + filepath.Join(dir, "bench.db")
	}
	level := slog.LevelInfo
	if o.accessLog == "off" {
		level = slog.LevelWarn
	}
	quiet := slog.New(slog.NewTextHandler(io.Discard, &slog.HandlerOptions{Level: level}))
	db, err := storage.Open(context.Background(), url, quiet)
	if err != nil {
		return nil, err
	}
	e.dbKind, e.db, e.dbURL = string(db.Dialect), db, url
	countQueries(db, &e.sql)
	cfg := server.Config{DB: db, ManagementKey: "bench-management-key", TokenSecret: []byte("bench-token-secret-0123456789abcdef"),
		PublicURL: "http://localhost", DataDir: dir, Version: "bench", Logger: quiet, AccessLog: o.accessLog,
		// The limiter still runs (its cost is part of every request), but
		// never refuses: the tool measures the server, not the limit.
		RateLimits: &quota.Limits{Tenant: quota.Rate{Limit: 1 << 30, Period: time.Minute},
			ClientIP: quota.Rate{Limit: 1 << 30, Period: time.Minute}},
		// The register-hooks scenario's receiver listens on loopback; every
		// delivery is sent (no per-application delivery cap), as the limiter
		// above never refuses. The tool runs the worker itself (deliver).
		Webhooks: server.WebhookConfig{AllowPrivate: true, RatePerMinute: -1, Poll: -1}}
	if o.redisURL != "" {
		if cfg.Redis, err = storage.OpenRedis(context.Background(), o.redisURL, ""); err != nil {
			return nil, err
		}
		storage.CountRedisCommands(cfg.Redis, &e.redis)
		e.redisKind = "redis"
	}
	e.cfg = cfg
	e.srv, err = server.New(context.Background(), cfg)
	if err != nil {
		return nil, err
	}
	e.http = httptest.NewServer(e.srv.Handler)
	e.base = e.http.URL
	e.closers = append(e.closers, e.http.Close, func() { e.deliver(false); e.srv.Close(); db.Close() })
	return e, nil
}

func (e *env) close() {
	for i := len(e.closers) - 1; i >= 0; i-- {
		e.closers[i]()
	}
}

// countQueries counts every statement gorm sends.
func countQueries(db *storage.DB, n *atomic.Int64) {
	inc := func(*gormDB) { n.Add(1) }
	cb := db.Gorm.Callback()
	_ = cb.Query().After("gorm:query").Register("bench:count", inc)
	_ = cb.Create().After("gorm:create").Register("bench:count", inc)
	_ = cb.Update().After("gorm:update").Register("bench:count", inc)
	_ = cb.Delete().After("gorm:delete").Register("bench:count", inc)
	_ = cb.Row().After("gorm:row").Register("bench:count", inc)
	_ = cb.Raw().After("gorm:raw").Register("bench:count", inc)
}

// result of one scenario.
type result struct {
	ops                  int
	errors               int
	opsPerSec            float64
	latencies            []time.Duration
	sqlPerOp, redisPerOp float64
	// cpuPerOp is the process's CPU time (user + system) per operation:
	// the server's, and the tool's own clients' and receiver's, alike in
	// every scenario. Other processes on the machine do not count in it, so
	// it compares scenarios on a noisy machine where ops/s cannot.
	cpuPerOp float64
}

func (r result) p(q float64) float64 {
	if len(r.latencies) == 0 {
		return 0
	}
	i := int(float64(len(r.latencies)-1) * q)
	return float64(r.latencies[i].Microseconds()) / 1000
}

// measure prepares the scenario, then runs n operations from c clients.
// Only the timed operations are counted in SQL/op and Redis/op.
func (e *env) measure(name string, sc scenario, n, c int) (result, error) {
	op, err := sc(e)
	if err != nil {
		return result{}, err
	}
	if err := op(); err != nil { // warm caches; fail fast on a broken scenario
		return result{}, err
	}
	sql0, redis0, cpu0 := e.sql.Load(), e.redis.Load(), cpuTime()
	lat := make([]time.Duration, n)
	var next atomic.Int64
	var errs atomic.Int64
	var wg sync.WaitGroup
	start := time.Now()
	for w := 0; w < c; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				i := next.Add(1) - 1
				if i >= int64(n) {
					return
				}
				t0 := time.Now()
				if err := op(); err != nil {
					errs.Add(1)
				}
				lat[i] = time.Since(t0)
			}
		}()
	}
	wg.Wait()
	elapsed := time.Since(start)
	sort.Slice(lat, func(i, j int) bool { return lat[i] < lat[j] })
	return result{ops: n, errors: int(errs.Load()), opsPerSec: float64(n) / elapsed.Seconds(), latencies: lat,
		cpuPerOp:   float64((cpuTime() - cpu0).Microseconds()) / 1000 / float64(n),
		sqlPerOp:   float64(e.sql.Load()-sql0) / float64(n),
		redisPerOp: float64(e.redis.Load()-redis0) / float64(n)}, nil
}

// cpuTime is the CPU time the process has used (user + system).
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
