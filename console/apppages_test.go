package console_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"passwordless/api/apitest"
	"passwordless/events"
)

// appForms are the routes of the application pages beyond keys and users,
// with a form that the page itself would send.
var appForms = []struct {
	method, path string
	form         url.Values
}{
	{http.MethodGet, "/settings", nil},
	{http.MethodPost, "/settings/features", url.Values{"magicLinks": {"on"}, "promptSkipSignIns": {"5"}, "promptSkipDays": {"3"}}},
	{http.MethodPost, "/settings/limits", url.Values{"eventLogging": {"on"}, "maxUsers": {"9"}}},
	{http.MethodPost, "/settings/mail-quota", url.Values{"magicLinkEmailMonthlyQuota": {"7"}}},
	{http.MethodPost, "/delete", url.Values{"confirm": {"on"}}},
	{http.MethodPost, "/cancel-deletion", nil},
	{http.MethodGet, "/purposes", nil},
	{http.MethodPost, "/purposes", url.Values{"purpose": {"payment"}, "userVerification": {"required"}, "timeToLive": {"00:05:00"}}},
	{http.MethodGet, "/purposes/sign-in", nil},
	{http.MethodPost, "/purposes/sign-in", url.Values{"userVerification": {"required"}, "timeToLive": {"00:05:00"}}},
	{http.MethodPost, "/purposes/payment/delete", nil},
	{http.MethodGet, "/authenticators?q=key", nil},
	{http.MethodPost, "/authenticators", url.Values{"aaguid": {zetaKey}, "list": {"allow"}}},
	{http.MethodPost, "/authenticators/" + zetaKey + "/delete", nil},
	{http.MethodGet, "/reports", nil},
	{http.MethodGet, "/health", nil},
	{http.MethodGet, "/get-started", nil},
}

// zetaKey is an AAGUID of authenticators/testdata/mds.json.
const zetaKey = "973446ca-e21c-9a9b-99f5-9b985a67af0f"

func TestAppPages_SignInAndCSRFRequired(t *testing.T) {
	h := newHarness(t)
	b := owner(t, h, "Acme", "owner@acme.test")
	b.createApp(t, "acmeapp")
	before := appFeatures(t, h, "acmeapp")
	anonymous := newBrowser(h)
	for _, tc := range appForms {
		path := "/console/apps/acmeapp" + tc.path
		t.Run(tc.method+" "+tc.path, func(t *testing.T) {
			if tc.method == http.MethodGet {
				wantRedirect(t, "anonymous", anonymous.get(t, path), http.StatusSeeOther, "/console/signin")
				return
			}
			wantRedirect(t, "anonymous", anonymous.post(t, path, "", tc.form), http.StatusSeeOther, "/console/signin")
			if p := b.post(t, path, "", tc.form); p.Status != http.StatusForbidden || !strings.Contains(p.Body, "Form expired") {
				t.Errorf("without a CSRF token: %d", p.Status)
			}
			if p := b.post(t, path, "forged", tc.form); p.Status != http.StatusForbidden {
				t.Errorf("with a wrong CSRF token: %d", p.Status)
			}
		})
	}
	if after := appFeatures(t, h, "acmeapp"); after != before {
		t.Errorf("refused forms changed the app: %s, was %s", after, before)
	}
}

func TestAppPages_OtherOrganizationsAppIsNotFound(t *testing.T) {
	h := newHarness(t)
	acme := owner(t, h, "Acme", "owner@acme.test")
	acme.createApp(t, "acmeapp")
	before := appFeatures(t, h, "acmeapp")
	other := owner(t, h, "Other", "owner@other.test")
	other.createApp(t, "otherapp")
	csrf := csrfOf(t, other.get(t, "/console/apps"))
	for _, appID := range []string{"acmeapp", h.Server.Console.AppID(), "missingapp"} {
		for _, tc := range appForms {
			path := "/console/apps/" + appID + tc.path
			t.Run(tc.method+" "+path, func(t *testing.T) {
				var p page
				if tc.method == http.MethodPost {
					p = other.post(t, path, csrf, tc.form)
				} else {
					p = other.get(t, path)
				}
				if p.Status != http.StatusNotFound {
					t.Errorf("%d, want 404", p.Status)
				}
			})
		}
	}
	if after := appFeatures(t, h, "acmeapp"); after != before {
		t.Errorf("another organization changed the app: %s, was %s", after, before)
	}
}

func TestSettings_SavedAndAuditedWithTheAdmin(t *testing.T) {
	h := newHarness(t)
	b := owner(t, h, "Acme", "owner@acme.test")
	b.createApp(t, "acmeapp")
	csrf := csrfOf(t, b.get(t, "/console/apps/acmeapp/settings"))
	wantRedirect(t, "features", b.post(t, "/console/apps/acmeapp/settings/features", csrf, url.Values{
		"generateSignInToken": {"on"}, "promptSkipSignIns": {"4"}, "promptSkipDays": {"0"},
		"allowedOrigins": {"https://shop.test\n\n  https://www.shop.test  \n"}}), http.StatusSeeOther, "/console/apps/acmeapp/settings")
	wantRedirect(t, "limits", b.post(t, "/console/apps/acmeapp/settings/limits", csrf, url.Values{
		"eventLogging": {"on"}, "maxUsers": {"100"}, "maxCredentialsPerUser": {""}}), http.StatusSeeOther, "/console/apps/acmeapp/settings")
	app, err := h.Server.Tenants.App(t.Context(), "acmeapp")
	if err != nil {
		t.Fatal(err)
	}
	f := app.Features
	if f.MagicLinksEnabled || !f.GenerateSignInTokenEnabled || f.PasskeyPromptSkipSignIns != 4 || f.PasskeyPromptSkipDays != 0 ||
		strings.Join(f.AllowedOrigins, " ") != "https://shop.test https://www.shop.test" || !f.EventLoggingEnabled ||
		f.MaxUsers == nil || *f.MaxUsers != 100 || f.MaxCredentialsPerUser != nil {
		t.Errorf("features after the forms: %+v", f)
	}
	page := b.get(t, "/console/apps/acmeapp/settings")
	for _, want := range []string{`value="100"`, "https://www.shop.test", `name="generateSignInToken" id="generateSignInToken" checked`} {
		if !strings.Contains(page.Body, want) {
			t.Errorf("settings page lacks %s", want)
		}
	}
	wantEventsBy(t, h, "acmeapp", "owner@acme.test", events.AdminMagicLinksDisabled,
		events.AdminGenerateSignInTokenEndpointEnabled, events.AdminAppLimitsChanged)

	for _, tc := range []struct {
		path string
		form url.Values
		want string
	}{
		{"features", url.Values{"promptSkipSignIns": {"0"}, "promptSkipDays": {"7"}}, "between 1 and 100"},
		{"features", url.Values{"promptSkipSignIns": {"ten"}, "promptSkipDays": {"7"}}, "whole number"},
		{"features", url.Values{"promptSkipSignIns": {"3"}, "promptSkipDays": {"7"}, "allowedOrigins": {"not an origin"}}, "rigin"},
		{"limits", url.Values{"maxUsers": {"-1"}}, "must not be negative"},
		{"limits", url.Values{"maxCredentialsPerUser": {"0"}}, "at least 1"},
	} {
		t.Run("refused "+tc.path+" "+tc.want, func(t *testing.T) {
			p := b.post(t, "/console/apps/acmeapp/settings/"+tc.path, csrf, tc.form)
			if p.Status != http.StatusBadRequest || !strings.Contains(p.Body, tc.want) || !strings.Contains(p.Body, `role="alert"`) {
				t.Errorf("%d, want 400 saying %q: %.300s", p.Status, tc.want, p.Body)
			}
		})
	}
	if got := appFeatures(t, h, "acmeapp"); !strings.Contains(got, "users 100") {
		t.Errorf("a refused form changed the settings: %s", got)
	}
}

func TestDeletion_ScheduledShownAndCancelled(t *testing.T) {
	h := newHarness(t)
	b := owner(t, h, "Acme", "owner@acme.test")
	keys := codes(b.createApp(t, "acmeapp"))
	registerUser(t, b, keys, "u1", map[string]any{})
	h.Clock.Advance(4 * 24 * time.Hour) // old, with a passkey: scheduled, not deleted
	if p := b.signin(t, "owner@acme.test"); p.Status != http.StatusOK {
		t.Fatalf("sign in again: %d", p.Status)
	}
	csrf := csrfOf(t, b.get(t, "/console/apps/acmeapp/settings"))
	if p := b.post(t, "/console/apps/acmeapp/delete", csrf, nil); p.Status != http.StatusBadRequest || !strings.Contains(p.Body, "Tick the box") {
		t.Errorf("delete without confirmation: %d", p.Status)
	}
	wantRedirect(t, "delete", b.post(t, "/console/apps/acmeapp/delete", csrf, url.Values{"confirm": {"on"}}),
		http.StatusSeeOther, "/console/apps/acmeapp/settings")
	for _, path := range []string{"/console/apps/acmeapp", "/console/apps/acmeapp/settings", "/console/apps/acmeapp/reports"} {
		if p := b.get(t, path); !strings.Contains(p.Body, `id="pending-deletion"`) || !strings.Contains(p.Body, "2026-02-06") {
			t.Errorf("%s shows no pending-deletion banner with the date: %.600s", path, p.Body)
		}
	}
	if p := b.get(t, "/console/apps/acmeapp"); strings.Contains(p.Body, ">Active<") {
		t.Error("keys stay active after the deletion was scheduled")
	}
	if p := b.post(t, "/console/apps/acmeapp/delete", csrf, url.Values{"confirm": {"on"}}); p.Status != http.StatusBadRequest {
		t.Errorf("a second deletion: %d, want 400", p.Status)
	}
	wantRedirect(t, "cancel", b.post(t, "/console/apps/acmeapp/cancel-deletion", csrf, nil),
		http.StatusSeeOther, "/console/apps/acmeapp/settings")
	if p := b.get(t, "/console/apps/acmeapp"); strings.Contains(p.Body, `id="pending-deletion"`) || strings.Contains(p.Body, ">Locked<") {
		t.Errorf("after cancelling: %.600s", p.Body)
	}
	wantEventsBy(t, h, "acmeapp", "owner@acme.test", events.APIManagementAppMarkedForDeletion, events.APIManagementAppDeletionCancelled)
}

// TestDeletion_CarriedOutByTheJobIsInTheOrgLog: the scheduled deletion,
// carried out a month later by the deletion job (DELETE /admin/apps/{id},
// tenants.Service.Delete), is in the organization's log; another
// organization's log does not show it.
func TestDeletion_CarriedOutByTheJobIsInTheOrgLog(t *testing.T) {
	h := newHarness(t)
	b := owner(t, h, "Acme", "owner@acme.test")
	other := owner(t, h, "Other", "owner@other.test")
	keys := codes(b.createApp(t, "acmeapp"))
	registerUser(t, b, keys, "u1", map[string]any{})
	h.Clock.Advance(4 * 24 * time.Hour)
	b.signin(t, "owner@acme.test")
	csrf := csrfOf(t, b.get(t, "/console/apps/acmeapp/settings"))
	wantRedirect(t, "delete", b.post(t, "/console/apps/acmeapp/delete", csrf, url.Values{"confirm": {"on"}}),
		http.StatusSeeOther, "/console/apps/acmeapp/settings")
	if log := b.get(t, "/console/org/events").Body; strings.Contains(log, "Application acmeapp deleted") {
		t.Fatal("a scheduled deletion is logged as done")
	}
	h.Clock.Advance(32 * 24 * time.Hour)
	if r := h.Do(t, http.MethodDelete, "/admin/apps/acmeapp", apitest.Management(), nil); r.Status != http.StatusOK {
		t.Fatalf("the job's delete: %d %s", r.Status, r.Body)
	}
	b.signin(t, "owner@acme.test")
	if log := b.get(t, "/console/org/events").Body; !strings.Contains(log, "Application acmeapp deleted: its scheduled deletion was carried out.") {
		t.Errorf("the organization log lacks the carried-out deletion: %.1500s", log)
	}
	other.signin(t, "owner@other.test")
	if log := other.get(t, "/console/org/events").Body; strings.Contains(log, "acmeapp") {
		t.Error("another organization's log shows the deletion")
	}
}

func TestDeletion_NewAppIsDeletedAtOnce(t *testing.T) {
	h := newHarness(t)
	b := owner(t, h, "Acme", "owner@acme.test")
	b.createApp(t, "acmeapp")
	csrf := csrfOf(t, b.get(t, "/console/apps/acmeapp/settings"))
	if p := b.post(t, "/console/apps/acmeapp/delete", csrf, url.Values{"confirm": {"on"}}); p.Status != http.StatusOK || !strings.Contains(p.Body, "has been deleted") {
		t.Fatalf("delete: %d %.300s", p.Status, p.Body)
	}
	if app, err := h.Server.Tenants.App(t.Context(), "acmeapp"); err != nil || app != nil {
		t.Errorf("app after deletion: %+v %v", app, err)
	}
	if p := b.get(t, "/console/apps"); strings.Contains(p.Body, "acmeapp") {
		t.Error("the deleted app is still listed")
	}
}

func TestPurposes_CreateEditDeleteAudited(t *testing.T) {
	h := newHarness(t)
	b := owner(t, h, "Acme", "owner@acme.test")
	b.createApp(t, "acmeapp")
	base := "/console/apps/acmeapp/purposes"
	csrf := csrfOf(t, b.get(t, base))
	wantRedirect(t, "create", b.post(t, base, csrf, url.Values{"purpose": {"payment"}, "userVerification": {"required"},
		"timeToLive": {"00:05:00"}, "hint": {"security-key", "hybrid"}}), http.StatusSeeOther, base)
	if p := b.get(t, base); !strings.Contains(p.Body, ">payment</a>") || !strings.Contains(p.Body, "00:05:00") ||
		!strings.Contains(p.Body, "SecurityKey, Hybrid") {
		t.Errorf("purposes page: %.1200s", p.Body)
	}
	if p := b.post(t, base, csrf, url.Values{"purpose": {"payment"}, "timeToLive": {"00:05:00"}}); p.Status != http.StatusBadRequest ||
		!strings.Contains(p.Body, "already exists") {
		t.Errorf("duplicate purpose: %d", p.Status)
	}
	if p := b.post(t, base, csrf, url.Values{"purpose": {"bad purpose"}, "timeToLive": {"00:05:00"}}); p.Status != http.StatusBadRequest ||
		!strings.Contains(p.Body, `value="bad purpose"`) {
		t.Errorf("invalid purpose not shown again: %d", p.Status)
	}
	edit := b.get(t, base+"/payment")
	if !strings.Contains(edit.Body, `value="required" selected`) || !strings.Contains(edit.Body, `value="hybrid" checked`) {
		t.Errorf("edit page: %.1200s", edit.Body)
	}
	wantRedirect(t, "edit", b.post(t, base+"/payment", csrf, url.Values{"userVerification": {"discouraged"}, "timeToLive": {"00:01:30"}}),
		http.StatusSeeOther, base)
	configs, err := h.Server.Passkeys.AuthConfigs(t.Context(), "acmeapp", ptr("payment"))
	if err != nil || len(configs) != 1 || configs[0].UserVerification != "discouraged" || configs[0].TimeToLive != 90*time.Second ||
		configs[0].EditedBy == nil || *configs[0].EditedBy != "owner@acme.test" {
		t.Errorf("payment after edit: %+v %v", configs, err)
	}
	if p := b.post(t, base+"/sign-in/delete", csrf, url.Values{"confirm": {"yes"}}); p.Status != http.StatusBadRequest || !strings.Contains(p.Body, "cannot be deleted") {
		t.Errorf("deleting a preset: %d", p.Status)
	}
	wantRedirect(t, "delete", b.post(t, base+"/payment/delete", csrf, url.Values{"confirm": {"yes"}}), http.StatusSeeOther, base)
	if p := b.get(t, base+"/payment"); p.Status == http.StatusOK {
		t.Error("the deleted purpose's page is still there")
	}
	wantEventsBy(t, h, "acmeapp", "owner@acme.test", events.APIAuthenticationConfigurationCreated,
		events.APIAuthenticationConfigurationUpdated, events.APIAuthenticationConfigurationDeleted)
}

func ptr[T any](v T) *T { return &v }
