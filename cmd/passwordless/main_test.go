package main

import (
	"os"
	"path/filepath"
	"testing"
)

// TestMain removes the binary buildOnce built, if any.
func TestMain(m *testing.M) {
	code := m.Run()
	if binaryOnce.path != "" {
		_ = os.RemoveAll(filepath.Dir(binaryOnce.path))
	}
	os.Exit(code)
}
