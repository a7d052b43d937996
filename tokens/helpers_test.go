package tokens

import (
	"errors"
	"testing"
	"time"

	"passwordless/internal/clocktest"
	"passwordless/problems"
)

// clock is the shared settable test clock.
type clock = clocktest.Clock

func newClock() *clock { return clocktest.New(time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)) }

func newTestService(t *testing.T, store KeyStore, c *clock) *Service {
	t.Helper()
	s, err := New(store, []byte("test-token-secret-0123456789abcdef"), c.Now)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// wantCode fails unless err is a problem of code.
func wantCode(t *testing.T, err error, code problems.Code) *problems.Error {
	t.Helper()
	var p *problems.Error
	if !errors.As(err, &p) {
		t.Fatalf("error = %v, want problem %s", err, code)
	}
	if p.Code != code {
		t.Fatalf("problem code = %s (%v), want %s", p.Code, err, code)
	}
	return p
}

func ptr(s string) *string { return &s }
