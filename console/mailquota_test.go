package console_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"passwordless/events"
)

func TestMailQuota_ShownWithItsDefaultAndScaledLimit(t *testing.T) {
	h := newHarness(t)
	b := owner(t, h, "Acme", "owner@acme.test")
	b.createApp(t, "acmeapp")
	page := b.get(t, "/console/apps/acmeapp/settings")
	for _, want := range []string{
		`name="magicLinkEmailMonthlyQuota" type="number" min="0" max="10000000" value="1000"`,
		"1000 e-mails per 30 days", "200 for now, while the application is younger than 30 days",
		"only\nmail its admins during its first day",
	} {
		if !strings.Contains(page.Body, want) {
			t.Errorf("settings page lacks %q", want)
		}
	}
	h.Clock.Advance(31 * 24 * time.Hour)
	if page := b.get(t, "/console/apps/acmeapp/settings"); strings.Contains(page.Body, "for now") {
		t.Errorf("a month-old app still shows a scaled quota")
	}
}

func TestMailQuota_SetAloneKeepsEveryOtherFeature(t *testing.T) {
	h := newHarness(t)
	b := owner(t, h, "Acme", "owner@acme.test")
	b.createApp(t, "acmeapp")
	csrf := csrfOf(t, b.get(t, "/console/apps/acmeapp/settings"))
	wantRedirect(t, "features", b.post(t, "/console/apps/acmeapp/settings/features", csrf, url.Values{
		"magicLinks": {"on"}, "promptSkipSignIns": {"4"}, "promptSkipDays": {"2"},
		"allowedOrigins": {"https://shop.test"}}), http.StatusSeeOther, "/console/apps/acmeapp/settings")
	wantRedirect(t, "limits", b.post(t, "/console/apps/acmeapp/settings/limits", csrf, url.Values{
		"eventLogging": {"on"}, "maxUsers": {"100"}}), http.StatusSeeOther, "/console/apps/acmeapp/settings")
	before := appFeatures(t, h, "acmeapp")

	wantRedirect(t, "mail quota", b.post(t, "/console/apps/acmeapp/settings/mail-quota", csrf, url.Values{
		"magicLinkEmailMonthlyQuota": {"25"}}), http.StatusSeeOther, "/console/apps/acmeapp/settings")
	after := appFeatures(t, h, "acmeapp")
	if want := strings.Replace(before, "mailQuota 1000", "mailQuota 25", 1); after != want {
		t.Errorf("after setting the quota: %s\nwant only the quota changed: %s", after, want)
	}
	if !strings.Contains(after, "origins [https://shop.test] logging true users 100") {
		t.Errorf("event logging, origins or max users lost: %s", after)
	}
	wantEventsBy(t, h, "acmeapp", "owner@acme.test", events.AdminAppLimitsChanged)

	for _, tc := range []struct{ value, want string }{
		{"-1", "between 0 and 10000000"},
		{"10000001", "between 0 and 10000000"},
		{"lots", "whole number"},
		{"", "Enter the e-mail quota"},
	} {
		t.Run("refused "+tc.value, func(t *testing.T) {
			p := b.post(t, "/console/apps/acmeapp/settings/mail-quota", csrf, url.Values{"magicLinkEmailMonthlyQuota": {tc.value}})
			if p.Status != http.StatusBadRequest || !strings.Contains(p.Body, tc.want) {
				t.Errorf("%d, want 400 saying %q: %.300s", p.Status, tc.want, p.Body)
			}
		})
	}
	if got := appFeatures(t, h, "acmeapp"); got != after {
		t.Errorf("a refused quota changed the app: %s", got)
	}
}
