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
		`<th scope="row">android</th><td>25 %</td><td>4</td><td>1</td><td>2</td><td>1</td>`,
		`<th scope="row">windows</th><td>75 %</td>`, `<th scope="row">macos</th><td>100 %</td>`} {
		if !strings.Contains(p.Body, want) {
			t.Errorf("health page lacks %s", want)
		}
	}
	if a, w, m := strings.Index(p.Body, `scope="row">android`), strings.Index(p.Body, `scope="row">windows`), strings.Index(p.Body, `scope="row">macos`); !(a < w && w < m) {
		t.Errorf("segments not worst first: android %d, windows %d, macos %d", a, w, m)
	}
	if n := strings.Count(p.Body, "<svg id=\"chart-"); n != 2 {
		t.Errorf("%d charts, want 2", n)
	}

	byBrowser := b.get(t, "/console/apps/kpis/health?groupBy=browser")
	for _, want := range []string{`<th scope="row">chrome</th><td>50 %</td><td>8</td><td>4</td><td>3</td>`,
		`<th scope="row">safari</th><td>100 %</td>`, `id="chart-success-browser"`} {
		if !strings.Contains(byBrowser.Body, want) {
			t.Errorf("by browser lacks %s", want)
		}
	}

	other := owner(t, h, "Other", "owner@other.test")
	if p := other.get(t, "/console/apps/kpis/health"); p.Status != http.StatusNotFound {
		t.Errorf("another organization's admin: %d, want 404", p.Status)
	}
}
