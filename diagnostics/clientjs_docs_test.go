package diagnostics

import (
	"os"
	"regexp"
	"strings"
	"testing"
)

// The versioned URL and SRI value of client.js as the docs write them.
var (
	docsClientJSPath      = regexp.MustCompile(`/diagnostics/client\.[0-9a-f]{12}\.js`)
	docsClientJSIntegrity = regexp.MustCompile(`sha384-[A-Za-z0-9+/]{64}`)
)

// TestDocs_ClientJSURLAndIntegrityAreTheServedFiles keeps every versioned
// client.js URL and sha384 integrity value in the docs equal to the file the
// server serves (ClientJSPath, ClientJSIntegrity): a page that copies them
// loads this build or nothing. -update-docs rewrites them.
func TestDocs_ClientJSURLAndIntegrityAreTheServedFiles(t *testing.T) {
	for _, path := range []string{"../docs/diagnostics.md", "../docs/integrate.md"} {
		raw, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		doc := string(raw)
		urls, sums := docsClientJSPath.FindAllString(doc, -1), docsClientJSIntegrity.FindAllString(doc, -1)
		if len(urls) == 0 || len(sums) == 0 {
			t.Errorf("%s shows no versioned client.js URL with its integrity value", path)
			continue
		}
		stale := false
		for _, u := range urls {
			stale = stale || u != ClientJSPath
		}
		for _, s := range sums {
			stale = stale || s != ClientJSIntegrity
		}
		if !stale {
			continue
		}
		if !*updateDocs {
			t.Errorf("%s shows client.js as %v %v, the server serves %s %s: run go test ./diagnostics -run TestDocs -update-docs",
				path, urls, sums, ClientJSPath, ClientJSIntegrity)
			continue
		}
		doc = docsClientJSPath.ReplaceAllLiteralString(doc, ClientJSPath)
		doc = docsClientJSIntegrity.ReplaceAllLiteralString(doc, ClientJSIntegrity)
		if err := os.WriteFile(path, []byte(doc), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

// The integrity value is the sha384 of exactly the served bytes, and the
// version the start of their sha256: a changed byte changes both.
func TestClientJS_VersionAndIntegrityFollowTheBytes(t *testing.T) {
	changed := append([]byte(nil), ClientJS...)
	changed[len(changed)-1] ^= 1
	if clientJSVersion(changed) == ClientJSVersion || clientJSIntegrity(changed) == ClientJSIntegrity {
		t.Error("a changed client.js keeps its version or integrity")
	}
	if len(ClientJSVersion) != 12 || !strings.HasPrefix(ClientJSIntegrity, "sha384-") || !docsClientJSIntegrity.MatchString(ClientJSIntegrity) {
		t.Errorf("version %q, integrity %q", ClientJSVersion, ClientJSIntegrity)
	}
	// A known vector: sha384("") and sha256("").
	if got := clientJSIntegrity(nil); got != "sha384-OLBgp1GsljhM2TJ+sbHjaiH9txEUvgdDTAzHv2P24donTt6/529l+9Ua0vFImLlb" {
		t.Errorf("sha384 of nothing = %s", got)
	}
	if got := clientJSVersion(nil); got != "e3b0c44298fc" {
		t.Errorf("sha256 of nothing starts %s", got)
	}
}
