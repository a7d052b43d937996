package console_test

import (
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"passwordless/api/apitest"
	"passwordless/diagnostics"
	"passwordless/events"
	"passwordless/server"
	"passwordless/tenants"
)

// appFeatures is a comparable summary of an app's settings.
func appFeatures(t *testing.T, h *apitest.Harness, id string) string {
	t.Helper()
	app, err := h.Server.Tenants.App(t.Context(), id)
	if err != nil || app == nil {
		t.Fatalf("app %s: %+v %v", id, app, err)
	}
	f := app.Features
	n := func(p *int64) string {
		if p == nil {
			return "-"
		}
		return fmt.Sprint(*p)
	}
	return fmt.Sprintf("magic %v token %v prompt %d/%d origins %v logging %v users %s creds %s attestation %v mailQuota %d deleteAt %v",
		f.MagicLinksEnabled, f.GenerateSignInTokenEnabled, f.PasskeyPromptSkipSignIns, f.PasskeyPromptSkipDays, f.AllowedOrigins,
		f.EventLoggingEnabled, n(f.MaxUsers), n(f.MaxCredentialsPerUser), f.AllowAttestation, f.MagicLinkEmailMonthlyQuota, app.DeleteAt)
}

// wantEventsBy checks that app's event log has an event of each type
// performed by the admin.
func wantEventsBy(t *testing.T, h *apitest.Harness, app, admin string, types ...events.Type) {
	t.Helper()
	log, err := h.Server.EventLog.List(t.Context(), app, 1, 200)
	if err != nil {
		t.Fatal(err)
	}
	by := map[events.Type]bool{}
	for _, e := range log.Events {
		if e.PerformedBy == admin {
			by[e.Type] = true
		}
	}
	for _, typ := range types {
		if !by[typ] {
			t.Errorf("no %v event by %s in %s's log", typ, admin, app)
		}
	}
}

func TestAuthenticators_BrowseListAndDelistAudited(t *testing.T) {
	h := apitest.New(t, apitest.Options{Configure: func(c *server.Config) {
		c.PublicURL, c.MetadataPath = origin, "../authenticators/testdata/mds.json"
	}})
	b := owner(t, h, "Acme", "owner@acme.test")
	b.createApp(t, "acmeapp")
	base := "/console/apps/acmeapp/authenticators"
	p := b.get(t, base+"?q=ZETA")
	if !strings.Contains(p.Body, "Zeta Security Key") || strings.Contains(p.Body, "Alpha Platform") || !strings.Contains(p.Body, "plan does not include attestation") {
		t.Errorf("search for zeta: %.1500s", p.Body)
	}
	csrf := csrfOf(t, p)
	if p := b.post(t, base, csrf, url.Values{"aaguid": {zetaKey}, "list": {"allow"}}); p.Status != http.StatusForbidden ||
		!strings.Contains(p.Body, "not supported on your plan") {
		t.Errorf("listing without attestation in the plan: %d", p.Status)
	}
	if err := h.Server.Tenants.SetPlan(t.Context(), "acmeapp", tenants.Plan{EventLoggingEnabled: true, AllowAttestation: true}); err != nil {
		t.Fatal(err)
	}
	wantRedirect(t, "allow", b.post(t, base, csrf, url.Values{"aaguid": {zetaKey}, "list": {"allow"}}), http.StatusSeeOther, base)
	for _, bad := range []string{"00000000-0000-0000-0000-0000000000ff", "not-an-aaguid", ""} {
		if p := b.post(t, base, csrf, url.Values{"aaguid": {bad}, "list": {"deny"}}); p.Status != http.StatusBadRequest || !strings.Contains(p.Body, `role="alert"`) {
			t.Errorf("AAGUID %q: %d", bad, p.Status)
		}
	}
	allowed, err := h.Server.Authenticators.List(t.Context(), "acmeapp", true)
	if err != nil || len(allowed) != 1 || allowed[0].AAGUID.String() != zetaKey {
		t.Errorf("allow list: %+v %v", allowed, err)
	}
	if p := b.get(t, base); !strings.Contains(p.Body, `id="allow-list"`) || !strings.Contains(p.Body, "Remove Zeta Security Key") {
		t.Errorf("page with the allow list: %.1500s", p.Body)
	}
	wantRedirect(t, "remove", b.post(t, base+"/"+zetaKey+"/delete", csrf, url.Values{"confirm": {"yes"}}), http.StatusSeeOther, base)
	if allowed, _ := h.Server.Authenticators.List(t.Context(), "acmeapp", true); len(allowed) != 0 {
		t.Errorf("allow list after removal: %+v", allowed)
	}
	wantEventsBy(t, h, "acmeapp", "owner@acme.test", events.APIAuthenticatorsAllowlisted, events.APIAuthenticatorsDelisted)
}

func TestEvents_FilteredByTypeTimeAndUser(t *testing.T) {
	h := newHarness(t)
	b := owner(t, h, "Acme", "owner@acme.test")
	keys := codes(b.createApp(t, "acmeapp"))
	registerUser(t, b, keys, "u1", map[string]any{})
	base := "/console/apps/acmeapp/events"
	for _, tc := range []struct {
		name, query string
		want, not   []string
	}{
		{"by type", "?type=1202", []string{"ApiManagementAppCreated"}, []string{"ApiAuthUserRegistered"}},
		{"by user", "?user=u1", []string{"ApiAuthUserRegistered"}, []string{"ApiManagementAppCreated"}},
		{"by admin", "?user=owner%40acme.test", []string{"ApiManagementAppCreated"}, []string{"ApiAuthUserRegistered"}},
		{"by day", "?from=2026-01-02&to=2026-01-02", []string{"ApiManagementAppCreated", "ApiAuthUserRegistered"}, nil},
		{"before any", "?to=2026-01-01", []string{"No events match"}, []string{"ApiManagementAppCreated"}},
		{"after all", "?from=2026-01-03", []string{"No events match"}, []string{"ApiManagementAppCreated"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			p := b.get(t, base+tc.query)
			if p.Status != http.StatusOK {
				t.Fatalf("%d", p.Status)
			}
			table := p.Body[strings.Index(p.Body, `class="filters"`):]
			table = table[strings.Index(table, "</form>"):]
			for _, w := range tc.want {
				if !strings.Contains(table, w) {
					t.Errorf("lacks %s", w)
				}
			}
			for _, n := range tc.not {
				if strings.Contains(table, n) {
					t.Errorf("shows %s", n)
				}
			}
		})
	}
	for _, q := range []string{"?type=abc", "?type=99999", "?from=yesterday"} {
		if p := b.get(t, base+q); p.Status != http.StatusBadRequest || !strings.Contains(p.Body, "yyyy-mm-dd") {
			t.Errorf("%s: %d", q, p.Status)
		}
	}
	other := owner(t, h, "Other", "owner@other.test")
	if p := other.get(t, base+"?user=u1"); p.Status != http.StatusNotFound {
		t.Errorf("another organization's filtered log: %d", p.Status)
	}
}

func TestReports_ChartsWithTextAlternatives(t *testing.T) {
	h := newHarness(t)
	b := owner(t, h, "Acme", "owner@acme.test")
	keys := codes(b.createApp(t, "acmeapp"))
	registerUser(t, b, keys, "u1", map[string]any{})
	if _, err := h.Server.Reports.Snapshot(t.Context()); err != nil {
		t.Fatal(err)
	}
	p := b.get(t, "/console/apps/acmeapp/reports")
	for _, want := range []string{`<svg id="chart-credentials" role="img" aria-labelledby="chart-credentials-title chart-credentials-desc"`,
		"<title id=\"chart-active-title\">Active users</title>", `<g class="line s0"><polyline fill="none"`, `<th scope="row">2026-01-02</th><td>1</td><td>1</td>`} {
		if !strings.Contains(p.Body, want) {
			t.Errorf("reports page lacks %s: %.3000s", want, p.Body)
		}
	}
	if strings.Contains(p.Body, "<script") && !strings.Contains(p.Body, `<script src="/console/assets/console.js" defer></script>`) {
		t.Error("the reports page has a script of its own")
	}
	if p := b.get(t, "/console/apps/acmeapp/reports?from=2026-02-01&to=2026-01-01"); p.Status != http.StatusBadRequest {
		t.Errorf("a reversed period: %d", p.Status)
	}
}

func TestHealth_FunnelByErrorCodeAndPlatform(t *testing.T) {
	h := newHarness(t)
	b := owner(t, h, "Acme", "owner@acme.test")
	b.createApp(t, "acmeapp")
	for _, e := range []map[string]any{{"name": "NotAllowedError"}, {"name": "NotAllowedError"}, {"name": "InvalidStateError"}} {
		if _, err := h.Server.Diagnostics.Report(t.Context(), "acmeapp", diagnostics.Input{Ceremony: "register", Error: e}); err != nil {
			t.Fatal(err)
		}
	}
	h.Server.Diagnostics.CountCeremony(t.Context(), "acmeapp", "register", true)
	p := b.get(t, "/console/apps/acmeapp/health")
	if p.Status != http.StatusOK || !strings.Contains(p.Body, "<h2>register</h2>") || !strings.Contains(p.Body, "3 failed") ||
		!strings.Contains(p.Body, `data-label="Failures">2</td>`) || !strings.Contains(p.Body, `<desc id="funnel-register-desc">`) {
		t.Errorf("health page: %.3000s", p.Body)
	}
	other := owner(t, h, "Other", "owner@other.test")
	other.createApp(t, "otherapp")
	if p := other.get(t, "/console/apps/otherapp/health"); strings.Contains(p.Body, "<h2>register</h2>") {
		t.Error("another organization's app shows acmeapp's failures")
	}
}

func TestGetStarted_SnippetsCarryKeysButNeverTheSecretAgain(t *testing.T) {
	h := newHarness(t)
	b := owner(t, h, "Acme", "owner@acme.test")
	created := b.createApp(t, "acmeapp")
	keys := codes(created)
	for _, id := range []string{"snippet-node", "snippet-dotnet"} {
		if !strings.Contains(keys[id], keys["api-secret-1"]) || !strings.Contains(keys[id], origin) {
			t.Errorf("%s on the created page lacks the secret or the API URL: %s", id, keys[id])
		}
	}
	later := b.get(t, "/console/apps/acmeapp/get-started")
	snippets := codes(later)
	hasPublic := strings.Contains(snippets["snippet-browser"], keys["api-key-1"]) || strings.Contains(snippets["snippet-browser"], keys["api-key-2"])
	if !hasPublic || !strings.Contains(snippets["snippet-browser"], "apiUrl: '"+origin+"'") {
		t.Errorf("browser snippet: %s", snippets["snippet-browser"])
	}
	if strings.Contains(later.Body, keys["api-secret-1"]) || strings.Contains(later.Body, keys["api-secret-2"]) ||
		!strings.Contains(snippets["snippet-node"], "process.env.PASSWORDLESS_API_SECRET") {
		t.Error("the get-started page shows a secret again")
	}
	for _, p := range []page{created, later} {
		if !strings.Contains(p.Body, `<script src="/console/assets/copy.js" defer></script>`) || !strings.Contains(p.Body, `class="copy" data-copy="snippet-node" hidden`) {
			t.Error("no hidden copy button with its script")
		}
		if strings.Contains(p.Body, " onclick=") || strings.Contains(p.Body, " style=") {
			t.Error("inline handler or style")
		}
	}
}

// A model the community provider list names (Windows Hello) is named on
// the authenticators page's lists, with or without a metadata file.
func TestAuthenticators_ListNamesWindowsHello(t *testing.T) {
	const windowsHello = "08987058-cadc-4b81-b6e1-30de50dcbe96"
	h := newHarness(t) // no metadata file: any well-formed AAGUID may be listed
	b := owner(t, h, "Acme", "owner@acme.test")
	b.createApp(t, "acmeapp")
	if err := h.Server.Tenants.SetPlan(t.Context(), "acmeapp", tenants.Plan{EventLoggingEnabled: true, AllowAttestation: true}); err != nil {
		t.Fatal(err)
	}
	base := "/console/apps/acmeapp/authenticators"
	wantRedirect(t, "deny Windows Hello", b.post(t, base, csrfOf(t, b.get(t, base)),
		url.Values{"aaguid": {windowsHello}, "list": {"deny"}}), http.StatusSeeOther, base)
	p := b.get(t, base)
	if !strings.Contains(p.Body, `data-label="Authenticator">Windows Hello</td>`) || strings.Contains(p.Body, "Unknown model") {
		t.Errorf("the deny list does not name Windows Hello: %.1500s", p.Body)
	}
}
