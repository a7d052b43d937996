package api_test

import (
	"strings"
	"testing"

	"passwordless/api/apitest"
)

type apiKeyItem struct {
	ID       string   `json:"id"`
	APIKey   string   `json:"apiKey"`
	Type     int      `json:"type"`
	Scopes   []string `json:"scopes"`
	IsLocked bool     `json:"isLocked"`
}

// TestManagement_AppLifecycle follows upstream's AppTests through the real
// router: availability, create, features, keys, lock, delete.
func TestManagement_AppLifecycle(t *testing.T) {
	h := apitest.New(t, apitest.Options{})
	m := apitest.Management()

	for _, bad := range []string{"a", "1", "Upper", strings.Repeat("a", 63)} {
		if resp := h.Do(t, "POST", "/admin/apps/"+bad+"/create", m, map[string]any{}); resp.Status != 400 || resp.Code() != "validation_failed" {
			t.Errorf("create %q = %d %s, want 400 validation_failed", bad, resp.Status, resp.Body)
		}
	}
	var avail struct{ Available bool }
	h.Do(t, "GET", "/admin/apps/anders/available", m, nil).JSON(t, &avail)
	if !avail.Available {
		t.Errorf("anders not available before creation")
	}
	app := h.CreateApp(t, "anders", nil)
	for _, k := range []string{app.APIKey1, app.APIKey2} {
		if !strings.HasPrefix(k, "anders:public:") || len(k) != len("anders:public:")+32 {
			t.Errorf("public key %q", k)
		}
	}
	for _, k := range []string{app.APISecret1, app.APISecret2} {
		if !strings.HasPrefix(k, "anders:secret:") || len(k) != len("anders:secret:")+32 {
			t.Errorf("secret %q", k)
		}
	}
	h.Do(t, "GET", "/admin/apps/anders/available", m, nil).JSON(t, &avail)
	if avail.Available {
		t.Errorf("anders still available after creation")
	}
	if resp := h.Do(t, "POST", "/admin/apps/anders/create", m, map[string]any{}); resp.Status != 409 || resp.Code() != "app_id_unavailable" {
		t.Errorf("second create = %d %s", resp.Status, resp.Body)
	}

	t.Run("features", func(t *testing.T) {
		var f map[string]any
		h.Do(t, "GET", "/admin/apps/anders/features", m, nil).JSON(t, &f)
		if f["eventLoggingIsEnabled"] != false || f["eventLoggingRetentionPeriod"] != float64(365) ||
			f["developerLoggingEndsAt"] != nil || f["isGenerateSignInTokenEndpointEnabled"] != true || f["isMagicLinksEnabled"] != true {
			t.Errorf("new app features = %v", f)
		}
		h.SetFeatures(t, "anders", map[string]any{"eventLoggingIsEnabled": true, "eventLoggingRetentionPeriod": 30, "maxUsers": 5})
		h.Do(t, "GET", "/admin/apps/anders/features", m, nil).JSON(t, &f)
		if f["eventLoggingIsEnabled"] != true || f["eventLoggingRetentionPeriod"] != float64(30) || f["maxUsers"] != float64(5) {
			t.Errorf("after set = %v", f)
		}
		for _, r := range []int{-1, 91} {
			resp := h.Do(t, "POST", "/admin/apps/anders/features", m, map[string]any{"eventLoggingRetentionPeriod": r})
			if resp.Status != 400 || resp.Code() != "validation_failed" {
				t.Errorf("retention %d = %d %s", r, resp.Status, resp.Body)
			}
		}
	})

	t.Run("keys", func(t *testing.T) {
		var keys []apiKeyItem
		h.Do(t, "GET", "/admin/apps/anders/api-keys", m, nil).JSON(t, &keys)
		if len(keys) != 4 || countType(keys, 1) != 2 || countType(keys, 2) != 2 {
			t.Fatalf("new app keys = %+v", keys)
		}
		for _, k := range keys {
			if k.Type == 2 && k.APIKey != "anders:secret:"+strings.Repeat("*", 28)+k.ID {
				t.Errorf("secret not masked: %q", k.APIKey)
			}
		}
		var created struct{ APIKey string }
		h.Do(t, "POST", "/admin/apps/anders/public-keys", m, map[string]any{"scopes": []int{1, 0}}).JSON(t, &created)
		h.Do(t, "GET", "/admin/apps/anders/api-keys", m, nil).JSON(t, &keys)
		if !hasKey(keys, created.APIKey) {
			t.Errorf("new public key %q not listed in full", created.APIKey)
		}
		id := created.APIKey[len(created.APIKey)-4:]
		if resp := h.Do(t, "DELETE", "/admin/apps/anders/api-keys/"+id, m, nil); resp.Status != 204 {
			t.Errorf("delete key = %d", resp.Status)
		}
		h.Do(t, "GET", "/admin/apps/anders/api-keys", m, nil).JSON(t, &keys)
		if hasKey(keys, created.APIKey) {
			t.Errorf("deleted key still listed")
		}
		for _, path := range []string{"/admin/apps/anders/api-keys/zzzz/lock", "/admin/apps/anders/api-keys/zzzz/unlock"} {
			if resp := h.Do(t, "POST", path, m, nil); resp.Status != 404 || resp.Code() != "api_key_not_found" {
				t.Errorf("%s = %d %s", path, resp.Status, resp.Body)
			}
		}
	})

	t.Run("freeze locks every key, unfreeze restores", func(t *testing.T) {
		h.Do(t, "POST", "/admin/apps/anders/freeze", m, nil)
		resp := h.Do(t, "GET", "/users/count", app.Secret(), nil)
		if resp.Status != 403 || resp.Code() != "api_key_locked" {
			t.Errorf("frozen app = %d %s", resp.Status, resp.Body)
		}
		h.Do(t, "POST", "/admin/apps/anders/unfreeze", m, nil)
		if resp := h.Do(t, "GET", "/users/count", app.Secret(), nil); resp.Status == 403 || resp.Status == 401 {
			t.Errorf("unfrozen app = %d %s", resp.Status, resp.Body)
		}
	})

	t.Run("deletion of a young app is immediate", func(t *testing.T) {
		var ok bool
		h.Do(t, "GET", "/admin/apps/anders/can-delete-immediately", m, nil).JSON(t, &ok)
		if !ok {
			t.Errorf("young app cannot be deleted immediately")
		}
		var d struct {
			IsDeleted   bool
			AdminEmails []string
		}
		h.Do(t, "POST", "/admin/apps/anders/mark-delete", m, map[string]any{"deletedBy": "a@b.c"}).JSON(t, &d)
		if !d.IsDeleted || len(d.AdminEmails) != 1 {
			t.Errorf("mark-delete = %+v", d)
		}
		if resp := h.Do(t, "GET", "/users/count", app.Secret(), nil); resp.Status != 401 {
			t.Errorf("deleted app's secret = %d", resp.Status)
		}
		if resp := h.Do(t, "DELETE", "/admin/apps/anders", m, nil); resp.Code() != "app_not_found" {
			t.Errorf("DELETE deleted app = %d %s", resp.Status, resp.Body)
		}
		var pending []string
		h.Do(t, "GET", "/apps/list-pending-deletion", m, nil).JSON(t, &pending)
		if len(pending) != 0 {
			t.Errorf("pending = %v", pending)
		}
	})
}

func countType(keys []apiKeyItem, typ int) int {
	n := 0
	for _, k := range keys {
		if k.Type == typ {
			n++
		}
	}
	return n
}

func hasKey(keys []apiKeyItem, value string) bool {
	for _, k := range keys {
		if k.APIKey == value {
			return true
		}
	}
	return false
}
