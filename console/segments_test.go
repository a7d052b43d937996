package console_test

import (
	"net/http"
	"strings"
	"testing"

	"passwordless/diagnostics"
)

// The passkey-health page shows the KPIs of issue 21 §3 from the
// diagnostics service: the passkey login rate, the enrollment rate and the
// success rate per platform and per browser, worst first, as charts and a
// table; another organization cannot open it.
func TestHealth_ShowsKPIsPerSegmentWorstFirst(t *testing.T) {
	h := newHarness(t)
	b := owner(t, h, "Acme", "owner@acme.test")
	b.createApp(t, "kpis")
	seg, ctx := h.Server.Segments, t.Context()
	ceremonies := []struct {
		d                 diagnostics.Device
		begun, done, fail int
	}{
		{diagnostics.Device{Platform: "macos", Browser: "safari"}, 4, 4, 0},
		{diagnostics.Device{Platform: "windows", Browser: "chrome"}, 4, 3, 1},
		{diagnostics.Device{Platform: "android", Browser: "chrome"}, 4, 1, 2},
	}
	for _, c := range ceremonies {
		for i := 0; i < c.begun; i++ {
			seg.Begun(ctx, "kpis", "signin", c.d, nil)
		}
		for i := 0; i < c.done; i++ {
			seg.Completed(ctx, "kpis", "signin", c.d, nil, "platform", diagnostics.Begin{})
		}
		for i := 0; i < c.fail; i++ {
			seg.Failed(ctx, "kpis", "signin", c.d, "passkey_not_allowed", "")
		}
	}
	for _, m := range []string{"passkey", "passkey", "passkey", "magic_link"} {
		seg.Verified(ctx, "kpis", "", m)
	}

	p := b.get(t, "/console/apps/kpis/health")
	if p.Status != http.StatusOK {
		t.Fatalf("health: %d %.300s", p.Status, p.Body)
	}
	for _, want := range []string{`id="kpi-login-rate">75 % (3 of 4 sign-ins`, `id="chart-login-rate"`, `id="chart-success-platform"`,
		`<th scope="row" role="rowheader">android</th><td role="cell" data-label="Success rate">25 %</td><td role="cell" data-label="Began">4</td><td role="cell" data-label="Completed">1</td><td role="cell" data-label="Failed">2</td><td role="cell" data-label="Abandoned">1</td>`,
		`<th scope="row" role="rowheader">windows</th><td role="cell" data-label="Success rate">75 %</td>`, `<th scope="row" role="rowheader">macos</th><td role="cell" data-label="Success rate">100 %</td>`} {
		if !strings.Contains(p.Body, want) {
			t.Errorf("health page lacks %s", want)
		}
	}
	if a, w, m := strings.Index(p.Body, `role="rowheader">android`), strings.Index(p.Body, `role="rowheader">windows`), strings.Index(p.Body, `role="rowheader">macos`); !(a < w && w < m) {
		t.Errorf("segments not worst first: android %d, windows %d, macos %d", a, w, m)
	}
	if n := strings.Count(p.Body, "<svg id=\"chart-"); n != 2 {
		t.Errorf("%d charts, want 2", n)
	}

	byBrowser := b.get(t, "/console/apps/kpis/health?groupBy=browser")
	for _, want := range []string{`<th scope="row" role="rowheader">chrome</th><td role="cell" data-label="Success rate">50 %</td><td role="cell" data-label="Began">8</td><td role="cell" data-label="Completed">4</td><td role="cell" data-label="Failed">3</td>`,
		`<th scope="row" role="rowheader">safari</th><td role="cell" data-label="Success rate">100 %</td>`, `id="chart-success-browser"`} {
		if !strings.Contains(byBrowser.Body, want) {
			t.Errorf("by browser lacks %s", want)
		}
	}

	other := owner(t, h, "Other", "owner@other.test")
	if p := other.get(t, "/console/apps/kpis/health"); p.Status != http.StatusNotFound {
		t.Errorf("another organization's admin: %d, want 404", p.Status)
	}
}
