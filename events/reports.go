package events

import (
	"context"
	"sort"
	"time"
)

// Usage is one application's passkey usage at a moment: distinct users
// with credentials, credentials, and users whose credentials were used in
// the last day and the last seven days.
type Usage struct {
	Users             int64
	Credentials       int64
	DailyActiveUsers  int64
	WeeklyActiveUsers int64
}

// UsageSource counts the usage of every application that has credentials.
// The passkeys store implements it; the reports never read its tables.
type UsageSource interface {
	Usage(ctx context.Context, now time.Time) (map[string]Usage, error)
}

// DayLayout is the format of report days, upstream's DateOnly.
const DayLayout = "2006-01-02"

// Reports are the daily snapshots behind /reporting/*. They are written by
// a periodic job (Snapshot), not computed on demand: yesterday's active
// users cannot be recomputed later, because a credential keeps only its
// last use, and deleted credentials would rewrite history.
type Reports struct {
	store  *reportStore
	source UsageSource
	now    func() time.Time
}

// Snapshot writes today's (UTC) row for every application with usage, and
// a zero row for one that had a row yesterday but has no credentials now.
// Running it again the same day replaces the day's rows.
func (r *Reports) Snapshot(ctx context.Context) (int64, error) {
	now := r.now().UTC()
	usage, err := r.source.Usage(ctx, now)
	if err != nil {
		return 0, err
	}
	today, yesterday := now.Format(DayLayout), now.AddDate(0, 0, -1).Format(DayLayout)
	recent, err := r.store.tenantsSince(ctx, yesterday)
	if err != nil {
		return 0, err
	}
	for _, t := range recent {
		if _, ok := usage[t]; !ok {
			usage[t] = Usage{}
		}
	}
	tenants := make([]string, 0, len(usage))
	for t := range usage {
		tenants = append(tenants, t)
	}
	sort.Strings(tenants)
	creds := make([]credentialReportRow, 0, len(tenants))
	active := make([]activeUserReportRow, 0, len(tenants))
	for _, t := range tenants {
		u := usage[t]
		creds = append(creds, credentialReportRow{Tenant: t, Day: today, Users: u.Users, Credentials: u.Credentials})
		active = append(active, activeUserReportRow{Tenant: t, Day: today, DailyActiveUsers: u.DailyActiveUsers,
			WeeklyActiveUsers: u.WeeklyActiveUsers, TotalUsers: u.Users})
	}
	return int64(len(tenants)), r.store.save(ctx, creds, active)
}

// CredentialRow is one day of /reporting/credentials/periodic.
type CredentialRow struct {
	Day         string
	Users       int64
	Credentials int64
}

// ActiveUsersRow is one day of /reporting/active-users/periodic.
type ActiveUsersRow struct {
	Day               string
	DailyActiveUsers  int64
	WeeklyActiveUsers int64
	TotalUsers        int64
}

// Credentials returns tenant's rows between from and to (inclusive
// yyyy-mm-dd days; empty is open), oldest first.
func (r *Reports) Credentials(ctx context.Context, tenant, from, to string) ([]CredentialRow, error) {
	rows, err := r.store.credentials(ctx, tenant, from, to)
	if err != nil {
		return nil, err
	}
	out := make([]CredentialRow, len(rows))
	for i, row := range rows {
		out[i] = CredentialRow{Day: row.Day, Users: row.Users, Credentials: row.Credentials}
	}
	return out, nil
}

// ActiveUsers returns tenant's rows between from and to, oldest first.
func (r *Reports) ActiveUsers(ctx context.Context, tenant, from, to string) ([]ActiveUsersRow, error) {
	rows, err := r.store.activeUsers(ctx, tenant, from, to)
	if err != nil {
		return nil, err
	}
	out := make([]ActiveUsersRow, len(rows))
	for i, row := range rows {
		out[i] = ActiveUsersRow{Day: row.Day, DailyActiveUsers: row.DailyActiveUsers,
			WeeklyActiveUsers: row.WeeklyActiveUsers, TotalUsers: row.TotalUsers}
	}
	return out, nil
}
