package apidocs_test

import (
	"bytes"
	"compress/gzip"
	"io"
	"net/http"
	"net/http/httptest"
	"regexp"
	"strings"
	"testing"

	"passwordless"
	"passwordless/apidocs"
)

func get(t *testing.T, h http.HandlerFunc, path string, header map[string]string) *httptest.ResponseRecorder {
	t.Helper()
	req := httptest.NewRequest(http.MethodGet, path, nil)
	for k, v := range header {
		req.Header.Set(k, v)
	}
	rec := httptest.NewRecorder()
	h(rec, req)
	return rec
}

func TestSpec_ServesTheEmbeddedDocument(t *testing.T) {
	d := apidocs.New(passwordless.OpenAPI)
	rec := get(t, d.Spec, "/openapi.yaml", nil)
	if rec.Code != http.StatusOK {
		t.Fatalf("status %d", rec.Code)
	}
	if ct := rec.Header().Get("Content-Type"); ct != "application/yaml" {
		t.Errorf("Content-Type = %q", ct)
	}
	if !bytes.Equal(rec.Body.Bytes(), passwordless.OpenAPI) {
		t.Error("body differs from openapi.yaml")
	}
}

// The page must load everything from this server: the reference page is
// promised to work offline, and the server's CSP forbids other origins.
func TestPage_LoadsOnlyAssetsThisServerServes(t *testing.T) {
	d := apidocs.New(passwordless.OpenAPI)
	rec := get(t, d.Page, "/docs", nil)
	if rec.Code != http.StatusOK || !strings.HasPrefix(rec.Header().Get("Content-Type"), "text/html") {
		t.Fatalf("status %d, Content-Type %q", rec.Code, rec.Header().Get("Content-Type"))
	}
	if csp := rec.Header().Get("Content-Security-Policy"); !strings.Contains(csp, "default-src 'self'") || strings.Contains(csp, "script-src") {
		t.Errorf("CSP %q: scripts must stay limited to 'self'", csp)
	}
	page := rec.Body.String()
	if strings.Contains(page, "//") {
		t.Errorf("page references another origin:\n%s", page)
	}
	refs := regexp.MustCompile(`(?:src|href)="docs/([^"]+)"`).FindAllStringSubmatch(page, -1)
	if len(refs) < 3 {
		t.Fatalf("page references %d assets, want the bundle, the stylesheet and docs.js", len(refs))
	}
	for _, ref := range refs {
		rec := httptest.NewRecorder()
		if !d.Asset(rec, httptest.NewRequest(http.MethodGet, "/docs/"+ref[1], nil), ref[1]) || rec.Code != http.StatusOK {
			t.Errorf("asset %s referenced by the page is not served (status %d)", ref[1], rec.Code)
		}
	}
}

func TestInitScript_PointsAtTheServedDocumentAndNoValidator(t *testing.T) {
	d := apidocs.New(passwordless.OpenAPI)
	rec := httptest.NewRecorder()
	d.Asset(rec, httptest.NewRequest(http.MethodGet, "/docs/docs.js", nil), "docs.js")
	js := rec.Body.String()
	for _, want := range []string{`url: "openapi.yaml"`, `validatorUrl: null`} {
		if !strings.Contains(js, want) {
			t.Errorf("docs.js lacks %s", want)
		}
	}
	if strings.Contains(js, "http") {
		t.Error("docs.js names an absolute URL")
	}
}

func TestAsset_CompressesAndRevalidates(t *testing.T) {
	d := apidocs.New(passwordless.OpenAPI)
	serve := func(header map[string]string) *httptest.ResponseRecorder {
		req := httptest.NewRequest(http.MethodGet, "/docs/swagger-ui-bundle.js", nil)
		for k, v := range header {
			req.Header.Set(k, v)
		}
		rec := httptest.NewRecorder()
		d.Asset(rec, req, "swagger-ui-bundle.js")
		return rec
	}
	plain := serve(nil)
	zipped := serve(map[string]string{"Accept-Encoding": "br, gzip"})
	if zipped.Header().Get("Content-Encoding") != "gzip" || zipped.Body.Len() >= plain.Body.Len()/2 {
		t.Fatalf("gzip: encoding %q, %d bytes for %d plain", zipped.Header().Get("Content-Encoding"), zipped.Body.Len(), plain.Body.Len())
	}
	zr, err := gzip.NewReader(zipped.Body)
	if err != nil {
		t.Fatal(err)
	}
	unzipped, _ := io.ReadAll(zr)
	if !bytes.Equal(unzipped, plain.Body.Bytes()) {
		t.Error("gzipped body does not decompress to the plain body")
	}
	if plain.Header().Get("ETag") == zipped.Header().Get("ETag") {
		t.Error("the two representations share an ETag")
	}
	again := serve(map[string]string{"Accept-Encoding": "gzip", "If-None-Match": zipped.Header().Get("ETag")})
	if again.Code != http.StatusNotModified || again.Body.Len() != 0 {
		t.Errorf("revalidation: status %d with %d bytes, want 304 and none", again.Code, again.Body.Len())
	}
	refused := serve(map[string]string{"Accept-Encoding": "gzip;q=0"})
	if refused.Header().Get("Content-Encoding") != "" {
		t.Error("gzip sent to a client that refused it")
	}
}

func TestAsset_UnknownNameIsLeftToTheCaller(t *testing.T) {
	d := apidocs.New(passwordless.OpenAPI)
	rec := httptest.NewRecorder()
	for _, name := range []string{"page.html", "../openapi.go", "swagger-ui-bundle.js.map", ""} {
		if d.Asset(rec, httptest.NewRequest(http.MethodGet, "/docs/x", nil), name) {
			t.Errorf("Asset(%q) served something", name)
		}
	}
	if rec.Body.Len() != 0 {
		t.Error("a refused asset wrote a body")
	}
}
