package api_test

import (
	"net/http"
	"strconv"
	"strings"
	"testing"
	"time"

	"passwordless/api/apitest"
)

func TestMagicLinks_DefaultQuotaLetsANewAppSendToItsAdminsOnTheFirstDay(t *testing.T) {
	h, mail := mailHarness(t, nil)
	app := h.CreateApp(t, "freshapp", map[string]any{"adminEmail": "admin@example.com"})
	created := h.Clock.Now()
	resp := h.Do(t, http.MethodGet, "/admin/apps/freshapp/features", apitest.Management(), nil)
	if !strings.Contains(string(resp.Body), `"magicLinkEmailMonthlyQuota":1000`) {
		t.Errorf("features of a new app: %s, want the default quota of 1000", resp.Body)
	}
	if resp := sendMagicLink(t, h, app, magicLink("admin@example.com")); resp.Status != http.StatusNoContent {
		t.Fatalf("send to the admin at once: %d %s", resp.Status, resp.Body)
	}
	mail.Wait(t)
	p := wantProblem(t, sendMagicLink(t, h, app, magicLink("user@example.com")), 403, "magic_link_email_admin_address_only")
	until := created.Add(24 * time.Hour).UTC().Format(time.RFC3339)
	if p["adminOnlyUntil"] != until || !strings.Contains(p["detail"].(string), "admin e-mail addresses until "+until) {
		t.Errorf("admin-only problem %v, want it to say until %s", p, until)
	}
	h.Clock.Advance(oneDay)
	if resp := sendMagicLink(t, h, app, magicLink("user@example.com")); resp.Status != http.StatusNoContent {
		t.Errorf("send to a user a day later: %d %s", resp.Status, resp.Body)
	}
}

func TestMagicLinks_ExplicitQuotaOfTheManagementAPIWins(t *testing.T) {
	h, _ := mailHarness(t, nil)
	app := magicApp(t, h, "zeroapp", 0)
	h.Clock.Advance(365 * oneDay)
	resp := sendMagicLink(t, h, app, magicLink("user@example.com"))
	p := wantProblem(t, resp, 429, "magic_link_email_quota_exceeded")
	if p["monthlyQuota"] != 0.0 || p["resetsAt"] != nil || resp.Header.Get("Retry-After") != "" ||
		!strings.Contains(p["detail"].(string), "monthly e-mail quota of 0 magic links per 30 days") {
		t.Errorf("quota 0: %v (Retry-After %q), want the quota named and no reset", p, resp.Header.Get("Retry-After"))
	}
	resp = h.Do(t, http.MethodPost, "/admin/apps/negapp/create", apitest.Management(), map[string]any{"magicLinkEmailMonthlyQuota": -1})
	wantProblem(t, resp, 400, "validation_failed")
}

func TestMagicLinks_ExhaustedQuotaSaysWhichLimitAndWhenItResets(t *testing.T) {
	h, _ := mailHarness(t, nil)
	app := magicApp(t, h, "fullapp", 10)
	other := magicApp(t, h, "otherapp", 10)
	// Under a day old, 20% of 10: two e-mails, to the admin only.
	for i := range 2 {
		if resp := sendMagicLink(t, h, app, magicLink("admin@example.com")); resp.Status != http.StatusNoContent {
			t.Fatalf("send %d: %d %s", i+1, resp.Status, resp.Body)
		}
	}
	h.Clock.Advance(time.Hour)
	resp := sendMagicLink(t, h, app, magicLink("admin@example.com"))
	p := wantProblem(t, resp, 429, "magic_link_email_quota_exceeded")
	wait := int((30*oneDay - time.Hour).Seconds())
	resets := h.Clock.Now().Add(time.Duration(wait) * time.Second).UTC().Format(time.RFC3339)
	if resp.Header.Get("Retry-After") != strconv.Itoa(wait) || p["resetsAt"] != resets ||
		p["monthlyQuota"] != 10.0 || p["effectiveQuota"] != 2.0 {
		t.Errorf("429: %v, Retry-After %q; want quota 10, effective 2, resets at %s (%d s)", p, resp.Header.Get("Retry-After"), resets, wait)
	}
	detail, _ := p["detail"].(string)
	for _, want := range []string{"monthly e-mail quota of 10 magic links per 30 days", "(2 while the application is younger than 30 days)", "sent at " + resets} {
		if !strings.Contains(detail, want) {
			t.Errorf("detail %q lacks %q", detail, want)
		}
	}
	if resp := sendMagicLink(t, h, other, magicLink("admin@example.com")); resp.Status != http.StatusNoContent {
		t.Errorf("another app's quota was spent: %d %s", resp.Status, resp.Body)
	}
}
