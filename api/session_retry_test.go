package api_test

import (
	"net/http"
	"testing"
	"time"
)

// TestComplete_StorageFailureLeavesTheSessionUsable is issue 16 repro 1's
// second half: a /register/complete or /signin/complete that failed on
// storage had consumed its session, so the user had to start over. With
// the credentials table locked by another session the complete answers
// 503; once the lock is gone the same complete, same session, succeeds.
func TestComplete_StorageFailureLeavesTheSessionUsable(t *testing.T) {
	h, withLock := stallable(t, 2*time.Second)
	b := newBrowser(t, h, "retryable")
	_, _ = b.register(t, "first", nil) // a credential to sign in with
	t.Run("register/complete", func(t *testing.T) {
		bg := b.beginRegistration(t, b.registerToken(t, map[string]any{"userId": "second", "username": "s"}))
		_, att := b.create(t, bg)
		withLock(func() {
			wantProblem(t, b.completeRegistration(t, bg.Session, att, nil), http.StatusServiceUnavailable, "service_unavailable")
		})
		if resp := b.completeRegistration(t, bg.Session, att, nil); resp.Status != http.StatusOK {
			t.Errorf("retry with the same session: %d %s", resp.Status, resp.Body)
		}
	})
	t.Run("signin/complete", func(t *testing.T) {
		bg := b.beginSignin(t, map[string]any{"userId": "first"})
		_, assertion, err := b.auth.Get(bg.Data, testOrigin)
		if err != nil {
			t.Fatal(err)
		}
		withLock(func() {
			wantProblem(t, b.completeSignin(t, bg.Session, assertion), http.StatusServiceUnavailable, "service_unavailable")
		})
		if resp := b.completeSignin(t, bg.Session, assertion); resp.Status != http.StatusOK {
			t.Errorf("retry with the same session: %d %s", resp.Status, resp.Body)
		}
	})
}
