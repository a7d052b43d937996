package console

import (
	"net/http"

	"passwordless/events"
	"passwordless/problems"
	"passwordless/tenants"
)

// reportDays is the default period of the reports and the health page.
const reportDays = 30

// reportsData is the reports page: two charts and their data tables.
type reportsData struct {
	App         *tenants.App
	From, To    string
	Credentials chart
	Active      chart
	CredRows    []events.CredentialRow
	ActiveRows  []events.ActiveUsersRow
}

var errPeriod = problems.Validation("from", "Choose a period with dates written as yyyy-mm-dd, the first not after the last.")

// period is the from..to of the query (yyyy-mm-dd), by default the last
// reportDays days.
func (c *Console) period(r *http.Request) (from, to string, err error) {
	q := r.URL.Query()
	from, to = q.Get("from"), q.Get("to")
	now := c.o.Now().UTC()
	if to == "" {
		to = now.Format(events.DayLayout)
	}
	if from == "" {
		from = now.AddDate(0, 0, 1-reportDays).Format(events.DayLayout)
	}
	f, err1 := events.ParseDay("from", from)
	t, err2 := events.ParseDay("to", to)
	if err1 != nil || err2 != nil || f.After(t) {
		return from, to, errPeriod
	}
	return from, to, nil
}

func (c *Console) reportsPage(w http.ResponseWriter, r *http.Request, s *signedIn) error {
	app := c.loadApp(w, r)
	if app == nil {
		return nil
	}
	d := reportsData{App: app}
	from, to, err := c.period(r)
	d.From, d.To = from, to
	if err == nil {
		d.CredRows, err = c.o.Reports.Credentials(r.Context(), app.ID, from, to)
	}
	if err == nil {
		d.ActiveRows, err = c.o.Reports.ActiveUsers(r.Context(), app.ID, from, to)
	}
	status, text := http.StatusOK, ""
	if err != nil {
		status, text = c.sentence(r, err)
	}
	var days []string
	var vals [][]int64
	for _, row := range d.CredRows {
		days, vals = append(days, row.Day), append(vals, []int64{row.Users, row.Credentials})
	}
	d.Credentials = lineChart("credentials", "Users and credentials", days, []string{"Users", "Credentials"}, vals)
	days, vals = nil, nil
	for _, row := range d.ActiveRows {
		days, vals = append(days, row.Day), append(vals, []int64{row.DailyActiveUsers, row.WeeklyActiveUsers})
	}
	d.Active = lineChart("active", "Active users", days, []string{"Daily active", "Weekly active"}, vals)
	c.render(w, r, status, "reports", c.withSession(s, view{Title: "Reports of " + app.ID, Error: text, Data: d}))
	return nil
}
