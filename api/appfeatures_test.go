package api_test

import (
	"net/http"
	"testing"

	"passwordless/api/apitest"
)

func TestAppFeatures_PartialUpdate(t *testing.T) {
	h := apitest.New(t, apitest.Options{})
	app := h.CreateApp(t, "settings", map[string]any{"adminEmail": "a@example.com", "eventLoggingIsEnabled": true, "eventLoggingRetentionPeriod": 30})
	features := func() map[string]any {
		t.Helper()
		var f map[string]any
		h.Do(t, http.MethodGet, "/admin/apps/settings/features", apitest.Management(), nil).JSON(t, &f)
		return f
	}
	tests := []struct {
		name string
		body map[string]any
		want map[string]any
	}{
		{"one toggle leaves the rest", map[string]any{"enableMagicLinks": false},
			map[string]any{"isMagicLinksEnabled": false, "isGenerateSignInTokenEndpointEnabled": true, "eventLoggingRetentionPeriod": float64(30)}},
		{"nulls keep their value", map[string]any{"enableMagicLinks": nil, "enableManuallyGeneratedAuthenticationTokens": false, "eventLoggingRetentionPeriod": nil},
			map[string]any{"isMagicLinksEnabled": false, "isGenerateSignInTokenEndpointEnabled": false, "eventLoggingRetentionPeriod": float64(30)}},
		{"retention and both toggles", map[string]any{"EventLoggingRetentionPeriod": 90, "enableMagicLinks": true, "enableManuallyGeneratedAuthenticationTokens": true},
			map[string]any{"isMagicLinksEnabled": true, "isGenerateSignInTokenEndpointEnabled": true, "eventLoggingRetentionPeriod": float64(90)}},
		{"an empty body changes nothing", map[string]any{},
			map[string]any{"isMagicLinksEnabled": true, "isGenerateSignInTokenEndpointEnabled": true, "eventLoggingRetentionPeriod": float64(90), "eventLoggingIsEnabled": true}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			must(t, h, http.StatusNoContent, http.MethodPost, "/apps/features", app.Secret(), tt.body)
			f := features()
			for k, v := range tt.want {
				if f[k] != v {
					t.Errorf("%s = %v, want %v", k, f[k], v)
				}
			}
		})
	}
	for _, r := range []int{-1, 91} {
		p := wantProblem(t, h.Do(t, http.MethodPost, "/apps/features", app.Secret(), map[string]any{"eventLoggingRetentionPeriod": r}), 400, "validation_failed")
		if errs, _ := p["errors"].(map[string]any); errs["eventLoggingRetentionPeriod"] == nil {
			t.Errorf("retention %d: errors %v lack eventLoggingRetentionPeriod", r, p["errors"])
		}
	}
	if f := features(); f["eventLoggingRetentionPeriod"] != float64(90) {
		t.Errorf("a refused update changed the retention to %v", f["eventLoggingRetentionPeriod"])
	}
}

func TestAppFeatures_GenerateTokenToggleTakesEffect(t *testing.T) {
	h := apitest.New(t, apitest.Options{})
	app := h.CreateApp(t, "toggles", nil)
	must(t, h, http.StatusNoContent, http.MethodPost, "/apps/features", app.Secret(), map[string]any{"enableManuallyGeneratedAuthenticationTokens": false})
	wantProblem(t, h.Do(t, http.MethodPost, "/signin/generate-token", app.Secret(), map[string]any{"userId": "u"}), 403, "generate_token_disabled")
	must(t, h, http.StatusNoContent, http.MethodPost, "/apps/features", app.Secret(), map[string]any{"enableManuallyGeneratedAuthenticationTokens": true})
	must(t, h, http.StatusOK, http.MethodPost, "/signin/generate-token", app.Secret(), map[string]any{"userId": "u"})
}

func TestAppFeatures_BlankPerformedByIsUnknownUser(t *testing.T) {
	h := apitest.New(t, apitest.Options{})
	b := loggedApp(t, h, "blankby")
	must(t, h, http.StatusNoContent, http.MethodPost, "/apps/features", b.app.Secret(), map[string]any{"performedBy": "", "enableMagicLinks": false})
	p := readEvents(t, h, b.app.Secret(), "?pageNumber=1&numberOfResults=1")
	if len(p.Events) != 1 || p.Events[0].EventType != "AdminMagicLinksDisabled" || p.Events[0].PerformedBy != "Unknown User" {
		t.Errorf("newest event %+v, want AdminMagicLinksDisabled by Unknown User", p.Events)
	}
}
