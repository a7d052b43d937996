package console

import "context"

// AppAdminEmails returns the e-mail addresses of the admins of the
// organization that owns appID, none when no organization does (the
// server hands them to webhooks, which mails them when an endpoint of the
// application is disabled).
func (c *Console) AppAdminEmails(ctx context.Context, appID string) ([]string, error) {
	var emails []string
	err := c.store.conn(ctx).Model(&Admin{}).
		Joins("JOIN console_org_apps ON console_org_apps.org_id = console_admins.org_id").
		Where("console_org_apps.app_id = ? AND console_admins.email <> ''", appID).
		Order("console_admins.email").Pluck("console_admins.email", &emails).Error
	return emails, err
}
