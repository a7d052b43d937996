package tenants_test

import (
	"context"
	"testing"

	"gorm.io/gorm"

	"passwordless/problems"
	"passwordless/storage/storagetest"
	"passwordless/tenants"
)

func TestMailQuota_DefaultExplicitAndSetAlone(t *testing.T) {
	storagetest.Each(t, func(t *testing.T, db *gorm.DB) {
		ctx := context.Background()
		svc := newService(db, tenants.Options{})
		zero := 0
		if _, err := svc.Create(ctx, "acme", tenants.CreateOptions{EventLoggingEnabled: true}); err != nil {
			t.Fatal(err)
		}
		if _, err := svc.Create(ctx, "other", tenants.CreateOptions{MagicLinkEmailMonthlyQuota: &zero}); err != nil {
			t.Fatal(err)
		}
		origins := []string{"https://shop.test"}
		if err := svc.SetAppFeatures(ctx, "acme", tenants.AppFeatureChange{AllowedOrigins: &origins}); err != nil {
			t.Fatal(err)
		}
		if err := svc.SetMagicLinkEmailQuota(ctx, "acme", 25); err != nil {
			t.Fatal(err)
		}
		for _, n := range []int{-1, tenants.MaxMagicLinkEmailMonthlyQuota + 1} {
			if err := svc.SetMagicLinkEmailQuota(ctx, "acme", n); problems.From(err).Code != problems.ValidationFailed {
				t.Errorf("quota %d: %v, want validation_failed", n, err)
			}
		}
		acme, err := svc.App(ctx, "acme")
		if err != nil {
			t.Fatal(err)
		}
		f := acme.Features
		if f.MagicLinkEmailMonthlyQuota != 25 || !f.EventLoggingEnabled || len(f.AllowedOrigins) != 1 ||
			!f.MagicLinksEnabled || f.EventLoggingRetentionDays != tenants.DefaultRetentionDays {
			t.Errorf("acme after setting the quota: %+v, want quota 25 and the rest kept", f)
		}
		other, err := svc.App(ctx, "other")
		if err != nil {
			t.Fatal(err)
		}
		if other.Features.MagicLinkEmailMonthlyQuota != 0 {
			t.Errorf("other app's explicit quota 0 became %d", other.Features.MagicLinkEmailMonthlyQuota)
		}
		if _, err := svc.Create(ctx, "fresh", tenants.CreateOptions{}); err != nil {
			t.Fatal(err)
		}
		if fresh, _ := svc.App(ctx, "fresh"); fresh.Features.MagicLinkEmailMonthlyQuota != tenants.DefaultMagicLinkEmailMonthlyQuota {
			t.Errorf("a new app's quota is %d, want the default %d", fresh.Features.MagicLinkEmailMonthlyQuota, tenants.DefaultMagicLinkEmailMonthlyQuota)
		}
	})
}
