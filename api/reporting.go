package api

import (
	"net/http"

	"github.com/gin-gonic/gin"

	"passwordless/events"
)

type credentialReportJSON struct {
	CreatedAt   string `json:"createdAt"`
	Users       int64  `json:"users"`
	Credentials int64  `json:"credentials"`
}

type activeUsersReportJSON struct {
	CreatedAt         string `json:"createdAt"`
	DailyActiveUsers  int64  `json:"dailyActiveUsers"`
	WeeklyActiveUsers int64  `json:"weeklyActiveUsers"`
	TotalUsers        int64  `json:"totalUsers"`
}

// credentialsReport handles GET /reporting/credentials/periodic?from=&to=.
func (s *server) credentialsReport(c *gin.Context) error {
	from, to, err := dayRange(c)
	if err != nil {
		return err
	}
	rows, err := s.deps.Reports.Credentials(c.Request.Context(), appOf(c).ID, from, to)
	if err != nil {
		return err
	}
	out := make([]credentialReportJSON, len(rows))
	for i, r := range rows {
		out[i] = credentialReportJSON{CreatedAt: r.Day, Users: r.Users, Credentials: r.Credentials}
	}
	c.JSON(http.StatusOK, out)
	return nil
}

// activeUsersReport handles GET /reporting/active-users/periodic?from=&to=.
func (s *server) activeUsersReport(c *gin.Context) error {
	from, to, err := dayRange(c)
	if err != nil {
		return err
	}
	rows, err := s.deps.Reports.ActiveUsers(c.Request.Context(), appOf(c).ID, from, to)
	if err != nil {
		return err
	}
	out := make([]activeUsersReportJSON, len(rows))
	for i, r := range rows {
		out[i] = activeUsersReportJSON{CreatedAt: r.Day, DailyActiveUsers: r.DailyActiveUsers,
			WeeklyActiveUsers: r.WeeklyActiveUsers, TotalUsers: r.TotalUsers}
	}
	c.JSON(http.StatusOK, out)
	return nil
}

// dayRange reads the optional inclusive yyyy-MM-dd bounds, normalised.
func dayRange(c *gin.Context) (from, to string, err error) {
	day := func(name string) (string, error) {
		raw, ok := query(c, name)
		if !ok || raw == "" {
			return "", nil
		}
		d, err := events.ParseDay(name, raw)
		if err != nil {
			return "", err
		}
		return d.Format(events.DayLayout), nil
	}
	if from, err = day("from"); err != nil {
		return "", "", err
	}
	to, err = day("to")
	return from, to, err
}
