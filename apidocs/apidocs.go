// Package apidocs serves the API's own documentation: the OpenAPI document
// at /openapi.yaml and an interactive reference page at /docs, built from a
// pinned Swagger UI bundle vendored into assets/ (update-assets.sh), so the
// page needs no CDN and works on a machine without network access.
//
// It speaks net/http only; the api package mounts the handlers on its router.
package apidocs

import (
	"bytes"
	"compress/gzip"
	"crypto/sha256"
	"embed"
	"encoding/hex"
	"net/http"
	"path"
	"strconv"
	"strings"
	"sync"
)

//go:embed page.html docs.js assets/swagger-ui-bundle.js assets/swagger-ui.css
var files embed.FS

// pageCSP replaces the server-wide `default-src 'self'` for the reference
// page only: Swagger UI sets inline styles and draws images from data: URIs.
// Scripts stay 'self'-only.
const pageCSP = "default-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:"

// asset is one file served under /docs/, with what its responses need
// computed once.
type asset struct {
	contentType string
	body        []byte
	etag        string
	gzipOnce    sync.Once
	gzipped     []byte
}

// Docs serves the OpenAPI document and the reference page.
type Docs struct {
	spec   *asset
	page   *asset
	assets map[string]*asset
}

// New returns the handlers for spec, the OpenAPI document in YAML.
func New(spec []byte) *Docs {
	d := &Docs{
		spec:   newAsset("application/yaml", spec),
		page:   newAsset("text/html; charset=utf-8", mustRead("page.html")),
		assets: map[string]*asset{},
	}
	for name, ct := range map[string]string{
		"docs.js":                     "text/javascript; charset=utf-8",
		"assets/swagger-ui-bundle.js": "text/javascript; charset=utf-8",
		"assets/swagger-ui.css":       "text/css; charset=utf-8",
	} {
		d.assets[path.Base(name)] = newAsset(ct, mustRead(name))
	}
	return d
}

func mustRead(name string) []byte {
	b, err := files.ReadFile(name)
	if err != nil {
		panic(err) // embedded at build time; a failure is a build bug
	}
	return b
}

func newAsset(contentType string, body []byte) *asset {
	sum := sha256.Sum256(body)
	return &asset{contentType: contentType, body: body, etag: `"` + hex.EncodeToString(sum[:12]) + `"`}
}

// Spec serves GET /openapi.yaml.
func (d *Docs) Spec(w http.ResponseWriter, r *http.Request) {
	d.spec.serve(w, r, "no-cache")
}

// Page serves GET /docs.
func (d *Docs) Page(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Security-Policy", pageCSP)
	d.page.serve(w, r, "no-cache")
}

// Asset serves GET /docs/{name}. It reports false, writing nothing, for a
// name it does not have, so the caller answers with its own not_found
// problem.
func (d *Docs) Asset(w http.ResponseWriter, r *http.Request, name string) bool {
	a, ok := d.assets[name]
	if !ok {
		return false
	}
	// The vendored files change only with the binary; a day of caching
	// spares browsers the 1.7 MB bundle, the ETag makes revalidation cheap.
	a.serve(w, r, "public, max-age=86400")
	return true
}

// serve writes a with validators, compressing when the client accepts gzip
// and answering 304 when the client already holds this representation.
func (a *asset) serve(w http.ResponseWriter, r *http.Request, cacheControl string) {
	h := w.Header()
	body, etag := a.body, a.etag
	if acceptsGzip(r) && len(a.body) > 1024 {
		body, etag = a.gzip(), a.etag[:len(a.etag)-1]+`-gz"`
		h.Set("Content-Encoding", "gzip")
	}
	h.Set("Cache-Control", cacheControl)
	h.Set("ETag", etag)
	h.Set("Vary", "Accept-Encoding")
	if strings.Contains(r.Header.Get("If-None-Match"), etag) {
		h.Del("Content-Encoding")
		w.WriteHeader(http.StatusNotModified)
		return
	}
	h.Set("Content-Type", a.contentType)
	h.Set("Content-Length", strconv.Itoa(len(body)))
	w.WriteHeader(http.StatusOK)
	if r.Method != http.MethodHead {
		_, _ = w.Write(body)
	}
}

// gzip compresses the body once, on first use, so start-up stays fast.
func (a *asset) gzip() []byte {
	a.gzipOnce.Do(func() {
		var buf bytes.Buffer
		zw, _ := gzip.NewWriterLevel(&buf, gzip.BestCompression)
		_, _ = zw.Write(a.body)
		_ = zw.Close()
		a.gzipped = buf.Bytes()
	})
	return a.gzipped
}

func acceptsGzip(r *http.Request) bool {
	for _, part := range strings.Split(r.Header.Get("Accept-Encoding"), ",") {
		name, q, _ := strings.Cut(strings.TrimSpace(part), ";")
		if strings.EqualFold(strings.TrimSpace(name), "gzip") && strings.TrimSpace(q) != "q=0" {
			return true
		}
	}
	return false
}
