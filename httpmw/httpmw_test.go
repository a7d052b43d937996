package httpmw_test

import (
	"net/http"
	"net/http/httptest"
	"testing"

	"passwordless/httpmw"
)

func TestClientAddress_BelievesOnlyTrustedProxies(t *testing.T) {
	mw, err := httpmw.ClientAddress([]string{"10.0.0.0/8", "127.0.0.1"})
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name, remote, xff, want string
	}{
		{"direct client", "192.0.2.7:5000", "203.0.113.9", "192.0.2.7"},
		{"through a trusted proxy", "127.0.0.1:5000", "203.0.113.9", "203.0.113.9"},
		{"right-most untrusted hop", "10.1.2.3:5000", "198.51.100.1, 203.0.113.9, 10.0.0.5", "203.0.113.9"},
		{"all hops trusted: the left-most", "10.1.2.3:5000", "10.0.0.9, 10.0.0.5", "10.0.0.9"},
		{"no header", "127.0.0.1:5000", "", "127.0.0.1"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var got string
			h := mw(http.HandlerFunc(func(_ http.ResponseWriter, r *http.Request) { got = httpmw.ClientIP(r.Context()) }))
			r := httptest.NewRequest(http.MethodGet, "/console", nil)
			r.RemoteAddr = tt.remote
			if tt.xff != "" {
				r.Header.Set("X-Forwarded-For", tt.xff)
			}
			h.ServeHTTP(httptest.NewRecorder(), r)
			if got != tt.want {
				t.Errorf("client address = %q, want %q", got, tt.want)
			}
		})
	}
	if _, err := httpmw.ClientAddress([]string{"not an address"}); err == nil {
		t.Error("a malformed trusted proxy was accepted")
	}
}

func TestRecover_AnswersAPanicWith500(t *testing.T) {
	h := httpmw.Recover(slogDiscard())(http.HandlerFunc(func(http.ResponseWriter, *http.Request) { panic("boom") }))
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/console", nil))
	if rec.Code != http.StatusInternalServerError {
		t.Errorf("status = %d, want 500", rec.Code)
	}
}

func TestStrictTransport_OnlyWhenPublicURLIsHTTPS(t *testing.T) {
	for publicURL, want := range map[string]string{"https://id.example": httpmw.HSTSMaxAge, "HTTPS://ID.EXAMPLE": httpmw.HSTSMaxAge,
		"http://localhost:8080": ""} {
		rec := httptest.NewRecorder()
		httpmw.StrictTransport(publicURL)(http.NotFoundHandler()).ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/console", nil))
		if got := rec.Header().Get("Strict-Transport-Security"); got != want {
			t.Errorf("%s: Strict-Transport-Security %q, want %q", publicURL, got, want)
		}
	}
}
