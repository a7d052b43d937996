package api

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/gin-gonic/gin"
)

// TestRecoverPanics: a panicking handler answers 500 internal_error with
// no trace of the panic value.
func TestRecoverPanics(t *testing.T) {
	engine := NewRouter(Deps{PublicURL: "http://x"}).(*gin.Engine)
	engine.GET("/boom", func(*gin.Context) { panic("secret panic value") })
	rec := httptest.NewRecorder()
	engine.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/boom", nil))
	var doc map[string]any
	if err := json.Unmarshal(rec.Body.Bytes(), &doc); err != nil {
		t.Fatalf("body %q: %v", rec.Body, err)
	}
	if rec.Code != 500 || doc["errorCode"] != "internal_error" || rec.Header().Get("Content-Type") != "application/problem+json" {
		t.Errorf("panic answered %d %v", rec.Code, doc)
	}
	if strings.Contains(rec.Body.String(), "secret panic value") {
		t.Errorf("panic value leaked: %s", rec.Body)
	}
}
