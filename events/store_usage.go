package events

import (
	"context"
	"fmt"
	"time"

	"gorm.io/gorm"

	"passwordless/storage"
)

// CredentialUsage is the UsageSource over the credentials table of the
// passkeys migration. It is the one place this package reads a table it
// does not own: one aggregate query per snapshot, read only, the same
// numbers upstream's reporting job computes (distinct userIds with
// credentials; users whose last use is within 1 and 7 days).
type CredentialUsage struct {
	DB *gorm.DB
}

var _ UsageSource = CredentialUsage{}

// Usage implements UsageSource.
func (u CredentialUsage) Usage(ctx context.Context, now time.Time) (map[string]Usage, error) {
	var rows []struct {
		Tenant            string
		Users             int64
		Credentials       int64
		DailyActiveUsers  int64
		WeeklyActiveUsers int64
	}
	day, week := now.Add(-24*time.Hour).UTC(), now.Add(-7*24*time.Hour).UTC()
	err := storage.Replica(ctx, u.DB).Table("credentials").Select(
		"tenant, COUNT(DISTINCT user_id) AS users, COUNT(*) AS credentials, "+
			"COUNT(DISTINCT CASE WHEN last_used_at >= ? THEN user_id END) AS daily_active_users, "+
			"COUNT(DISTINCT CASE WHEN last_used_at >= ? THEN user_id END) AS weekly_active_users", day, week).
		Group("tenant").Scan(&rows).Error
	if err != nil {
		return nil, fmt.Errorf("count credential usage: %w", err)
	}
	out := make(map[string]Usage, len(rows))
	for _, r := range rows {
		out[r.Tenant] = Usage{Users: r.Users, Credentials: r.Credentials,
			DailyActiveUsers: r.DailyActiveUsers, WeeklyActiveUsers: r.WeeklyActiveUsers}
	}
	return out, nil
}
