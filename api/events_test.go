package api_test

import (
	"fmt"
	"net/http"
	"sort"
	"testing"
	"time"

	"passwordless/api/apitest"
	"passwordless/passkeys/passkeystest"
)

type eventItem struct {
	PerformedAt time.Time `json:"performedAt"`
	Message     string    `json:"message"`
	PerformedBy string    `json:"performedBy"`
	TenantID    string    `json:"tenantId"`
	EventType   string    `json:"eventType"`
	Severity    string    `json:"severity"`
	Subject     string    `json:"subject"`
	APIKeyID    string    `json:"apiKeyId"`
}

type eventsPage struct {
	TenantID        string      `json:"tenantId"`
	TotalEventCount int         `json:"totalEventCount"`
	Events          []eventItem `json:"events"`
}

// loggedApp creates an application with event logging, attestation and a
// magic-link quota, and a browser for it.
func loggedApp(t *testing.T, h *apitest.Harness, id string) *browser {
	t.Helper()
	app := h.CreateApp(t, id, map[string]any{"adminEmail": "admin@example.com", "eventLoggingIsEnabled": true,
		"eventLoggingRetentionPeriod": 30, "allowAttestation": true, "magicLinkEmailMonthlyQuota": 100})
	return &browser{h: h, app: app, auth: passkeystest.New(passkeystest.EdDSA, passkeystest.AttestationNone)}
}

func readEvents(t *testing.T, h *apitest.Harness, headers apitest.H, query string) eventsPage {
	t.Helper()
	resp := h.Do(t, http.MethodGet, "/events"+query, headers, nil)
	if resp.Status != http.StatusOK {
		t.Fatalf("GET /events%s: %d %s", query, resp.Status, resp.Body)
	}
	var p eventsPage
	resp.JSON(t, &p)
	return p
}

// must sends a request and wants the status.
func must(t *testing.T, h *apitest.Harness, status int, method, path string, headers apitest.H, body any) *apitest.Response {
	t.Helper()
	resp := h.Do(t, method, path, headers, body)
	if resp.Status != status {
		t.Fatalf("%s %s: %d %s, want %d", method, path, resp.Status, resp.Body, status)
	}
	return resp
}

// TestEvents_EveryEventTheAPIWritesIsInTheLog runs every endpoint that
// writes an event, the management ones and rejected keys included, and
// finds each event type in GET /events.
func TestEvents_EveryEventTheAPIWritesIsInTheLog(t *testing.T) {
	h := apitest.New(t, apitest.Options{})
	b := loggedApp(t, h, "eventful")
	app, s := b.app, b.app.Secret()
	writeKeyEvents(t, h)
	writeSettingsEvents(t, h, s)
	writePasskeyEvents(t, b)
	writeResourceEvents(t, h, s)
	writeLifecycleEvents(t, h)

	page := readEvents(t, h, s, "?pageNumber=1&numberOfResults=1000")
	seen := map[string]eventItem{}
	for _, e := range page.Events {
		if e.TenantID != "eventful" {
			t.Errorf("event of tenant %q in eventful's log", e.TenantID)
		}
		if _, ok := seen[e.EventType]; !ok {
			seen[e.EventType] = e // the newest of its type
		}
	}
	want := []string{
		"ApiManagementAppCreated", "AdminApiKeysEnumerated", "AdminApiKeyCreated", "AdminApiKeyLocked",
		"ApiAuthDisabledSecretKeyUsed", "AdminApiKeyUnlocked", "AdminApiKeyDeleted", "ApiAuthDisabledPublicKeyUsed",
		"ApiAuthInvalidPublicKeyUsed", "ApiAuthInvalidSecretKeyUsed",
		"AdminGenerateSignInTokenEndpointEnabled", "AdminGenerateSignInTokenEndpointDisabled",
		"AdminMagicLinksEnabled", "AdminMagicLinksDisabled",
		"ApiAuthUserRegistered", "ApiAuthPasskeyRegistrationBegan", "ApiAuthPasskeyRegistrationCompleted",
		"ApiUserSetAliases", "ApiUserSignInBegan", "ApiUserSignInCompleted", "ApiUserSignInVerified",
		"ApiUserSigninTokenCreated", "ApiUserDeleteCredential", "ApiUserDeleted",
		"ApiAuthenticationConfigurationCreated", "ApiAuthenticationConfigurationUpdated", "ApiAuthenticationConfigurationDeleted",
		"ApiAuthenticatorsAllowlisted", "ApiAuthenticatorsDelisted", "ApiUserMagicLinkCreated",
		"ApiManagementAppFrozen", "ApiManagementAppUnfrozen", "ApiManagementAppMarkedForDeletion", "ApiManagementAppDeletionCancelled",
	}
	for _, typ := range want {
		if _, ok := seen[typ]; !ok {
			t.Errorf("no %s event in the log", typ)
		}
	}
	if page.TotalEventCount != len(page.Events) || page.TenantID != "eventful" {
		t.Errorf("page tenant %q total %d with %d events", page.TenantID, page.TotalEventCount, len(page.Events))
	}
	for _, typ := range []string{"AdminMagicLinksEnabled", "AdminGenerateSignInTokenEndpointDisabled"} {
		if e := seen[typ]; e.PerformedBy != "a_user" || e.APIKeyID != app.APISecret1[len(app.APISecret1)-4:] {
			t.Errorf("%s performedBy %q apiKeyId %q, want a_user and the secret's id", typ, e.PerformedBy, e.APIKeyID)
		}
	}
	if e := seen["AdminGenerateSignInTokenEndpointEnabled"]; e.PerformedBy != "Api" {
		t.Errorf("toggle without performedBy logged as %q, want upstream's default Api", e.PerformedBy)
	}
	for _, typ := range []string{"ApiAuthInvalidPublicKeyUsed", "ApiAuthDisabledSecretKeyUsed"} {
		if e := seen[typ]; e.Severity != "Alert" {
			t.Errorf("%s severity %q, want Alert", typ, e.Severity)
		}
	}
	if e := seen["ApiUserDeleted"]; e.PerformedBy != "Unknown User" || e.Severity != "Informational" {
		t.Errorf("ApiUserDeleted performedBy %q severity %q, want Unknown User, Informational", e.PerformedBy, e.Severity)
	}
}

// writeKeyEvents manages keys and uses locked and invalid ones.
func writeKeyEvents(t *testing.T, h *apitest.Harness) {
	t.Helper()
	m, base := apitest.Management(), "/admin/apps/eventful"
	// Management: keys.
	must(t, h, 200, "GET", base+"/api-keys", m, nil)
	var created struct{ APIKey string }
	must(t, h, 200, "POST", base+"/secret-keys", m, map[string]any{"scopes": []int{0, 1}}).JSON(t, &created)
	secretID := created.APIKey[len(created.APIKey)-4:]
	must(t, h, 204, "POST", base+"/api-keys/"+secretID+"/lock", m, nil)
	h.Do(t, "GET", "/credentials/list?userId=x", apitest.H{"ApiSecret": created.APIKey}, nil)
	must(t, h, 204, "POST", base+"/api-keys/"+secretID+"/unlock", m, nil)
	must(t, h, 204, "DELETE", base+"/api-keys/"+secretID, m, nil)
	must(t, h, 200, "POST", base+"/public-keys", m, map[string]any{"scopes": []int{0, 1}}).JSON(t, &created)
	must(t, h, 204, "POST", base+"/api-keys/"+created.APIKey[len(created.APIKey)-4:]+"/lock", m, nil)
	h.Do(t, "POST", "/signin/begin", apitest.H{"ApiKey": created.APIKey}, map[string]any{"RPID": testRPID, "Origin": testOrigin})

	// Rejected keys of an existing application, logged although unauthenticated.
	h.Do(t, "POST", "/signin/begin", apitest.H{"ApiKey": "eventful:public:invalid-public-key"}, map[string]any{"RPID": testRPID, "Origin": testOrigin})
	h.Do(t, "GET", "/credentials/list?userId=x", apitest.H{"ApiSecret": "eventful:secret:invalid-secret-key"}, nil)
}

// writeSettingsEvents toggles the settings by a named user and by default.
func writeSettingsEvents(t *testing.T, h *apitest.Harness, s apitest.H) {
	t.Helper()
	// Settings toggles.
	for _, on := range []bool{true, false} {
		must(t, h, 204, "POST", "/apps/features", s, map[string]any{"performedBy": "a_user",
			"enableManuallyGeneratedAuthenticationTokens": on, "enableMagicLinks": !on})
	}
	must(t, h, 204, "POST", "/apps/features", s, map[string]any{"enableManuallyGeneratedAuthenticationTokens": true})
}

// writePasskeyEvents registers, signs in and deletes users and passkeys.
func writePasskeyEvents(t *testing.T, b *browser) {
	t.Helper()
	h, s := b.h, b.app.Secret()
	// Passkeys: register, alias, sign in, verify, generate, delete.
	b.register(t, "user-1", nil)
	must(t, h, 204, "POST", "/alias", s, map[string]any{"userId": "user-1", "aliases": []string{"one@example.com"}})
	b.verify(t, tokenOf(t, b.signin(t, map[string]any{"userId": "user-1"}), "verify_"))
	must(t, h, 200, "POST", "/signin/generate-token", s, map[string]any{"userId": "user-1"})
	b.register(t, "user-2", nil)
	var creds struct {
		Values []struct {
			Descriptor struct{ ID string } `json:"descriptor"`
		} `json:"values"`
	}
	must(t, h, 200, "GET", "/credentials/list?userId=user-2", s, nil).JSON(t, &creds)
	must(t, h, 204, "POST", "/credentials/delete", s, map[string]any{"credentialId": creds.Values[0].Descriptor.ID})
	must(t, h, 200, "POST", "/users/delete", s, map[string]any{"userId": "user-2"})
}

// writeResourceEvents manages purposes and authenticators and sends a
// magic link.
func writeResourceEvents(t *testing.T, h *apitest.Harness, s apitest.H) {
	t.Helper()
	// Purposes, authenticators, magic links.
	cfg := map[string]any{"purpose": "checkout", "performedBy": "a_user", "timeToLive": "00:03:00", "userVerificationRequirement": "required"}
	must(t, h, 201, "POST", "/auth-configs/add", s, cfg)
	must(t, h, 204, "POST", "/auth-configs", s, cfg)
	must(t, h, 204, "POST", "/auth-configs/delete", s, map[string]any{"purpose": "checkout", "performedBy": "a_user"})
	must(t, h, 204, "POST", "/authenticators/add", s, map[string]any{"aaGuids": []string{"973446CA-E21C-9A9B-99F5-9B985A67AF0F"}, "isAllowed": true})
	must(t, h, 204, "POST", "/authenticators/remove", s, map[string]any{"aaGuids": []string{"973446CA-E21C-9A9B-99F5-9B985A67AF0F"}})
	must(t, h, 204, "POST", "/magic-links/send", s, map[string]any{"emailAddress": "admin@example.com",
		"urlTemplate": "https://example.com/?t=$TOKEN", "userId": "user-1"})
}

// writeLifecycleEvents freezes the application and schedules its deletion:
// with passkeys and 4 days old, it is scheduled rather than deleted.
func writeLifecycleEvents(t *testing.T, h *apitest.Harness) {
	t.Helper()
	m, base := apitest.Management(), "/admin/apps/eventful"
	// Application lifecycle: an app with passkeys, 4 days old, is scheduled.
	must(t, h, 204, "POST", base+"/freeze", m, nil)
	must(t, h, 204, "POST", base+"/unfreeze", m, nil)
	h.Clock.Advance(4 * 24 * time.Hour)
	must(t, h, 200, "POST", base+"/mark-delete", m, map[string]any{"deletedBy": "owner@example.com"})
	must(t, h, 200, "POST", base+"/cancel-delete", m, nil)
}

func TestEvents_Paging(t *testing.T) {
	h := apitest.New(t, apitest.Options{})
	b := loggedApp(t, h, "pager")
	other := loggedApp(t, h, "quiet")
	for i := range 5 {
		h.Clock.Advance(time.Second)
		must(t, h, 200, "POST", "/users/delete", b.app.Secret(), map[string]any{"userId": fmt.Sprint("u", i)})
	}
	all := readEvents(t, h, b.app.Secret(), "?pageNumber=1")
	if all.TotalEventCount != 6 || len(all.Events) != 6 { // ApiManagementAppCreated + 5
		t.Fatalf("total %d, %d events; want 6", all.TotalEventCount, len(all.Events))
	}
	if !sort.SliceIsSorted(all.Events, func(i, j int) bool { return all.Events[i].PerformedAt.After(all.Events[j].PerformedAt) }) ||
		all.Events[0].Subject != "u4" {
		t.Errorf("events not newest first: first is %q", all.Events[0].Subject)
	}
	p2 := readEvents(t, h, b.app.Secret(), "?PageNumber=2&numberofresults=2")
	if len(p2.Events) != 2 || p2.Events[0].Subject != "u2" || p2.Events[1].Subject != "u1" || p2.TotalEventCount != 6 {
		t.Errorf("page 2 of 2 = %+v, want u2, u1 of 6", p2.Events)
	}
	if q := readEvents(t, h, other.app.Secret(), "?pageNumber=1"); q.TotalEventCount != 1 {
		t.Errorf("another app sees %d events, want only its own creation", q.TotalEventCount)
	}
}

func TestEvents_Refusals(t *testing.T) {
	h := apitest.New(t, apitest.Options{})
	b := loggedApp(t, h, "strict")
	for _, q := range []string{"", "?pageNumber=0", "?pageNumber=x", "?pageNumber=1&numberOfResults=0", "?pageNumber=1&numberOfResults=1001"} {
		wantProblem(t, h.Do(t, "GET", "/events"+q, b.app.Secret(), nil), 400, "validation_failed")
	}
	off := h.CreateApp(t, "unlogged", nil)
	must(t, h, 200, "POST", "/users/delete", off.Secret(), map[string]any{"userId": "u"})
	wantProblem(t, h.Do(t, "GET", "/events?pageNumber=1", off.Secret(), nil), 403, "event_logging_disabled")
	// Turning logging on later shows nothing from the time it was off.
	h.SetFeatures(t, "unlogged", map[string]any{"eventLoggingIsEnabled": true, "eventLoggingRetentionPeriod": 7})
	if p := readEvents(t, h, off.Secret(), "?pageNumber=1"); p.TotalEventCount != 0 {
		t.Errorf("%d events recorded while logging was off", p.TotalEventCount)
	}
}

func TestEvents_RetentionPurge(t *testing.T) {
	h := apitest.New(t, apitest.Options{})
	b := loggedApp(t, h, "keeper") // retention 30 days
	must(t, h, 200, "POST", "/users/delete", b.app.Secret(), map[string]any{"userId": "old"})
	h.Clock.Advance(31 * 24 * time.Hour)
	must(t, h, 200, "POST", "/users/delete", b.app.Secret(), map[string]any{"userId": "new"})
	if _, err := h.Server.EventLog.Purge(t.Context()); err != nil {
		t.Fatal(err)
	}
	p := readEvents(t, h, b.app.Secret(), "?pageNumber=1")
	if p.TotalEventCount != 1 || p.Events[0].Subject != "new" {
		t.Errorf("after the purge: %+v, want only the recent event", p.Events)
	}
}
