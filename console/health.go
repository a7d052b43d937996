package console

import (
	"cmp"
	"net/http"
	"slices"

	"passwordless/diagnostics"
	"passwordless/tenants"
)

// healthData is the passkey-health page: per ceremony, how many began,
// completed and failed over the period, and the failures by errorCode and
// platform, the most frequent first.
type healthData struct {
	App      *tenants.App
	From, To string
	Funnels  []funnel
	// Segments are the KPIs per segment (segments.go); nil without them.
	Segments *segmentsView
}

type funnel struct {
	Ceremony                  string
	Begun, Completed, Failed  int64
	CompletedPct, FailedPct   int64 // of Begun, rounded down
	Failures                  []diagnostics.FailureCount
	BarBegun, BarDone, BarBad int // bar widths in the SVG, of 400
}

func (c *Console) healthPage(w http.ResponseWriter, r *http.Request, s *signedIn) error {
	app := c.loadApp(w, r)
	if app == nil {
		return nil
	}
	d := healthData{App: app}
	from, to, err := c.period(r)
	d.From, d.To = from, to
	var days []diagnostics.DaySummary
	if err == nil {
		days, err = c.o.Diagnostics.Summary(r.Context(), app.ID, from, to)
	}
	if err == nil {
		d.Segments, err = c.segmentsOf(r, app.ID, from, to)
	}
	status, text := http.StatusOK, ""
	if err != nil {
		status, text = c.sentence(r, err)
	}
	d.Funnels = funnels(days)
	c.render(w, r, status, "health", c.withSession(s, view{Title: "Passkey health of " + app.ID, Error: text, Data: d}))
	return nil
}

// funnels adds the days up per ceremony.
func funnels(days []diagnostics.DaySummary) []funnel {
	byCeremony := map[string]*funnel{}
	counts := map[string]map[[2]string]int64{}
	for _, day := range days {
		f := byCeremony[day.Ceremony]
		if f == nil {
			f = &funnel{Ceremony: day.Ceremony}
			byCeremony[day.Ceremony], counts[day.Ceremony] = f, map[[2]string]int64{}
		}
		f.Begun, f.Completed, f.Failed = f.Begun+day.Begun, f.Completed+day.Completed, f.Failed+day.Failed
		for _, fc := range day.Failures {
			counts[day.Ceremony][[2]string{fc.ErrorCode, fc.Platform}] += fc.Count
		}
	}
	out := make([]funnel, 0, len(byCeremony))
	for name, f := range byCeremony {
		for k, n := range counts[name] {
			f.Failures = append(f.Failures, diagnostics.FailureCount{ErrorCode: k[0], Platform: k[1], Count: n})
		}
		slices.SortFunc(f.Failures, func(a, b diagnostics.FailureCount) int {
			return cmp.Or(cmp.Compare(b.Count, a.Count), cmp.Compare(a.ErrorCode, b.ErrorCode), cmp.Compare(a.Platform, b.Platform))
		})
		top := max(f.Begun, f.Completed+f.Failed, 1)
		f.BarBegun, f.BarDone, f.BarBad = int(400*f.Begun/top), int(400*f.Completed/top), int(400*f.Failed/top)
		if f.Begun > 0 {
			f.CompletedPct, f.FailedPct = 100*f.Completed/f.Begun, 100*f.Failed/f.Begun
		}
		out = append(out, *f)
	}
	slices.SortFunc(out, func(a, b funnel) int { return cmp.Compare(a.Ceremony, b.Ceremony) })
	return out
}
