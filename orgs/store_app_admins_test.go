package orgs

import (
	"slices"
	"testing"

	"gorm.io/gorm"

	"passwordless/storage/storagetest"
)

// TestAppAdminEmails: the admins told about an application's webhooks are
// those of the organization that owns it; another organization's admins
// are not, and an application of no organization has none.
func TestAppAdminEmails(t *testing.T) {
	storagetest.Each(t, func(t *testing.T, db *gorm.DB) {
		s := &store{db: db}
		for _, org := range []string{"org-1-a", "org-2-a"} {
			seedOrg(t, s, org, "")
		}
		second := &Admin{ID: "admin-2", OrgID: "org-1-a", Email: "second@example.test", Role: "admin", CreatedAt: isolationAt}
		if err := db.Create(second).Error; err != nil {
			t.Fatal(err)
		}
		tests := []struct {
			name, app string
			want      []string
		}{
			{"the owning organization's admins", appOf("org-1-a"), []string{"org-1-a@example.test", "second@example.test"}},
			{"a different organization sees its own only", appOf("org-2-a"), []string{"org-2-a@example.test"}},
			{"an application of no organization", "app-without-org", nil},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				got, err := s.appAdminEmails(t.Context(), tt.app)
				if err != nil || !slices.Equal(got, tt.want) {
					t.Errorf("appAdminEmails(%s) = %v, %v, want %v", tt.app, got, err, tt.want)
				}
			})
		}
	})
}
