package api_test

import (
	"net/http"
	"passwordless/api/apitest"
	"testing"
	"time"
)

// TestOrigins_UnpinnedApplicationIsWarnedOnceADay: ceremonies of an app
// without allowedOrigins write one ApiAuthOriginsNotPinned warning a day;
// a pinned app writes none.
func TestOrigins_UnpinnedApplicationIsWarnedOnceADay(t *testing.T) {
	eachDatabase(t, func(t *testing.T, h *apitest.Harness) {
		warnings := func(b *browser) int {
			n := 0
			for _, e := range readEvents(t, h, b.app.Secret(), "?pageNumber=1&numberOfResults=1000").Events {
				if e.EventType == "ApiAuthOriginsNotPinned" {
					if e.Severity != "Warning" {
						t.Errorf("severity %s, want Warning", e.Severity)
					}
					n++
				}
			}
			return n
		}
		open := loggedApp(t, h, "unpinned")
		for i := 0; i < 3; i++ {
			open.beginSignin(t, map[string]any{})
		}
		if n := warnings(open); n != 1 {
			t.Errorf("warnings after 3 sign-ins on one day = %d, want 1", n)
		}
		h.Clock.Advance(24 * time.Hour)
		open.beginSignin(t, map[string]any{})
		if n := warnings(open); n != 2 {
			t.Errorf("warnings on the next day = %d, want 2", n)
		}

		pinned := loggedApp(t, h, "pinned")
		must(t, h, http.StatusNoContent, http.MethodPost, "/apps/features", pinned.app.Secret(),
			map[string]any{"allowedOrigins": []string{testOrigin}})
		pinned.beginSignin(t, map[string]any{})
		if n := warnings(pinned); n != 0 {
			t.Errorf("a pinned app was warned %d times", n)
		}
	})
}
