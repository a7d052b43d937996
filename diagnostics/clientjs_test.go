package diagnostics

import (
	"os/exec"
	"testing"
)

// TestClientJS runs client.js's own tests (clientjs_test.mjs) in Node with
// a fake window: what a page's aborted or superseded WebAuthn call and an
// earlier attempt's session must not do to the next report. Skipped where
// Node is not installed.
func TestClientJS(t *testing.T) {
	node, err := exec.LookPath("node")
	if err != nil {
		t.Skip("node is not installed")
	}
	out, err := exec.CommandContext(t.Context(), node, "--test", "clientjs_test.mjs").CombinedOutput()
	if err != nil {
		t.Fatalf("node --test clientjs_test.mjs: %v\n%s", err, out)
	}
}
