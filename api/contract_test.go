package api_test

import (
	"errors"
	"net/http"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/gin-gonic/gin"

	"passwordless/api/apitest"
	"passwordless/apidocs/contract"
	"passwordless/problems"
	"passwordless/server"
)

// Every response of every HTTP test in this package is checked against
// openapi.yaml: status, content type and body schema of its operation.
func init() { apitest.AddValidator(validateAgainstSpec) }

func validateAgainstSpec(t testing.TB, req *http.Request, resp *apitest.Response) {
	t.Helper()
	spec, err := contract.Load()
	if err != nil {
		t.Fatalf("openapi.yaml: %v", err)
	}
	if req.Method == http.MethodOptions {
		return // CORS preflights are answered before routing
	}
	err = spec.ValidateResponse(req, resp.Status, resp.Header, resp.Body)
	if errors.Is(err, contract.ErrNoOperation) {
		// Unknown paths and methods: apitest already checked the 404/405
		// problem; TestContract_RoutesAndSpecAgree catches real routes
		// missing from the document.
		return
	}
	if err != nil {
		t.Errorf("%v\nbody: %.300s", err, resp.Body)
	}
}

// serverRoutes lists the routes of the real router. pprof routes are not
// part of the API (they exist only with --pprof): they are left out. The
// admin console and the redirect of / are mounted beside the API's router.
func serverRoutes(t *testing.T, h *apitest.Harness) []contract.Route {
	t.Helper()
	engine, ok := h.Server.API.(*gin.Engine)
	if !ok {
		t.Fatalf("the API's handler is %T, not the gin engine: update serverRoutes", h.Server.API)
	}
	var out []contract.Route
	for _, r := range engine.Routes() {
		if strings.HasPrefix(r.Path, "/debug/pprof") {
			continue
		}
		out = append(out, contract.FromGin(r.Method, r.Path))
	}
	return out
}

func TestContract_RoutesAndSpecAgree(t *testing.T) {
	spec, err := contract.Load()
	if err != nil {
		t.Fatal(err)
	}
	h := apitest.New(t, apitest.Options{})
	undocumented, unrouted := contract.Diff(serverRoutes(t, h), spec.Operations())
	for _, r := range undocumented {
		t.Errorf("route %s is served but missing from openapi.yaml", r)
	}
	for _, r := range unrouted {
		t.Errorf("openapi.yaml documents %s but no route serves it", r)
	}
}

// The test of the test: a route added without documentation, or a
// documented operation without a route, is reported.
func TestContract_RouteCheckCatchesDrift(t *testing.T) {
	spec, err := contract.Load()
	if err != nil {
		t.Fatal(err)
	}
	h := apitest.New(t, apitest.Options{})
	routes := serverRoutes(t, h)
	added := contract.FromGin(http.MethodPost, "/admin/apps/:appId/rename")
	undocumented, _ := contract.Diff(append(slices.Clone(routes), added), spec.Operations())
	if !slices.Equal(undocumented, []contract.Route{added}) {
		t.Errorf("an undocumented route gave %v, want [%v]", undocumented, added)
	}
	removed := routes[len(routes)/2]
	rest := slices.DeleteFunc(slices.Clone(routes), func(r contract.Route) bool { return r == removed })
	if _, unrouted := contract.Diff(rest, spec.Operations()); !slices.Contains(unrouted, removed) {
		t.Errorf("dropping route %v went unnoticed: unrouted = %v", removed, unrouted)
	}
}

// codeDiff compares the document's errorCode enum with the catalogue.
func codeDiff(enum []string, catalogue []problems.Entry) (undocumented, unknown []string) {
	for _, e := range catalogue {
		if !slices.Contains(enum, string(e.Code)) {
			undocumented = append(undocumented, string(e.Code))
		}
	}
	for _, c := range enum {
		if _, ok := problems.Lookup(problems.Code(c)); !ok {
			unknown = append(unknown, c)
		}
	}
	return undocumented, unknown
}

func TestContract_ErrorCodeEnumIsTheCatalogue(t *testing.T) {
	spec, err := contract.Load()
	if err != nil {
		t.Fatal(err)
	}
	enum, err := spec.ErrorCodes()
	if err != nil {
		t.Fatal(err)
	}
	undocumented, unknown := codeDiff(enum, problems.All())
	if len(undocumented) > 0 {
		t.Errorf("codes in problems/catalogue.go missing from openapi.yaml's ErrorCode enum: %v", undocumented)
	}
	if len(unknown) > 0 {
		t.Errorf("openapi.yaml lists codes the catalogue does not have: %v", unknown)
	}
	if len(enum) != len(problems.All()) {
		t.Errorf("enum has %d entries (duplicates?), catalogue %d", len(enum), len(problems.All()))
	}
}

// The test of the test: a code appended to the catalogue without
// documenting it is reported, and so is a code only the document has.
func TestContract_ErrorCodeCheckCatchesDrift(t *testing.T) {
	spec, err := contract.Load()
	if err != nil {
		t.Fatal(err)
	}
	enum, err := spec.ErrorCodes()
	if err != nil {
		t.Fatal(err)
	}
	grown := append(problems.All(), problems.Entry{Code: "brand_new_code", Status: 400})
	if undocumented, _ := codeDiff(enum, grown); !slices.Equal(undocumented, []string{"brand_new_code"}) {
		t.Errorf("a new catalogue code gave undocumented = %v", undocumented)
	}
	if _, unknown := codeDiff(append(slices.Clone(enum), "made_up"), problems.All()); !slices.Equal(unknown, []string{"made_up"}) {
		t.Errorf("a code only in the document gave unknown = %v", unknown)
	}
}

// The test of the test for response validation: a response that breaks
// its schema fails the validator that every Do runs.
func TestContract_ResponseValidatorFailsOnDrift(t *testing.T) {
	req := apitest.NewRequest(t, http.MethodPost, "/register/token", nil, nil)
	bad := []*apitest.Response{
		{Status: 200, Header: http.Header{"Content-Type": {"application/json"}}, Body: []byte(`{"tok":"x"}`)},
		{Status: 400, Header: http.Header{"Content-Type": {"application/json"}}, Body: []byte(`{}`)},
		{Status: 401, Header: http.Header{"Content-Type": {problems.ContentType}},
			Body: []byte(`{"type":"x","title":"t","status":401,"errorCode":"nope","traceId":"1"}`)},
	}
	for _, resp := range bad {
		rec := &recordingTB{TB: t}
		validateAgainstSpec(rec, req, resp)
		if !rec.failed {
			t.Errorf("response %d %s passed validation", resp.Status, resp.Body)
		}
	}
}

// recordingTB notes failures instead of failing the test.
type recordingTB struct {
	testing.TB
	failed bool
}

func (r *recordingTB) Errorf(string, ...any) { r.failed = true }
func (r *recordingTB) Fatalf(string, ...any) { r.failed = true }
func (r *recordingTB) Helper()               {}

func TestDocs_ServedByTheRouter(t *testing.T) {
	h := apitest.New(t, apitest.Options{})
	spec := h.Do(t, http.MethodGet, "/openapi.yaml", nil, nil)
	if spec.Status != http.StatusOK || !strings.HasPrefix(string(spec.Body), "openapi: 3.1") {
		t.Fatalf("/openapi.yaml: %d %.40q", spec.Status, spec.Body)
	}
	page := h.Do(t, http.MethodGet, "/docs", nil, nil)
	if page.Status != http.StatusOK || !strings.Contains(string(page.Body), "swagger-ui") {
		t.Fatalf("/docs: %d", page.Status)
	}
	// The router's CSP would block Swagger UI's inline styles.
	if csp := page.Header.Get("Content-Security-Policy"); !strings.Contains(csp, "style-src 'self' 'unsafe-inline'") {
		t.Errorf("/docs CSP = %q", csp)
	}
	for _, m := range regexp.MustCompile(`(?:src|href)="(docs/[^"]+)"`).FindAllStringSubmatch(string(page.Body), -1) {
		if r := h.Do(t, http.MethodGet, "/"+m[1], nil, nil); r.Status != http.StatusOK {
			t.Errorf("/%s: %d", m[1], r.Status)
		}
	}
	if r := h.Do(t, http.MethodGet, "/docs/missing.js", nil, nil); r.Status != http.StatusNotFound || r.Code() != "not_found" {
		t.Errorf("/docs/missing.js: %d %s", r.Status, r.Code())
	}
}

// metricValue returns the value of one series in a /metrics scrape, -1
// when absent.
func metricValue(exposition, series string) float64 {
	m := regexp.MustCompile(`(?m)^` + regexp.QuoteMeta(series) + ` (\S+)$`).FindStringSubmatch(exposition)
	if m == nil {
		return -1
	}
	v, _ := strconv.ParseFloat(m[1], 64)
	return v
}

func TestMetrics_CountRequestsAndCeremonyOutcomes(t *testing.T) {
	h := apitest.New(t, apitest.Options{})
	app := h.CreateApp(t, "metricsapp", nil)
	token := h.Do(t, http.MethodPost, "/register/token", app.Secret(), map[string]any{"userId": "u1", "username": "u1@example.com"})
	outcome := token.Code()
	if outcome == "" {
		outcome = "ok"
	}
	begin := h.Do(t, http.MethodPost, "/register/begin", app.Public(), map[string]any{"token": "", "Origin": "https://a.example", "RPID": "a.example"})
	h.Do(t, http.MethodGet, "/nowhere", nil, nil)

	scrape := h.Do(t, http.MethodGet, "/metrics", nil, nil)
	if scrape.Status != http.StatusOK {
		t.Fatalf("/metrics: %d", scrape.Status)
	}
	out := string(scrape.Body)
	for series, want := range map[string]float64{
		`passwordless_http_requests_total{method="POST",route="/admin/apps/:appId/create",status="200"}`:                      1,
		`passwordless_http_requests_total{method="POST",route="/register/token",status="` + strconv.Itoa(token.Status) + `"}`: 1,
		`passwordless_ceremonies_total{ceremony="register/token",outcome="` + outcome + `"}`:                                  1,
		`passwordless_ceremonies_total{ceremony="register/begin",outcome="` + begin.Code() + `"}`:                             1,
		`passwordless_http_request_duration_seconds_count{method="POST",route="/register/begin"}`:                             1,
		`passwordless_http_requests_total{method="GET",route="unmatched",status="404"}`:                                       1,
	} {
		if got := metricValue(out, series); got != want {
			t.Errorf("%s = %v, want %v", series, got, want)
		}
	}
	if metricValue(out, `passwordless_db_query_duration_seconds_count{operation="create"}`) < 1 {
		t.Error("creating an application timed no database insert")
	}
}

func TestPprof_OnlyWhenEnabledAndBehindTheManagementKey(t *testing.T) {
	off := apitest.New(t, apitest.Options{})
	if r := off.Do(t, http.MethodGet, "/debug/pprof/", apitest.Management(), nil); r.Status != http.StatusNotFound {
		t.Errorf("pprof without --pprof: %d, want 404", r.Status)
	}
	on := apitest.New(t, apitest.Options{Configure: func(c *server.Config) { c.Pprof = true }})
	if r := on.Do(t, http.MethodGet, "/debug/pprof/goroutine", nil, nil); r.Status != http.StatusUnauthorized {
		t.Errorf("pprof without the management key: %d, want 401", r.Status)
	}
	r := on.Do(t, http.MethodGet, "/debug/pprof/goroutine?debug=1", apitest.Management(), nil)
	if r.Status != http.StatusOK || !strings.Contains(string(r.Body), "goroutine profile") {
		t.Errorf("pprof with the management key: %d %.60q", r.Status, r.Body)
	}
}
