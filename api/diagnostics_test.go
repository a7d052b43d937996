package api_test

import (
	"net/http"
	"strings"
	"testing"
	"time"

	"passwordless/api/apitest"
)

type classification struct {
	ErrorCode string `json:"errorCode"`
	Severity  string `json:"severity"`
	Action    string `json:"action"`
	Title     string `json:"title"`
	Detail    string `json:"detail"`
	Type      string `json:"type"`
	Source    struct {
		Platform string `json:"platform"`
		Domain   string `json:"domain"`
		Code     *int   `json:"code"`
	} `json:"source"`
}

func report(t *testing.T, h *apitest.Harness, app apitest.App, body map[string]any) classification {
	t.Helper()
	var out classification
	must(t, h, http.StatusOK, http.MethodPost, "/diagnostics/failures", app.Public(), body).JSON(t, &out)
	return out
}

func TestDiagnostics_ReportsAreClassifiedByShape(t *testing.T) {
	h := apitest.New(t, apitest.Options{})
	app := h.CreateApp(t, "diag", nil)
	tests := []struct {
		name     string
		body     map[string]any
		code     string
		platform string
	}{
		{"DOMException", map[string]any{"ceremony": "signin", "error": map[string]any{"name": "NotAllowedError", "message": "x"}},
			"passkey_not_allowed", "web"},
		{"DOMException past its timeout", map[string]any{"Ceremony": "SignIn", "elapsedMs": 61234, "timeoutMs": "60000",
			"error": map[string]any{"NAME": "NotAllowedError"}}, "passkey_timeout", "web"},
		{"Apple chain", map[string]any{"ceremony": "register", "platform": "macos", "error": map[string]any{
			"domain": "com.apple.AuthenticationServices.AuthorizationError", "code": 1004,
			"underlying": map[string]any{"domain": "ASCAuthorizationErrorDomain", "code": 13}}}, "security_key_full", "macos"},
		{"Android", map[string]any{"ceremony": "signin", "error": map[string]any{
			"type": "androidx.credentials.exceptions.NoCredentialException"}}, "passkey_no_credentials", "android"},
		{"stock client", map[string]any{"ceremony": "signin", "error": map[string]any{
			"from": "client", "errorCode": "unknown", "title": "Failed to fetch"}}, "passkey_network_error", "web"},
		{"our own problem", map[string]any{"ceremony": "register", "error": map[string]any{
			"from": "server", "errorCode": "max_credentials_per_user_exceeded", "status": 400}}, "max_credentials_per_user_exceeded", "web"},
		{"nothing known", map[string]any{"ceremony": "signin", "error": map[string]any{"foo": 1}}, "passkey_unknown", "unknown"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := report(t, h, app, tt.body)
			if got.ErrorCode != tt.code || got.Source.Platform != tt.platform {
				t.Errorf("got %s on %s, want %s on %s", got.ErrorCode, got.Source.Platform, tt.code, tt.platform)
			}
			if got.Type != apitest.PublicURL+"/errors#"+tt.code || got.Detail == "" || got.Severity == "" || got.Action == "" {
				t.Errorf("classification incomplete: %+v", got)
			}
		})
	}
}

func TestDiagnostics_MalformedReportsAreProblemsNeverServerErrors(t *testing.T) {
	h := apitest.New(t, apitest.Options{})
	app := h.CreateApp(t, "diag", nil)
	deepObject := `{"ceremony":"signin","error":` + strings.Repeat(`{"underlying":`, 10000) + `{}` + strings.Repeat(`}`, 10000) + `}`
	deepArray := `{"ceremony":"signin","error":{"x":` + strings.Repeat(`[`, 8000) + strings.Repeat(`]`, 8000) + `}}`
	big := `{"ceremony":"signin","error":{"message":"` + strings.Repeat("a", 1<<20) + `"}}`
	tests := []struct {
		name   string
		body   string
		status int
		code   string
	}{
		{"empty body", ``, 400, "invalid_json"},
		{"not JSON", `{"ceremony":`, 400, "invalid_json"},
		{"raw NUL byte", "{\"ceremony\":\"signin\",\x00\"error\":{}}", 400, "invalid_json"},
		{"error is a plain string", `{"ceremony":"signin","error":"NotAllowedError: The document is not focused."}`, 200, "passkey_interrupted"},
		{"error is a list", `{"ceremony":"signin","error":[1,2]}`, 400, "invalid_json"},
		{"elapsed is an object", `{"ceremony":"signin","elapsedMs":{},"error":{}}`, 400, "invalid_json"},
		{"no ceremony", `{"error":{"name":"NotAllowedError"}}`, 400, "validation_failed"},
		{"ceremony is an object", `{"ceremony":{"a":1},"error":{}}`, 400, "validation_failed"},
		{"unknown platform", `{"ceremony":"signin","platform":"windows","error":{}}`, 400, "validation_failed"},
		{"no error", `{"ceremony":"signin"}`, 400, "validation_failed"},
		{"negative duration", `{"ceremony":"signin","elapsedMs":-1,"error":{}}`, 400, "validation_failed"},
		{"escaped NULs are text", `{"ceremony":"signin","error":{"name":"Not\u0000AllowedError","message":"\u0000\u0000"}}`, 200, "passkey_unknown"},
		{"depth 10 000 objects", deepObject, 413, "payload_too_large"},
		{"depth 8 000 arrays", deepArray, 200, "passkey_unknown"},
		{"1 MB", big, 413, "payload_too_large"},
		{"just over 16 KiB", `{"ceremony":"signin","error":{"m":"` + strings.Repeat("a", 16<<10) + `"}}`, 413, "payload_too_large"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			resp := h.Do(t, http.MethodPost, "/diagnostics/failures", app.Public(), tt.body)
			if resp.Status != tt.status || resp.Code() != tt.code {
				t.Errorf("%d %s, want %d %s: %.300s", resp.Status, resp.Code(), tt.status, tt.code, resp.Body)
			}
		})
	}
	wrongType := h.Do(t, http.MethodPost, "/diagnostics/failures", apitest.H{"ApiKey": app.APIKey1, "Content-Type": "text/plain"}, `{}`)
	if wrongType.Status != http.StatusUnsupportedMediaType {
		t.Errorf("text/plain: %d", wrongType.Status)
	}
	if secret := h.Do(t, http.MethodPost, "/diagnostics/failures", app.Secret(), `{}`); secret.Status != http.StatusUnauthorized {
		t.Errorf("with the secret instead of the public key: %d", secret.Status)
	}
}

type summaryRow struct {
	Day       string `json:"day"`
	Ceremony  string `json:"ceremony"`
	Begun     int    `json:"begun"`
	Completed int    `json:"completed"`
	Failed    int    `json:"failed"`
	Failures  []struct {
		ErrorCode string `json:"errorCode"`
		Platform  string `json:"platform"`
		Count     int    `json:"count"`
	} `json:"failures"`
}

func TestDiagnostics_SummaryIsAFunnelPerTenant(t *testing.T) {
	eachDatabase(t, func(t *testing.T, h *apitest.Harness) {
		b := newBrowser(t, h, "funnel")
		other := h.CreateApp(t, "elsewhere", nil)
		b.register(t, "alice", nil)                                           // register: begun 1, completed 1
		tokenOf(t, b.signin(t, map[string]any{"userId": "alice"}), "verify_") // signin: begun 1, completed 1
		b.beginSignin(t, map[string]any{"userId": "alice"})                   // signin: begun 2
		for range 3 {
			report(t, h, b.app, map[string]any{"ceremony": "signin", "error": map[string]any{"name": "NotAllowedError"}})
		}
		report(t, h, b.app, map[string]any{"ceremony": "signin", "platform": "ios", "error": map[string]any{"code": 1001}})
		report(t, h, other, map[string]any{"ceremony": "register", "error": map[string]any{"name": "AbortError"}})

		var rows []summaryRow
		must(t, h, http.StatusOK, http.MethodGet, "/diagnostics/failures/summary", b.app.Secret(), nil).JSON(t, &rows)
		day := h.Clock.Now().UTC().Format(time.DateOnly)
		if len(rows) != 2 || rows[0].Ceremony != "register" || rows[1].Ceremony != "signin" {
			t.Fatalf("summary = %+v", rows)
		}
		if r := rows[0]; r.Day != day || r.Begun != 1 || r.Completed != 1 || r.Failed != 0 {
			t.Errorf("register row = %+v", r)
		}
		s := rows[1]
		if s.Begun != 2 || s.Completed != 1 || s.Failed != 4 || len(s.Failures) != 2 {
			t.Fatalf("signin row = %+v", s)
		}
		if f := s.Failures[0]; f.ErrorCode != "passkey_cancelled" || f.Platform != "ios" || f.Count != 1 {
			t.Errorf("first failure = %+v", f)
		}
		if f := s.Failures[1]; f.ErrorCode != "passkey_not_allowed" || f.Platform != "web" || f.Count != 3 {
			t.Errorf("second failure = %+v", f)
		}
		// A different tenant sees only its own report; another day range sees nothing.
		must(t, h, http.StatusOK, http.MethodGet, "/diagnostics/failures/summary", other.Secret(), nil).JSON(t, &rows)
		if len(rows) != 1 || rows[0].Failed != 1 || rows[0].Begun != 0 {
			t.Errorf("other tenant's summary = %+v", rows)
		}
		must(t, h, http.StatusOK, http.MethodGet, "/diagnostics/failures/summary?from=2020-01-01&to=2020-01-31", b.app.Secret(), nil).JSON(t, &rows)
		if len(rows) != 0 {
			t.Errorf("empty range = %+v", rows)
		}
		for _, q := range []string{"?from=2026-02-01&to=2026-01-01", "?from=2020-01-01&to=2026-01-01", "?from=yesterday"} {
			if resp := h.Do(t, http.MethodGet, "/diagnostics/failures/summary"+q, b.app.Secret(), nil); resp.Status != 400 {
				t.Errorf("%s: %d", q, resp.Status)
			}
		}
	})
}

func TestDiagnostics_MetricCountsBySeverity(t *testing.T) {
	h := apitest.New(t, apitest.Options{})
	app := h.CreateApp(t, "diag", nil)
	report(t, h, app, map[string]any{"ceremony": "register", "error": map[string]any{"domain": "LAErrorDomain", "code": -8}})
	body := string(must(t, h, http.StatusOK, http.MethodGet, "/metrics", nil, nil).Body)
	want := `passwordless_client_failures_total{ceremony="register",platform="ios",severity="transient"} 1`
	if !strings.Contains(body, want) {
		t.Errorf("/metrics lacks %s", want)
	}
}

func TestDiagnostics_SamplesKeepReportsWithoutSecrets(t *testing.T) {
	h := apitest.New(t, apitest.Options{})
	app := h.CreateApp(t, "sampled", nil)
	other := h.CreateApp(t, "unsampled", nil)
	report(t, h, app, map[string]any{"ceremony": "signin", "session": "session_" + strings.Repeat("A", 43),
		"error": map[string]any{"name": "NotAllowedError", "message": "token verify_abcdef and key " + app.APIKey1}})
	report(t, h, app, map[string]any{"ceremony": "signin", "error": map[string]any{"name": "AbortError"}}) // same second: not kept
	var out struct {
		Samples []struct {
			ErrorCode string         `json:"errorCode"`
			Error     map[string]any `json:"error"`
		} `json:"samples"`
	}
	resp := must(t, h, http.StatusOK, http.MethodGet, "/diagnostics/failures/samples", app.Secret(), nil)
	resp.JSON(t, &out)
	if len(out.Samples) != 1 || out.Samples[0].ErrorCode != "passkey_not_allowed" || out.Samples[0].Error["name"] != "NotAllowedError" {
		t.Fatalf("samples = %+v", out.Samples)
	}
	for _, leak := range []string{"verify_abcdef", app.APIKey1, "session_AAAA"} {
		if strings.Contains(string(resp.Body), leak) {
			t.Errorf("samples leak %q: %s", leak, resp.Body)
		}
	}
	h.Clock.Advance(10 * time.Minute) // one sample per client and 10 minutes
	report(t, h, app, map[string]any{"ceremony": "signin", "error": map[string]any{"name": "AbortError"}})
	must(t, h, http.StatusOK, http.MethodGet, "/diagnostics/failures/samples", app.Secret(), nil).JSON(t, &out)
	if len(out.Samples) < 1 || out.Samples[0].ErrorCode != "passkey_interrupted" {
		t.Errorf("newest sample = %+v", out.Samples)
	}
	must(t, h, http.StatusOK, http.MethodGet, "/diagnostics/failures/samples", other.Secret(), nil).JSON(t, &out)
	if len(out.Samples) != 0 {
		t.Errorf("other tenant sees %+v", out.Samples)
	}
}
