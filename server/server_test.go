package server_test

import (
	"context"
	"strings"
	"testing"

	"passwordless/server"
)

// TestNew_UnreachableDatabaseIsAnError is issue 16 repro 4: start-up with
// an unreachable database panicked with a nil pointer in the deferred
// Close and lost the cause. Nothing listens on the port, so New must
// return the connection error, naming no password.
func TestNew_UnreachableDatabaseIsAnError(t *testing.T) {
	_, err := server.New(context.Background(), server.Config{
		DatabaseURL: "postgres://app:hunter2secret@127.0.0.1:1/passwordless?sslmode=disable",
		TokenSecret: []byte("test-token-secret-0123456789abcdef"),
	})
	if err == nil {
		t.Fatal("New succeeded against an unreachable database")
	}
	if strings.Contains(err.Error(), "hunter2secret") {
		t.Errorf("error %q shows the password", err)
	}
}
