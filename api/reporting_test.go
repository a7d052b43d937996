package api_test

import (
	"net/http"
	"testing"
	"time"

	"passwordless/api/apitest"
	"passwordless/passkeys/passkeystest"
)

type credentialRow struct {
	CreatedAt   string `json:"createdAt"`
	Users       int    `json:"users"`
	Credentials int    `json:"credentials"`
}

type activeRow struct {
	CreatedAt         string `json:"createdAt"`
	DailyActiveUsers  int    `json:"dailyActiveUsers"`
	WeeklyActiveUsers int    `json:"weeklyActiveUsers"`
	TotalUsers        int    `json:"totalUsers"`
}

func TestReporting_DailySnapshotsOfRealRegistrations(t *testing.T) {
	h := apitest.New(t, apitest.Options{})
	b := newBrowser(t, h, "reported")
	snapshot := func() {
		t.Helper()
		if _, err := h.Server.Reports.Snapshot(t.Context()); err != nil {
			t.Fatalf("snapshot: %v", err)
		}
	}
	day1 := h.Clock.Now().UTC().Format(time.DateOnly)
	b.register(t, "alice", nil)
	first := b.auth
	b.auth = passkeystest.New(passkeystest.ES256, passkeystest.AttestationNone)
	b.register(t, "alice", nil) // a second passkey, on another authenticator
	b.auth = first
	b.register(t, "bob", nil)
	snapshot()
	h.Clock.Advance(2 * 24 * time.Hour)
	day3 := h.Clock.Now().UTC().Format(time.DateOnly)
	tokenOf(t, b.signin(t, map[string]any{"userId": "bob"}), "verify_")
	b.register(t, "carol", nil)
	snapshot()

	var creds []credentialRow
	must(t, h, http.StatusOK, http.MethodGet, "/reporting/credentials/periodic", b.app.Secret(), nil).JSON(t, &creds)
	want := []credentialRow{{day1, 2, 3}, {day3, 3, 4}}
	if len(creds) != 2 || creds[0] != want[0] || creds[1] != want[1] {
		t.Errorf("credentials report = %+v, want %+v", creds, want)
	}
	var active []activeRow
	must(t, h, http.StatusOK, http.MethodGet, "/reporting/active-users/periodic?from="+day3, b.app.Secret(), nil).JSON(t, &active)
	// Day 3: bob signed in and carol registered today; alice was last seen two days ago.
	if len(active) != 1 || active[0] != (activeRow{day3, 2, 3, 3}) {
		t.Errorf("active users from %s = %+v, want [{%s 2 3 3}]", day3, active, day3)
	}
	must(t, h, http.StatusOK, http.MethodGet, "/reporting/credentials/periodic?from="+day1+"&to="+day1, b.app.Secret(), nil).JSON(t, &creds)
	if len(creds) != 1 || creds[0].CreatedAt != day1 {
		t.Errorf("report for %s only = %+v", day1, creds)
	}

	other := h.CreateApp(t, "unreported", nil)
	resp := must(t, h, http.StatusOK, http.MethodGet, "/reporting/credentials/periodic", other.Secret(), nil)
	if string(resp.Body) != "[]" {
		t.Errorf("another app's report = %s, want []", resp.Body)
	}
}

func TestReporting_BadDates(t *testing.T) {
	h := apitest.New(t, apitest.Options{})
	app := h.CreateApp(t, "dates", nil)
	for _, q := range []string{"?from=yesterday", "?to=2024-13-01", "?from=01/05/2024"} {
		for _, path := range []string{"/reporting/credentials/periodic", "/reporting/active-users/periodic"} {
			wantProblem(t, h.Do(t, http.MethodGet, path+q, app.Secret(), nil), 400, "validation_failed")
		}
	}
}
