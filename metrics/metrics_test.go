package metrics_test

import (
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"passwordless/metrics"
	"passwordless/storage/storagetest"
)

// scrape fetches the exposition the way Prometheus does.
func scrape(t *testing.T, m *metrics.Metrics) string {
	t.Helper()
	rec := httptest.NewRecorder()
	m.Handler().ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/metrics", nil))
	if rec.Code != http.StatusOK {
		t.Fatalf("/metrics status %d", rec.Code)
	}
	body, _ := io.ReadAll(rec.Body)
	return string(body)
}

// sample returns the value of the series named by the exact line prefix
// `name{labels}`, or -1 when absent.
func sample(exposition, series string) float64 {
	re := regexp.MustCompile(`(?m)^` + regexp.QuoteMeta(series) + ` (\S+)$`)
	m := re.FindStringSubmatch(exposition)
	if m == nil {
		return -1
	}
	v, _ := strconv.ParseFloat(m[1], 64)
	return v
}

func TestObserveRequest_CountsByRouteAndStatus(t *testing.T) {
	m := metrics.New()
	m.ObserveRequest("POST", "/signin/begin", 200, 3*time.Millisecond)
	m.ObserveRequest("POST", "/signin/begin", 200, time.Millisecond)
	m.ObserveRequest("POST", "/signin/begin", 400, time.Millisecond)
	out := scrape(t, m)
	tests := []struct {
		series string
		want   float64
	}{
		{`passwordless_http_requests_total{method="POST",route="/signin/begin",status="200"}`, 2},
		{`passwordless_http_requests_total{method="POST",route="/signin/begin",status="400"}`, 1},
		{`passwordless_http_request_duration_seconds_count{method="POST",route="/signin/begin"}`, 3},
		{`passwordless_http_request_duration_seconds_bucket{method="POST",route="/signin/begin",le="0.001"}`, 2},
	}
	for _, tt := range tests {
		if got := sample(out, tt.series); got != tt.want {
			t.Errorf("%s = %v, want %v", tt.series, got, tt.want)
		}
	}
}

func TestObserveCeremony_CountsOutcomes(t *testing.T) {
	m := metrics.New()
	m.ObserveCeremony("signin/complete", "ok")
	m.ObserveCeremony("signin/complete", "unknown_credential")
	m.ObserveCeremony("signin/complete", "unknown_credential")
	out := scrape(t, m)
	if got := sample(out, `passwordless_ceremonies_total{ceremony="signin/complete",outcome="unknown_credential"}`); got != 2 {
		t.Errorf("unknown_credential outcomes = %v, want 2", got)
	}
	if got := sample(out, `passwordless_ceremonies_total{ceremony="signin/complete",outcome="ok"}`); got != 1 {
		t.Errorf("ok outcomes = %v, want 1", got)
	}
}

func TestMetrics_ExposeRuntimeAndKeepRegistriesApart(t *testing.T) {
	a, b := metrics.New(), metrics.New()
	a.ObserveCeremony("register/begin", "ok")
	if !strings.Contains(scrape(t, a), "go_goroutines ") {
		t.Error("no Go runtime metrics")
	}
	if sample(scrape(t, b), `passwordless_ceremonies_total{ceremony="register/begin",outcome="ok"}`) != -1 {
		t.Error("a second Metrics sees the first one's counters")
	}
}

func TestNilMetrics_DoNothing(t *testing.T) {
	var m *metrics.Metrics
	m.ObserveRequest("GET", "/x", 200, time.Millisecond)
	m.ObserveCeremony("x", "ok")
	m.ObserveDB("query", time.Millisecond)
	m.ObserveRedis("get", time.Millisecond)
	m.InstrumentRedis(nil)
	rec := httptest.NewRecorder()
	m.Handler().ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/metrics", nil))
	if rec.Code != http.StatusNotFound {
		t.Errorf("nil Metrics handler status %d, want 404", rec.Code)
	}
}

func TestGormPlugin_TimesStatementsByOperation(t *testing.T) {
	db := storagetest.SQLite(t)
	m := metrics.New()
	if err := db.Gorm.Use(m.GormPlugin()); err != nil {
		t.Fatal(err)
	}
	var n int
	if err := db.Gorm.Raw("SELECT 1").Scan(&n).Error; err != nil {
		t.Fatal(err)
	}
	if err := db.Gorm.Exec("CREATE TABLE metrics_probe (id INTEGER)").Error; err != nil {
		t.Fatal(err)
	}
	out := scrape(t, m)
	if got := sample(out, `passwordless_db_query_duration_seconds_count{operation="raw"}`); got < 1 {
		t.Errorf("raw statements observed = %v, want ≥ 1", got)
	}
	if !strings.Contains(out, `go_sql_open_connections{db_name="main"}`) {
		t.Error("no connection pool metrics")
	}
	// A second server's metrics on the same database do not clash.
	if err := db.Gorm.Use(metrics.New().GormPlugin()); err != nil {
		t.Errorf("second plugin: %v", err)
	}
}

func TestInstrumentRedis_TimesCommands(t *testing.T) {
	client, prefix := storagetest.Redis(t) // skips without TEST_REDIS_URL
	m := metrics.New()
	m.InstrumentRedis(client)
	ctx := context.Background()
	if err := client.Set(ctx, prefix+"metrics", "1", time.Minute).Err(); err != nil {
		t.Fatal(err)
	}
	pipe := client.Pipeline()
	pipe.Get(ctx, prefix+"metrics")
	pipe.Del(ctx, prefix+"metrics")
	if _, err := pipe.Exec(ctx); err != nil {
		t.Fatal(err)
	}
	out := scrape(t, m)
	if got := sample(out, `passwordless_redis_command_duration_seconds_count{command="set"}`); got != 1 {
		t.Errorf("set observed %v times, want 1", got)
	}
	// Connection set-up (HELLO, CLIENT SETINFO) is a pipeline too.
	if got := sample(out, `passwordless_redis_command_duration_seconds_count{command="pipeline"}`); got < 1 {
		t.Errorf("pipeline observed %v times, want ≥ 1", got)
	}
}
