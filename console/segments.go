package console

import (
	"fmt"
	"net/http"

	"passwordless/diagnostics"
)

// segmentsView is the KPI part of the passkey-health page (issue 21 §3):
// the passkey login rate, the enrollment rate and the success rate of each
// segment of one dimension, worst first, as charts over the days and a
// table. It is diagnostics.Segments' SegmentSummary, the same answer as
// GET /diagnostics/summary?groupBy=.
type segmentsView struct {
	GroupBy                         string
	GroupBys                        []string
	LoginRate, EnrollmentRate       string // "42 %" or "–"
	SignIns                         diagnostics.SignIns
	UsersSignedIn, UsersWithPasskey int64
	Rows                            []segmentRow
	Charts                          []chart
}

type segmentRow struct {
	diagnostics.SegmentStats
	Rate string
}

// chartSegments is how many segments the success-rate chart draws: the
// worst ones; the table lists all.
const chartSegments = 5

// segmentsOf reads the summary of app over from..to grouped by the
// request's ?groupBy= (platform when absent).
func (c *Console) segmentsOf(r *http.Request, appID, from, to string) (*segmentsView, error) {
	if c.o.Segments == nil {
		return nil, nil
	}
	sum, err := c.o.Segments.SegmentSummary(r.Context(), appID, from, to, r.URL.Query().Get("groupBy"))
	if err != nil {
		return nil, err
	}
	v := &segmentsView{GroupBy: sum.GroupBy, SignIns: sum.SignIns, LoginRate: pct(sum.PasskeyLoginRate),
		EnrollmentRate: pct(sum.EnrollmentRate), UsersSignedIn: sum.UsersSignedIn, UsersWithPasskey: sum.UsersWithPasskey,
		GroupBys: []string{diagnostics.GroupByPlatform, diagnostics.GroupByBrowser, diagnostics.GroupByProvider}}
	for _, s := range sum.Segments {
		v.Rows = append(v.Rows, segmentRow{SegmentStats: s, Rate: pct(s.SuccessRate)})
	}
	v.Charts = segmentCharts(sum)
	return v, nil
}

// segmentCharts are the passkey login rate and the worst segments'
// success rates per day, in whole percent.
func segmentCharts(sum diagnostics.SegmentSummary) []chart {
	days := make([]string, len(sum.Days))
	login := make([][]int64, len(sum.Days))
	worst := sum.Segments[:min(len(sum.Segments), chartSegments)]
	names := make([]string, len(worst))
	for j, s := range worst {
		names[j] = s.Segment
	}
	rates := make([][]int64, len(sum.Days))
	for i, d := range sum.Days {
		days[i] = d.Day
		login[i] = []int64{percentOf(d.SignIns.Passkey, d.SignIns.Total)}
		rates[i] = make([]int64, len(worst))
		for _, s := range d.Segments {
			for j, n := range names {
				if s.Segment == n {
					rates[i][j] = percentOf(s.Completed, max(s.Begun, s.Completed+s.Failed))
				}
			}
		}
	}
	return []chart{
		lineChart("login-rate", "Passkey login rate (%)", days, []string{"passkey sign-ins"}, login),
		lineChart("success-"+sum.GroupBy, "Success rate by "+sum.GroupBy+" (%), worst first", days, names, rates),
	}
}

// pct formats a rate as whole percent; nil (nothing to divide) is "–".
func pct(r *float64) string {
	if r == nil {
		return "–"
	}
	return fmt.Sprintf("%.0f %%", *r*100)
}

func percentOf(n, d int64) int64 {
	if d <= 0 {
		return 0
	}
	return 100 * n / d
}
