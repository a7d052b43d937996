package orgs

import "context"

// appAdminEmails are the e-mail addresses of the admins of the
// organization that owns appID, none when no organization does.
func (s *store) appAdminEmails(ctx context.Context, appID string) ([]string, error) {
	var emails []string
	err := s.conn(ctx).Model(&Admin{}).
		Joins("JOIN console_org_apps ON console_org_apps.org_id = console_admins.org_id").
		Where("console_org_apps.app_id = ? AND console_admins.email <> ''", appID).
		Order("console_admins.email").Pluck("console_admins.email", &emails).Error
	return emails, err
}
